import { afterAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { addComment, createPost } from '$lib/server/posts';
import { fanOut } from '$lib/server/notifications';
import { startConversation } from '$lib/server/messages';
import { ensureProfile } from '$lib/server/profiles';
import { stopListening } from '$lib/server/notifications/live';
import * as list from './+server';
import * as read from './read/+server';
import * as stream from '../stream/+server';

const instance = useTestInstance();
const db = () => instance.db;
afterAll(stopListening);

async function settle() {
  while ((await fanOut(db())) > 0);
}

async function thread() {
  const author = await person(db(), 'Amélie Tremblay');
  const other = await person(db(), 'Omar Haddad');
  await ensureProfile(db(), author.id, author.name);
  await ensureProfile(db(), other.id, other.name);
  const created = await createCommunity(db(), author, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility: 'public', joinPolicy: 'open' });
  await joinCommunity(db(), other, created.slug);
  const { id: postId } = await createPost(db(), author, created.slug, { title: 'Accueillir', body: 'Comment faites-vous ?' });
  return { author, other, postId };
}

/** Opens the stream as `actor` and reads its events as they come. */
async function openStream(actor: Actor) {
  const controller = new AbortController();
  const url = new URL('http://localhost/api/v1/stream');
  const event = { request: new Request(url, { signal: controller.signal }), url, params: {}, locals: { user: actor, authVia: 'token', sessionId: null, locale: 'en' } } as unknown as RequestEvent;
  const response = await stream.GET(event as never);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  async function next(name = 'notifications'): Promise<{ unread: number }> {
    for (;;) {
      const match = buffer.match(new RegExp(`event: ${name}\ndata: (.*)\n\n`));
      if (match) {
        buffer = buffer.slice(buffer.indexOf(match[0]) + match[0].length);
        return JSON.parse(match[1]!);
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream closed');
      buffer += decoder.decode(value);
    }
  }
  return { response, next, close: () => controller.abort() };
}

describe('notifications API', () => {
  it('lists grouped notifications and marks one group or all read', async () => {
    const { author, other, postId } = await thread();
    await addComment(db(), other, postId, { body: 'Par un parrainage.' });
    await addComment(db(), other, postId, { body: 'Et un café.' });
    await settle();
    const listed = await call(list.GET, 'GET', '/notifications', { as: author });
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ unread: 2, more: false, groups: [{ kind: 'reply', count: 2, title: 'Accueillir', unread: true, actors: ['Omar Haddad'] }] });
    const marked = await call(read.POST, 'POST', '/notifications/read', { as: author, json: { id: listed.body.groups[0].id } });
    expect(marked.body).toEqual({ unread: 0 });
    expect((await call(read.POST, 'POST', '/notifications/read', { as: author, json: { all: true } })).body).toEqual({ unread: 0 });
    expect((await call(read.POST, 'POST', '/notifications/read', { as: author, json: { id: 'nope' } })).status).toBe(404);
    expect((await call(list.GET, 'GET', '/notifications', { as: null })).status).toBe(401);
  });

  it('streams the unread count when it opens and each time a notification arrives', async () => {
    const { author, other, postId } = await thread();
    const live = await openStream(author);
    expect(live.response.headers.get('content-type')).toContain('text/event-stream');
    expect(await live.next()).toEqual({ unread: 0 });
    await addComment(db(), other, postId, { body: 'Par un parrainage.' });
    await settle();
    expect(await live.next()).toEqual({ unread: 1 });
    await call(read.POST, 'POST', '/notifications/read', { as: author, json: { all: true } });
    expect(await live.next()).toEqual({ unread: 0 });
    // A private message arrives: the conversation count rises on the same stream.
    const handle = (await db().selectFrom('profiles').select('handle').where('user_id', '=', author.id).executeTakeFirstOrThrow()).handle;
    await startConversation(db(), other, { to: [handle], body: 'Bonjour !' });
    // Every change sends both counts: the messages count reaches 1 (earlier events said 0).
    let messages = await live.next('messages');
    while (messages.unread === 0) messages = await live.next('messages');
    expect(messages).toEqual({ unread: 1 });
    live.close();
    expect((await call(stream.GET, 'GET', '/stream', { as: null })).status).toBe(401);
  });
});

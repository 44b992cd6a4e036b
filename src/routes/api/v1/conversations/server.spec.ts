import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { conversationCardSchema, conversationViewSchema } from '$lib/server/api/messages';
import { pageOf } from '$lib/server/api/pagination';
import { translate } from '$lib/i18n';
import * as conversations from './+server';
import * as conversation from './[id]/+server';
import * as messages from './[id]/messages/+server';
import * as leave from './[id]/leave/+server';
import * as blocks from '../me/blocks/[handle]/+server';

const instance = useTestInstance();
const db = () => instance.db;

async function handleOf(actor: Actor): Promise<string> {
  return (await db().selectFrom('profiles').select('handle').where('user_id', '=', actor.id).executeTakeFirstOrThrow()).handle;
}

async function colleagues(...names: string[]): Promise<Actor[]> {
  const people = await Promise.all(names.map((name) => person(db(), name)));
  const community = await createCommunity(db(), people[0]!, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility: 'private', joinPolicy: 'open' });
  for (const member of people.slice(1)) await joinCommunity(db(), member, community.slug);
  return people;
}

const start = async (as: Actor, to: Actor[], body = 'Bonjour', subject?: string) =>
  call(conversations.POST, 'POST', '/conversations', { as, json: { to: await Promise.all(to.map(handleOf)), body, ...(subject ? { subject } : {}) } });

describe('/api/v1/conversations', () => {
  it('starts a conversation from the smallest body, lists it and reads it back', async () => {
    const [lea, bob] = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const created = await start(lea!, [bob!], 'Premier message');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String) });
    const { id } = created.body;

    const listed = await call(conversations.GET, 'GET', '/conversations', { as: bob! });
    expect(listed.status).toBe(200);
    expect(pageOf(conversationCardSchema.strict()).strict().parse(listed.body)).toMatchObject({
      items: [{ id, unread: true, excerpt: 'Premier message', others: [{ name: 'Léa Gagnon', me: false, left: false }] }],
      nextCursor: null
    });

    const read = await call(conversation.GET, 'GET', `/conversations/${id}`, { as: bob!, params: { id } });
    expect(read.status).toBe(200);
    expect(conversationViewSchema.strict().parse(read.body)).toMatchObject({ id, viewer: { canPost: true, leftAt: null } });
    expect(read.body.messages.items[0]).toMatchObject({ body: 'Premier message', bodyHtml: '<p>Premier message</p>\n', mine: false, author: { name: 'Léa Gagnon' } });
    // Reading it marked it read.
    expect((await call(conversations.GET, 'GET', '/conversations', { as: bob! })).body.items[0].unread).toBe(false);

    const replied = await call(messages.POST, 'POST', `/conversations/${id}/messages`, { as: bob!, params: { id }, json: { body: 'Réponse' } });
    expect(replied.status).toBe(201);
    expect(replied.body).toEqual({ id: expect.any(String) });
  });

  it('pages through messages, newest first, with an opaque cursor', async () => {
    const [lea, bob] = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const { id } = (await start(lea!, [bob!], 'Message 0')).body;
    for (let i = 1; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      await call(messages.POST, 'POST', `/conversations/${id}/messages`, { as: lea!, params: { id }, json: { body: `Message ${i}` } });
    }
    const first = await call(conversation.GET, 'GET', `/conversations/${id}`, { as: bob!, params: { id }, query: { limit: '3' } });
    expect(first.body.messages.items.map((m: { body: string }) => m.body)).toEqual(['Message 4', 'Message 3', 'Message 2']);
    const next = await call(conversation.GET, 'GET', `/conversations/${id}`, { as: bob!, params: { id }, query: { limit: '3', cursor: first.body.messages.nextCursor } });
    expect(next.body.messages).toMatchObject({ items: [{ body: 'Message 1' }, { body: 'Message 0' }], nextCursor: null });
  });

  it('answers 404 to outsiders, 403 to a member who left, 401 without an account', async () => {
    const [lea, bob, outsider] = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Zoé Dehors');
    const { id } = (await start(lea!, [bob!], 'CANARY-API')).body;
    expect((await call(conversation.GET, 'GET', `/conversations/${id}`, { as: outsider!, params: { id } })).status).toBe(404);
    const intrusion = await call(messages.POST, 'POST', `/conversations/${id}/messages`, { as: outsider!, params: { id }, json: {} });
    expect(intrusion.status).toBe(404);
    expect(intrusion.type).toBe('application/problem+json');
    expect((await call(leave.POST, 'POST', `/conversations/${id}/leave`, { as: outsider!, params: { id } })).status).toBe(404);
    expect((await call(conversations.GET, 'GET', '/conversations', {})).status).toBe(401);

    expect((await call(leave.POST, 'POST', `/conversations/${id}/leave`, { as: bob!, params: { id } })).status).toBe(204);
    const refused = await call(messages.POST, 'POST', `/conversations/${id}/messages`, { as: bob!, params: { id }, json: { body: 'Encore moi' } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe(translate('en', 'messages.errors.left'));
    expect((await call(conversation.GET, 'GET', `/conversations/${id}`, { as: bob!, params: { id } })).body.viewer.canPost).toBe(false);
  });

  it('refuses bad input field by field, and a blocked member without saying who blocked whom', async () => {
    const [lea, bob] = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const empty = await call(conversations.POST, 'POST', '/conversations', { as: lea!, json: { to: [], body: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([
      { path: 'to', message: translate('en', 'messages.errors.to_required') },
      { path: 'body', message: translate('en', 'messages.errors.body_required') }
    ]);
    const unknown = await call(conversations.POST, 'POST', '/conversations', { as: lea!, json: { to: ['@personne'], body: 'Allô' } });
    expect(unknown.body.errors).toEqual([{ path: 'to', message: translate('en', 'messages.errors.unknown_member') }]);

    const bobHandle = await handleOf(bob!);
    expect((await call(blocks.PUT, 'PUT', `/me/blocks/${bobHandle}`, { as: lea!, params: { handle: `@${bobHandle}` } })).status).toBe(204);
    for (const [from, to] of [[lea!, bob!], [bob!, lea!]] as const) {
      const refused = await start(from, [to]);
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toBe(translate('en', 'messages.errors.cannot_write'));
    }
    expect((await call(blocks.DELETE, 'DELETE', `/me/blocks/${bobHandle}`, { as: lea!, params: { handle: bobHandle } })).status).toBe(204);
    expect((await start(bob!, [lea!])).status).toBe(201);
    expect((await call(blocks.PUT, 'PUT', '/me/blocks/personne', { as: lea!, params: { handle: 'personne' } })).status).toBe(404);
  });
});

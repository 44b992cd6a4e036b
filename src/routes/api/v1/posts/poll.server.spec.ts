import { afterAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import { openEventStream } from '../../../../../tests/setup/sse';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, endMembership, joinCommunity } from '$lib/server/communities';
import { pollSchema } from '$lib/server/api/polls';
import { stopListening } from '$lib/server/notifications/live';
import { translate } from '$lib/i18n';
import * as posts from '../communities/[slug]/posts/+server';
import * as poll from './[id]/poll/+server';
import * as ballot from './[id]/poll/vote/+server';
import * as stream from './[id]/poll/stream/+server';
import * as many from '../polls/stream/+server';

const instance = useTestInstance();
const db = () => instance.db;
const day = 24 * 3600 * 1000;
afterAll(stopListening);

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Nadia Bouchard');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

const publish = (slug: string, as: Actor | null, pollInput: unknown) =>
  call(posts.POST, 'POST', `/communities/${slug}/posts`, { as, params: { slug }, json: { title: 'Quel jour ?', body: 'Votez', poll: pollInput } });
const read = (id: string, as: Actor | null) => call(poll.GET, 'GET', `/posts/${id}/poll`, { as, params: { id } });
const voteFor = (id: string, as: Actor | null, optionIds: string[]) => call(ballot.PUT, 'PUT', `/posts/${id}/poll/vote`, { as, params: { id }, json: { optionIds } });
const withdraw = (id: string, as: Actor | null) => call(ballot.DELETE, 'DELETE', `/posts/${id}/poll/vote`, { as, params: { id } });

/** Opens a poll's stream (or, with several ids, the page's stream) as `actor`; its polls are read as they come. */
async function openStream(id: string | string[], actor: Actor | null) {
  const opened = Array.isArray(id)
    ? await openEventStream(many.GET as never, actor, `/api/v1/polls/stream?posts=${id.join(',')}`)
    : await openEventStream(stream.GET as never, actor, `/api/v1/posts/${id}/poll/stream`, { id });
  return { ...opened, next: async () => pollSchema.strict().parse(await opened.next('poll')) };
}

describe('polls through the API', () => {
  it('publishes a poll with a publication, votes, changes the vote and takes it back', async () => {
    const [ana, bruno] = [await person(db(), 'Ana Sondeuse'), await person(db(), 'Bruno Votant')];
    const { slug } = await community('public', ana, bruno);
    const made = await publish(slug, ana, { options: ['Lundi', 'Mardi'], closesAt: Date.now() + day });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as string;

    const before = await read(id, bruno);
    expect(before.status).toBe(200);
    expect(pollSchema.strict().parse(before.body)).toMatchObject({ multiple: false, closed: false, resultsVisibility: 'after_vote', voterCount: null, myChoice: [], canVote: true, resultsVisible: false });
    const [monday, tuesday] = (before.body.options as { id: string; votes: null }[]).map((o) => o.id);
    expect(before.body.options.map((o: { votes: number | null }) => o.votes)).toEqual([null, null]);

    const voted = await voteFor(id, bruno, [monday!]);
    expect(voted.status, JSON.stringify(voted.body)).toBe(200);
    expect(voted.body).toMatchObject({ myChoice: [monday], voterCount: 1, resultsVisible: true });
    expect((await voteFor(id, bruno, [tuesday!])).body.options.map((o: { votes: number }) => o.votes)).toEqual([0, 1]);

    // Refusals are problems with translated details.
    const two = await voteFor(id, bruno, [monday!, tuesday!]);
    expect(two.status).toBe(400);
    expect(two.body.errors).toEqual([{ path: 'optionIds', message: translate('en', 'polls.errors.single_choice') }]);
    expect((await voteFor(id, bruno, [])).status).toBe(400);
    expect((await voteFor(id, null, [monday!])).status).toBe(401);

    const taken = await withdraw(id, bruno);
    expect(taken.body).toMatchObject({ myChoice: [], resultsVisible: false, voterCount: null });

    const badPoll = await publish(slug, ana, { options: ['Seul'] });
    expect(badPoll.status).toBe(400);
    expect(badPoll.body.errors[0]).toMatchObject({ path: 'poll.options', message: translate('en', 'polls.errors.too_few_options') });
  });

  it('refuses votes on a closed poll with its reason', async () => {
    const ana = await person(db(), 'Ana Close');
    const { slug } = await community('public', ana);
    const id = (await publish(slug, ana, { options: ['Oui', 'Non'], closesAt: Date.now() + day })).body.id as string;
    const [yes] = (await read(id, ana)).body.options.map((o: { id: string }) => o.id);
    await db().updateTable('polls').set({ closes_at: Date.now() - 1000 }).where('post_id', '=', id).execute();
    const refused = await voteFor(id, ana, [yes]);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe(translate('en', 'polls.errors.closed'));
    expect((await read(id, ana)).body).toMatchObject({ closed: true, canVote: false, resultsVisible: true, voterCount: 0 });
  });

  it('hides a private community’s poll from outsiders, its stream included', async () => {
    const ana = await person(db(), 'Ana Privée');
    const outsider = await person(db(), 'Odile Dehors');
    const { slug } = await community('private', ana);
    const id = (await publish(slug, ana, { options: ['Oui', 'Non'] })).body.id as string;
    expect((await read(id, outsider)).status).toBe(404);
    expect((await read(id, null)).status).toBe(404);
    expect((await voteFor(id, outsider, ['x'])).status).toBe(404);
    expect((await call(stream.GET, 'GET', `/posts/${id}/poll/stream`, { as: outsider, params: { id } })).status).toBe(404);
    expect((await call(stream.GET, 'GET', `/posts/${id}/poll/stream`, { as: null, params: { id } })).status).toBe(404);
    expect((await call(stream.GET, 'GET', `/posts/nexiste-pas/poll/stream`, { as: ana, params: { id: 'nexiste-pas' } })).status).toBe(404);
  });

  it('streams the counts when it opens and after every vote, each as its viewer may see them', async () => {
    const [ana, bruno] = [await person(db(), 'Ana Direct'), await person(db(), 'Bruno Direct')];
    const { slug, animator } = await community('public', ana, bruno);
    const id = (await publish(slug, ana, { options: ['Oui', 'Non'] })).body.id as string;
    const [yes, no] = (await read(id, ana)).body.options.map((o: { id: string }) => o.id);
    const watching = await openStream(id, animator);
    const visitor = await openStream(id, null);
    expect(watching.response.headers.get('content-type')).toContain('text/event-stream');
    expect((await watching.next()).voterCount).toBe(0);
    expect(await visitor.next()).toMatchObject({ resultsVisible: false, voterCount: null, canVote: false });

    await voteFor(id, bruno, [yes]);
    expect((await watching.next()).options.map((o) => o.votes)).toEqual([1, 0]);
    // A visitor has not voted: told that something changed, still without the counts.
    expect(await visitor.next()).toMatchObject({ resultsVisible: false, options: [{ votes: null }, { votes: null }] });
    await voteFor(id, ana, [no]);
    expect((await watching.next()).options.map((o) => o.votes)).toEqual([1, 1]);
    watching.close();
    visitor.close();
  });

  it('ends the stream of a member who lost access to the publication, sending them nothing more', async () => {
    const [ana, bruno] = [await person(db(), 'Ana Reste'), await person(db(), 'Bruno Part')];
    const { slug, animator } = await community('private', ana, bruno);
    const id = (await publish(slug, ana, { options: ['Oui', 'Non'] })).body.id as string;
    const [yes] = (await read(id, ana)).body.options.map((o: { id: string }) => o.id);
    const live = await openStream(id, bruno);
    expect((await live.next()).canVote).toBe(true);
    await endMembership(db(), animator, slug, bruno.id, 'removed');
    await voteFor(id, ana, [yes]);
    await expect(live.next()).rejects.toThrow('stream closed');
  });

  it('streams the polls of a page on one connection, leaving out those the caller may not read', async () => {
    const [ana, odile] = [await person(db(), 'Ana Fil'), await person(db(), 'Odile Fil')];
    const open = await community('public', ana, odile);
    const closed = await community('private', ana);
    const shown = (await publish(open.slug, ana, { options: ['Oui', 'Non'] })).body.id as string;
    const hidden = (await publish(closed.slug, ana, { options: ['Secret', 'Caché'] })).body.id as string;
    const plain = (await call(posts.POST, 'POST', `/communities/${open.slug}/posts`, { as: ana, params: { slug: open.slug }, json: { title: 'Sans vote', body: 'Rien à choisir' } })).body.id as string;
    const [yes] = (await read(shown, ana)).body.options.map((o: { id: string }) => o.id);
    const [secret] = (await read(hidden, ana)).body.options.map((o: { id: string }) => o.id);

    const live = await openStream([shown, hidden, plain, 'nexiste-pas'], odile);
    expect(await live.next()).toMatchObject({ postId: shown, canVote: true, resultsVisible: false });
    // A vote on the private poll says nothing to her; the next event is the public poll's.
    await voteFor(hidden, ana, [secret]);
    await voteFor(shown, odile, [yes]);
    expect(await live.next()).toMatchObject({ postId: shown, myChoice: [yes], voterCount: 1 });
    expect(live.pending()).not.toContain('Secret');
    live.close();

    // One to fifty publications.
    const refuse = async (ids: string) => {
      const url = new URL(`http://localhost/api/v1/polls/stream?posts=${ids}`);
      const response = await many.GET({ request: new Request(url), url, params: {}, locals: { user: ana, authVia: 'token', sessionId: null, locale: 'en' } } as never);
      return { status: response.status, body: await response.json() };
    };
    expect(await refuse('')).toMatchObject({ status: 400, body: { errors: [{ path: 'posts', message: translate('en', 'polls.errors.stream_size') }] } });
    expect((await refuse(Array.from({ length: 51 }, (_, i) => `p${i}`).join(','))).status).toBe(400);
  });
});

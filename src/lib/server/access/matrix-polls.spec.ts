// The authorisation matrix for polls in publications (issue 18, use 3), beside matrix-posts.spec.ts,
// in two parts:
//   - `pollRules`: what canOnPoll() must answer, written from the header of access/polls.ts and the
//     publication's rules it leans on (access/posts.ts), not from the code;
//   - every read and vote (API and domain) by every principal, on polls open, closed, locked and
//     deleted in public, private, hidden and archived communities, with a canary in each poll's
//     option: an unreadable poll answers as a missing one (404), a readable one refuses a vote with
//     403 and says why (closed, locked); a refusal changes no row.
// The feed's batch (pollsOf) decides each poll with canOnPoll, as pollView does; the matrix checks both the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { openEventStream } from '../../../../tests/setup/sse';
import { fakeActor, fakeCommunity, isMember, nowhere, runApi, runDomain, standing, visibilities, type Answer, type Place, type Someone } from '../../../../tests/setup/matrix';
import { translate, type MessageKey } from '../../i18n';
import type { Actor } from '../auth/actor';
import { newId, now } from '../ids';
import { addMemberByEmail, createCommunity, endMembership, setArchived } from '../communities';
import { createPost, deletePost, setLocked } from '../posts';
import type { Poll, PollResultsVisibility, Post } from '../db/schema';
import { pollView, pollsOf, vote, withdrawVote } from '../polls';
import { stopListening } from '../notifications/live';
import { canOnPoll, type PollAction, type PollRelation } from '.';
import * as pollApi from '../../../routes/api/v1/posts/[id]/poll/+server';
import * as voteApi from '../../../routes/api/v1/posts/[id]/poll/vote/+server';
import * as pollsStreamApi from '../../../routes/api/v1/polls/stream/+server';

const instance = useTestInstance();
const at = 1_000_000;
afterAll(stopListening);

// ---------------------------------------------------------------------------------------------
// 1. canOnPoll(): the rules as a table.

type Where = 'home' | 'other';
type Shape = {
  home: Place;
  other: Place | null;
  belongsTo: Where[];
  closed: boolean;
  locked: boolean;
  deleted: boolean;
  voted: boolean;
  results: PollResultsVisibility;
};

const admin = (p: Someone) => standing[p].account === 'admin';
const inIt = (p: Someone, s: Shape, where: Where) => s.belongsTo.includes(where) && isMember(p);
const placesOf = (s: Shape): [Where, Place][] => (s.other ? [['home', s.home], ['other', s.other]] : [['home', s.home]]);
/** Anyone reads a public community's content, its active members the others', admins all; one waiting for approval only its founder (the animator) and admins. */
const readsIn = (p: Someone, s: Shape, where: Where, place: Place) => admin(p) || (place.status === 'pending' ? p === 'animator' : place.visibility === 'public' || inIt(p, s, where));
/** Taking part: active members of a live community, and admins; an archived one is read-only for all. */
const postsIn = (p: Someone, s: Shape, where: Where, place: Place) => place.status !== 'archived' && (admin(p) || (place.status === 'active' && inIt(p, s, where)));
/** Those who watch over the poll: administrators and the home community's active animators. */
const watches = (p: Someone, s: Shape) => admin(p) || (inIt(p, s, 'home') && standing[p].membership?.role === 'animator');
const readable = (p: Someone, s: Shape) => !s.deleted && placesOf(s).some(([where, place]) => readsIn(p, s, where, place));

/**
 * From the header of access/polls.ts: reading follows the publication (not once deleted); voting is
 * taking part (not locked) while it is open; the counts are seen after voting (results after voting),
 * once closed, and always by those who watch over it.
 */
const pollRules: Record<PollAction, (p: Someone, s: Shape) => boolean> = {
  read: readable,
  vote: (p, s) => readable(p, s) && !s.closed && !s.locked && placesOf(s).some(([where, place]) => postsIn(p, s, where, place)),
  see_results: (p, s) => readable(p, s) && (watches(p, s) || s.closed || (s.results === 'after_vote' && s.voted))
};

const everyone = Object.keys(standing) as Someone[];

function* shapes(): Generator<Shape> {
  const lived: Place[] = visibilities.flatMap((visibility) => (['active', 'archived'] as const).map((status) => ({ visibility, status })));
  const homes: Place[] = [...lived, ...visibilities.map((visibility) => ({ visibility, status: 'pending' as const }))];
  for (const home of homes) {
    for (const other of [null, ...lived]) {
      const belongings: Where[][] = other ? [[], ['home'], ['other'], ['home', 'other']] : [[], ['home']];
      for (const belongsTo of belongings) {
        for (const closed of [false, true]) {
          for (const locked of [false, true]) {
            for (const deleted of [false, true]) {
              for (const voted of [false, true]) for (const results of ['after_vote', 'after_close'] as const) yield { home, other, belongsTo, closed, locked, deleted, voted, results };
            }
          }
        }
      }
    }
  }
}
const describeShape = (s: Shape) =>
  `${s.closed ? 'closed' : 'open'} ${s.results} poll of a ${s.home.status} ${s.home.visibility} community${s.other ? ` shared into a ${s.other.status} ${s.other.visibility} one` : ''}, ` +
  `in ${s.belongsTo.join(' and ') || 'neither'}${s.locked ? ', locked' : ''}${s.deleted ? ', deleted' : ''}${s.voted ? ', voted' : ''}`;

function fakeRelation(p: Someone, s: Shape): PollRelation {
  const relation = (where: Where, place: Place) => ({ community: fakeCommunity(where, place, { createdBy: 'animator' }), membership: s.belongsTo.includes(where) ? standing[p].membership : null });
  const home = relation('home', s.home);
  const post = { id: 'post', community_id: 'home', author_id: 'someone-else', kind: 'discussion', locked_at: s.locked ? 1 : null, deleted_at: s.deleted ? 1 : null } as Post;
  const poll: Poll = { post_id: 'post', multiple: 0, closes_at: s.closed ? at - 1 : at + 1, results_visibility: s.results, voter_count: 0, created_at: 0 };
  return { post, home, communities: s.other ? [home, relation('other', s.other)] : [home], poll, voted: s.voted };
}

describe('canOnPoll(): the rules as a table', () => {
  for (const action of Object.keys(pollRules) as PollAction[]) {
    it(`${action}: exactly the principals the rules name`, () => {
      const wrong: string[] = [];
      let allowed = 0;
      for (const shape of shapes()) {
        for (const p of everyone) {
          const expected = pollRules[action](p, shape);
          if (expected) allowed++;
          if (canOnPoll(fakeActor(p), action, fakeRelation(p, shape), at) !== expected) wrong.push(`${p} ${expected ? 'refused' : 'allowed'}: ${describeShape(shape)}`);
        }
      }
      expect(allowed).toBeGreaterThan(100);
      expect(wrong.slice(0, 12), `${wrong.length} disagreements`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Every path × every principal × every kind of community × every state of a poll.

const principals = ['anonymous', 'outsider', 'requester', 'member', 'removed', 'banned', 'steward', 'animator', 'otherAnimator', 'admin'] as const satisfies readonly Someone[];
type Principal = (typeof principals)[number];

const places = ['public', 'private', 'hidden', 'archived'] as const;
type PlaceKey = (typeof places)[number];
const placeOf: Record<PlaceKey, Place> = {
  public: { visibility: 'public', status: 'active' },
  private: { visibility: 'private', status: 'active' },
  hidden: { visibility: 'hidden', status: 'active' },
  archived: { visibility: 'public', status: 'archived' }
};
const states = ['open', 'closed', 'locked', 'deleted'] as const;
type State = (typeof states)[number];
/** `shared` is written in the hidden community and shared into the public one, where anyone reads it. */
type Key = `${PlaceKey}-${State}` | 'shared';
const specs = Object.fromEntries([
  ...places.flatMap((c) => states.map((state) => [`${c}-${state}`, { home: c, also: null, state }])),
  ['shared', { home: 'hidden', also: 'public', state: 'open' }]
]) as Record<Key, { home: PlaceKey; also: PlaceKey | null; state: State }>;
const keys = Object.keys(specs) as Key[];

/** Every principal stands the same in each of the animator's communities (the other animator in none); the member voted in each poll. */
const shapeOf = (p: Principal, k: Key): Shape => {
  const { home, also, state } = specs[k];
  return {
    home: placeOf[home], other: also ? placeOf[also] : null, belongsTo: also ? ['home', 'other'] : ['home'],
    closed: state === 'closed', locked: state === 'locked', deleted: state === 'deleted', voted: p === 'member', results: 'after_vote'
  };
};
const may = (action: PollAction, p: Principal, k: Key) => pollRules[action](p, shapeOf(p, k));
const sees = (p: Principal, k: Key) => may('read', p, k);

const canary = (k: Key) => `canary-${k}-option`;
const leaks = (text: string, p: Principal) => keys.filter((k) => text.toLowerCase().includes(canary(k)) && !sees(p, k));

type World = { actors: Record<Principal, Actor | null>; ids: Record<Key, string>; options: Record<Key, string[]> };

async function seed(): Promise<World> {
  const db = instance.db;
  const actors = { anonymous: null } as World['actors'];
  actors.admin = await person(db, 'Admin Matrice', { role: 'admin' });
  for (const p of ['outsider', 'requester', 'member', 'removed', 'banned', 'steward', 'animator', 'otherAnimator'] as const) actors[p] = await person(db, `Personne ${p}`);
  await createCommunity(db, actors.otherAnimator, { name: 'Ailleurs', slug: 'matrice-polls-ailleurs', visibility: 'private' });
  const world: World = { actors, ids: {} as World['ids'], options: {} as World['options'] };
  const animator = actors.animator!;
  const slugs = {} as Record<PlaceKey, string>;
  for (const c of places) {
    const { id: communityId, slug } = await createCommunity(db, animator, { name: `Votes ${c}`, slug: `matrice-polls-${c}`, visibility: placeOf[c].visibility, joinPolicy: c === 'hidden' ? 'invite' : 'request' });
    slugs[c] = slug;
    for (const someone of [actors.member!, actors.removed!, actors.banned!]) await addMemberByEmail(db, animator, slug, { email: someone.email });
    await addMemberByEmail(db, animator, slug, { email: actors.steward!.email, role: 'steward' });
    await db.insertInto('memberships').values({ id: newId(), community_id: communityId, user_id: actors.requester!.id, role: 'member', status: 'pending', created_at: now(), updated_at: now() }).execute();
  }
  for (const k of keys) {
    const { home, also, state } = specs[k];
    const author = actors.member!;
    const { id } = await createPost(db, author, slugs[home], {
      title: `Vote ${k}`, body: 'Votez', alsoIn: also ? [slugs[also]] : [],
      poll: { options: [canary(k), 'Autre choix'], closesAt: now() + 24 * 3600 * 1000 }
    });
    world.ids[k] = id;
    world.options[k] = (await db.selectFrom('poll_options').select('id').where('post_id', '=', id).orderBy('position').execute()).map((o) => o.id);
    // The member votes in each one before it is closed, locked or deleted.
    await vote(db, author, id, [world.options[k][0]!]);
    if (state === 'closed') await db.updateTable('polls').set({ closes_at: now() - 1000 }).where('post_id', '=', id).execute();
    if (state === 'locked') await setLocked(db, animator, id, true);
    if (state === 'deleted') await deletePost(db, author, id);
  }
  for (const c of places) {
    await endMembership(db, animator, slugs[c], actors.removed!.id, 'removed');
    await endMembership(db, animator, slugs[c], actors.banned!.id, 'banned');
  }
  await setArchived(db, animator, slugs.archived, true);
  return world;
}

type Ctx = { w: World; p: Principal; k: Key; ghost?: boolean };
const idOf = (ctx: Ctx) => (ctx.ghost ? nowhere : ctx.w.ids[ctx.k]);
const actorOf = (ctx: Ctx) => ctx.w.actors[ctx.p];
/** The second option: a change for the member, a first vote for anyone else. */
const choice = (ctx: Ctx) => [ctx.w.options[ctx.k][1]!];
const api = (handler: unknown, ctx: Ctx, method = 'GET', json?: unknown) => runApi(handler, { actor: actorOf(ctx), path: '/matrice', method, params: { id: idOf(ctx) }, json });
const domain = (work: (actor: Actor | null, id: string, ctx: Ctx) => Promise<unknown>) => (ctx: Ctx) => runDomain(() => work(actorOf(ctx), idOf(ctx), ctx));

const reads: Record<string, (ctx: Ctx) => Promise<Answer>> = {
  'GET /api/v1/posts/{id}/poll': (ctx) => api(pollApi.GET, ctx),
  pollView: domain((actor, id) => pollView(instance.db, actor, id))
};

/** Why a reader who may not vote is told no: closed, or locked; else the plain refusal. */
const refusalOf = (k: Key): MessageKey | null => (specs[k].state === 'closed' ? 'polls.errors.closed' : specs[k].state === 'locked' ? 'posts.errors.locked' : null);
type WritePath = { run: (ctx: Ctx) => Promise<Answer>; api: boolean; after: (ctx: Ctx) => Promise<void> };
const choiceOf = async (ctx: Ctx) =>
  (await instance.db.selectFrom('poll_votes').select('option_id').where('post_id', '=', idOf(ctx)).where('user_id', '=', actorOf(ctx)!.id).execute()).map((v) => v.option_id);
const chose = (expected: (ctx: Ctx) => string[]) => async (ctx: Ctx) => expect(await choiceOf(ctx), `${ctx.p} on ${ctx.k}`).toEqual(expected(ctx));
const writes: Record<string, WritePath> = {
  'PUT /api/v1/posts/{id}/poll/vote': { run: (ctx) => api(voteApi.PUT, ctx, 'PUT', { optionIds: choice(ctx) }), api: true, after: chose(choice) },
  vote: { run: domain((actor, id, ctx) => vote(instance.db, actor, id, choice(ctx))), api: false, after: chose(choice) },
  'DELETE /api/v1/posts/{id}/poll/vote': { run: (ctx) => api(voteApi.DELETE, ctx, 'DELETE'), api: true, after: chose(() => []) },
  withdrawVote: { run: domain((actor, id) => withdrawVote(instance.db, actor, id)), api: false, after: chose(() => []) }
};
const statusOf = (ctx: Ctx) => (ctx.p === 'anonymous' ? 401 : !sees(ctx.p, ctx.k) ? 404 : may('vote', ctx.p, ctx.k) ? 200 : 403);

/** The rows a vote could touch: the tables' counts, and the poll's rows. */
async function snapshot(postId: string) {
  const db = instance.db;
  const [votes, poll, options, all] = await Promise.all([
    db.selectFrom('poll_votes').selectAll().where('post_id', '=', postId).orderBy('user_id').orderBy('option_id').execute(),
    db.selectFrom('polls').selectAll().where('post_id', '=', postId).executeTakeFirst(),
    db.selectFrom('poll_options').selectAll().where('post_id', '=', postId).orderBy('position').execute(),
    db.selectFrom('poll_votes').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  ]);
  return { votes, poll, options, total: Number(all.n), key: JSON.stringify([votes, poll, options]) };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

async function restore(postId: string, seeded: Snapshot) {
  await instance.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('poll_votes').where('post_id', '=', postId).execute();
    if (seeded.votes.length) await tx.insertInto('poll_votes').values(seeded.votes).execute();
    await tx.updateTable('polls').set({ voter_count: seeded.poll!.voter_count }).where('post_id', '=', postId).execute();
    for (const option of seeded.options) await tx.updateTable('poll_options').set({ vote_count: option.vote_count }).where('id', '=', option.id).execute();
  });
}

/** What the page's stream sends as it opens. */
async function openingOf(actor: Actor | null, ids: string[]): Promise<string> {
  const opened = await openEventStream(pollsStreamApi.GET as never, actor, `/api/v1/polls/stream?posts=${ids.join(',')}`);
  expect(opened.response.status).toBe(200);
  return opened.opening(150);
}

describe('polls: every path × every principal × every kind of community × every state', () => {
  let world: World;
  beforeAll(async () => {
    world = await seed();
  }, 120_000);

  const label = (ctx: Ctx, answer: Answer) => `${ctx.p} on ${ctx.k}: ${answer.status} ${answer.text.slice(0, 200)}`;
  /** An unreadable poll answers exactly as one that does not exist. */
  async function expectGhostly(run: (ctx: Ctx) => Promise<Answer>, ctx: Ctx, answer: Answer) {
    const missing = await run({ ...ctx, ghost: true });
    expect(answer, label(ctx, answer)).toEqual({ ...missing, text: missing.text.replaceAll(nowhere, idOf(ctx)) });
  }

  for (const [path, run] of Object.entries(reads)) {
    it(`${path}: its readers get it, with the counts only for those who may see them, and no canary beyond`, async () => {
      for (const p of principals) {
        for (const k of keys) {
          const ctx: Ctx = { w: world, p, k };
          const answer = await run(ctx);
          expect(answer.status, label(ctx, answer)).toBe(sees(p, k) ? 200 : 404);
          expect(leaks(answer.text, p), label(ctx, answer)).toEqual([]);
          if (!sees(p, k)) {
            await expectGhostly(run, ctx, answer);
            continue;
          }
          const view = JSON.parse(answer.text) as { resultsVisible: boolean; voterCount: number | null; canVote: boolean };
          expect(answer.text, label(ctx, answer)).toContain(canary(k));
          expect([view.resultsVisible, view.voterCount !== null, view.canVote], label(ctx, answer)).toEqual([may('see_results', p, k), may('see_results', p, k), may('vote', p, k)]);
        }
      }
    });
  }

  it('pollsOf (the feed’s batch): exactly the polls the viewer reads, the counts as pollView gives them', async () => {
    for (const p of principals) {
      const answer = await runDomain(async () => [...(await pollsOf(instance.db, world.actors[p], keys.map((k) => world.ids[k]))).values()]);
      const batch = JSON.parse(answer.text) as { postId: string; resultsVisible: boolean }[];
      const where = `${p}: ${answer.text.slice(0, 200)}`;
      expect(batch.map((b) => b.postId).sort(), where).toEqual(keys.filter((k) => sees(p, k)).map((k) => world.ids[k]).sort());
      for (const k of keys.filter((k) => sees(p, k))) expect(batch.find((b) => b.postId === world.ids[k])!.resultsVisible, `${where} on ${k}`).toBe(may('see_results', p, k));
      expect(leaks(answer.text, p), where).toEqual([]);
    }
  });

  it('GET /api/v1/polls/stream (a page’s polls, live): opens on exactly the polls the viewer reads, as pollView gives them', async () => {
    for (const p of principals) {
      const text = await openingOf(world.actors[p], keys.map((k) => world.ids[k]));
      const polls = [...text.matchAll(/event: poll\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1]!) as { postId: string; resultsVisible: boolean; canVote: boolean });
      const where = `${p}: ${text.slice(0, 200)}`;
      expect(polls.map((b) => b.postId).sort(), where).toEqual(keys.filter((k) => sees(p, k)).map((k) => world.ids[k]).sort());
      for (const k of keys.filter((k) => sees(p, k))) {
        const poll = polls.find((b) => b.postId === world.ids[k])!;
        expect([poll.resultsVisible, poll.canVote], `${where} on ${k}`).toEqual([may('see_results', p, k), may('vote', p, k)]);
      }
      expect(leaks(text, p), where).toEqual([]);
    }
  });

  for (const [path, row] of Object.entries(writes)) {
    it(`${path}: refused to everyone who may not, saying why, and a refusal changes no row`, async () => {
      for (const p of principals) {
        for (const k of keys) {
          const ctx: Ctx = { w: world, p, k };
          const before = await snapshot(idOf(ctx));
          const answer = await row.run(ctx);
          const status = statusOf(ctx);
          expect(answer.status, label(ctx, answer)).toBe(status);
          if (status === 403) {
            const why = refusalOf(k);
            expect(answer.detail, label(ctx, answer)).toBe(row.api ? translate('fr', why ?? 'errors.forbidden') : why);
          }
          expect(leaks(answer.text, p), label(ctx, answer)).toEqual([]);
          if (status === 200) {
            await row.after(ctx);
            await restore(idOf(ctx), before);
          } else {
            const after = await snapshot(idOf(ctx));
            expect([after.total, after.key], label(ctx, answer)).toEqual([before.total, before.key]);
          }
          if (!sees(p, k)) await expectGhostly(row.run, ctx, answer);
        }
      }
    });
  }
});

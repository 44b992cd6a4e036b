// The authorisation matrix for topic proposals (issue 18), beside matrix-posts.spec.ts, in two parts:
//   - `proposalRules`: what canOnProposal() must answer, written from the header of
//     access/proposals.ts and the publication's rules it leans on (access/posts.ts), not from the code;
//   - every read, list and write (API and domain) by every principal, on proposals of every state in
//     public, private, hidden and archived communities, with canaries in titles, bodies, reasons,
//     volunteers' names and a hidden community's name: an unreadable proposal answers as a missing one
//     (404), a readable one refuses with 403 and says why; a refusal changes no row.
// Reading lists through SQL is wherePostReadableBy, whose agreement with canOnPost matrix-posts checks.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { fakeActor, fakeCommunity, isMember, nowhere, runApi, runDomain, standing, visibilities, type Answer, type Place, type Someone } from '../../../../tests/setup/matrix';
import { translate, type MessageKey } from '../../i18n';
import type { Actor } from '../auth/actor';
import { newId, now } from '../ids';
import { addMemberByEmail, createCommunity, endMembership, setArchived } from '../communities';
import { createPost, deletePost, setLocked } from '../posts';
import type { Post, ProposalStatus } from '../db/schema';
import { decideProposal, findProposal, listProposals, proposalView, setSupport, setSupportLimit, setVolunteer, type DecisionInput } from '../proposals';
import { readProposal } from '../proposals/detail';
import { canOnProposal, type ProposalAction, type ProposalRelation } from '.';
import * as proposalsApi from '../../../routes/api/v1/communities/[slug]/proposals/+server';
import * as settingsApi from '../../../routes/api/v1/communities/[slug]/proposal-settings/+server';
import * as proposalApi from '../../../routes/api/v1/proposals/[id]/+server';
import * as supportApi from '../../../routes/api/v1/proposals/[id]/support/+server';
import * as volunteerApi from '../../../routes/api/v1/proposals/[id]/volunteer/+server';
import * as decisionApi from '../../../routes/api/v1/proposals/[id]/decision/+server';

const instance = useTestInstance();

// ---------------------------------------------------------------------------------------------
// 1. canOnProposal(): the rules as a table.

type Where = 'home' | 'other';
/** A proposal as one person stands to it: where it lives, which of its communities they are in, its state. */
type Shape = { home: Place; other: Place | null; belongsTo: Where[]; status: ProposalStatus; locked: boolean; deleted: boolean };

const admin = (p: Someone) => standing[p].account === 'admin';
const inIt = (p: Someone, s: Shape, where: Where) => s.belongsTo.includes(where) && isMember(p);
const placesOf = (s: Shape): [Where, Place][] => (s.other ? [['home', s.home], ['other', s.other]] : [['home', s.home]]);
/** Anyone reads a public community's content, its active members the others', admins all; one waiting for approval only its founder (the animator) and admins. */
const readsIn = (p: Someone, s: Shape, where: Where, place: Place) => admin(p) || (place.status === 'pending' ? p === 'animator' : place.visibility === 'public' || inIt(p, s, where));
/** Taking part: active members of a live community, and admins; an archived one is read-only for all. */
const postsIn = (p: Someone, s: Shape, where: Where, place: Place) => place.status !== 'archived' && (admin(p) || (place.status === 'active' && inIt(p, s, where)));
/** Moderating is the home community's animators' and admins', while it is not archived. */
const moderates = (p: Someone, s: Shape) => s.home.status !== 'archived' && (admin(p) || (s.home.status === 'active' && inIt(p, s, 'home') && standing[p].membership?.role === 'animator'));
const readable = (p: Someone, s: Shape) => placesOf(s).some(([where, place]) => readsIn(p, s, where, place));

/**
 * From the header of access/proposals.ts: reading follows the publication; supporting and offering to
 * help are taking part (not once deleted or locked), while it is open; deciding is moderating.
 */
const proposalRules: Record<ProposalAction, (p: Someone, s: Shape) => boolean> = {
  support: (p, s) => readable(p, s) && s.status === 'open' && !s.deleted && !s.locked && placesOf(s).some(([where, place]) => postsIn(p, s, where, place)),
  decide: (p, s) => readable(p, s) && !s.deleted && moderates(p, s)
};

const everyone = Object.keys(standing) as Someone[];
const statuses: ProposalStatus[] = ['open', 'planned', 'declined'];

function* shapes(): Generator<Shape> {
  const lived: Place[] = visibilities.flatMap((visibility) => (['active', 'archived'] as const).map((status) => ({ visibility, status })));
  const homes: Place[] = [...lived, ...visibilities.map((visibility) => ({ visibility, status: 'pending' as const }))];
  for (const home of homes) {
    for (const other of [null, ...lived]) {
      const belongings: Where[][] = other ? [[], ['home'], ['other'], ['home', 'other']] : [[], ['home']];
      for (const belongsTo of belongings) {
        for (const status of statuses) {
          for (const locked of [false, true]) for (const deleted of [false, true]) yield { home, other, belongsTo, status, locked, deleted };
        }
      }
    }
  }
}
const describeShape = (s: Shape) =>
  `${s.status} proposal of a ${s.home.status} ${s.home.visibility} community${s.other ? ` shared into a ${s.other.status} ${s.other.visibility} one` : ''}, ` +
  `in ${s.belongsTo.join(' and ') || 'neither'}${s.locked ? ', locked' : ''}${s.deleted ? ', deleted' : ''}`;

function fakeRelation(p: Someone, s: Shape): ProposalRelation {
  const relation = (where: Where, place: Place) => ({ community: fakeCommunity(where, place, { createdBy: 'animator' }), membership: s.belongsTo.includes(where) ? standing[p].membership : null });
  const home = relation('home', s.home);
  const post = { id: 'post', community_id: 'home', author_id: 'someone-else', kind: 'proposal', locked_at: s.locked ? 1 : null, deleted_at: s.deleted ? 1 : null } as Post;
  const proposal = { post_id: 'post', target: 'activity', status: s.status, decision_reason: null, event_id: null, decided_by: null, decided_at: null, support_count: 0, volunteer_count: 0, created_at: 0 } as const;
  return { post, home, communities: s.other ? [home, relation('other', s.other)] : [home], proposal };
}

describe('canOnProposal(): the rules as a table', () => {
  for (const action of Object.keys(proposalRules) as ProposalAction[]) {
    it(`${action}: exactly the principals the rules name`, () => {
      const wrong: string[] = [];
      let allowed = 0;
      for (const shape of shapes()) {
        for (const p of everyone) {
          const expected = proposalRules[action](p, shape);
          if (expected) allowed++;
          if (canOnProposal(fakeActor(p), action, fakeRelation(p, shape)) !== expected) wrong.push(`${p} ${expected ? 'refused' : 'allowed'}: ${describeShape(shape)}`);
        }
      }
      // Neither side trivially empty.
      expect(allowed).toBeGreaterThan(100);
      expect(wrong.slice(0, 12), `${wrong.length} disagreements`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Every path × every principal × every kind of community × every state of a proposal.

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
const states = ['open', 'declined', 'planned', 'locked', 'deleted'] as const;
type State = (typeof states)[number];
/** `shared` is written in the hidden community and shared into the public one, where anyone reads it. */
type Key = `${PlaceKey}-${State}` | 'shared';
const specs = Object.fromEntries([
  ...places.flatMap((c) => states.map((state) => [`${c}-${state}`, { home: c, also: null, state }])),
  ['shared', { home: 'hidden', also: 'public', state: 'open' }]
]) as Record<Key, { home: PlaceKey; also: PlaceKey | null; state: State }>;
const keys = Object.keys(specs) as Key[];
const statusOf = (k: Key): ProposalStatus => (specs[k].state === 'declined' || specs[k].state === 'planned' ? specs[k].state : 'open');
const live = (k: Key) => specs[k].state !== 'deleted';

/** Every principal stands the same in each of the animator's communities (the other animator in none). */
const shapeOf = (k: Key): Shape => {
  const { home, also, state } = specs[k];
  return { home: placeOf[home], other: also ? placeOf[also] : null, belongsTo: also ? ['home', 'other'] : ['home'], status: statusOf(k), locked: state === 'locked', deleted: state === 'deleted' };
};
/** Whoever reads a live proposal; a deleted one is gone for all. */
const sees = (p: Principal, k: Key) => live(k) && readable(p, shapeOf(k));
const may = (action: ProposalAction, p: Principal, k: Key) => proposalRules[action](p, shapeOf(k));
const community = (c: PlaceKey): Shape => ({ home: placeOf[c], other: null, belongsTo: ['home'], status: 'open', locked: false, deleted: false });
const knows = (p: Principal, c: PlaceKey) => admin(p) || placeOf[c].visibility !== 'hidden' || isMember(p);
const readsContent = (p: Principal, c: PlaceKey) => readsIn(p, community(c), 'home', placeOf[c]);
const postsInto = (p: Principal, c: PlaceKey) => postsIn(p, community(c), 'home', placeOf[c]);
const runs = (p: Principal, c: PlaceKey) => moderates(p, community(c));

type SecretId = `${Key}:${'title' | 'body'}` | `${PlaceKey}:reason` | `${PlaceKey}:volunteer` | 'hidden:name';
const canary = (id: SecretId) => `canary-${id.replace(':', '-')}`;
const secretIds: SecretId[] = [
  ...keys.flatMap((k) => [`${k}:title` as const, `${k}:body` as const]),
  ...places.flatMap((c) => [`${c}:reason` as const, `${c}:volunteer` as const]),
  'hidden:name'
];
/** A proposal's words and its volunteers' names go to its readers; a hidden community's name to those who know it. */
function maySee(id: SecretId, p: Principal): boolean {
  const [a, field] = id.split(':') as [string, string];
  if (field === 'title' || field === 'body') return sees(p, a as Key);
  if (field === 'name') return knows(p, 'hidden');
  if (field === 'reason') return sees(p, `${a as PlaceKey}-declined`);
  return keys.some((k) => specs[k].home === a && !specs[k].also && sees(p, k));
}
const leaks = (text: string, p: Principal) => {
  const lower = text.toLowerCase();
  return secretIds.filter((id) => lower.includes(canary(id)) && !maySee(id, p));
};

type World = { actors: Record<Principal, Actor | null>; slugs: Record<PlaceKey, string>; ids: Record<Key, string> };

async function seed(): Promise<World> {
  const db = instance.db;
  const actors = { anonymous: null } as World['actors'];
  actors.admin = await person(db, 'Admin Matrice', { role: 'admin' });
  for (const p of ['outsider', 'requester', 'member', 'removed', 'banned', 'steward', 'animator', 'otherAnimator'] as const) actors[p] = await person(db, `Personne ${p}`);
  await createCommunity(db, actors.otherAnimator, { name: 'Ailleurs', slug: 'matrice-proposals-ailleurs', visibility: 'private' });
  const world: World = { actors, slugs: {} as World['slugs'], ids: {} as World['ids'] };
  const animator = actors.animator!;
  const volunteers = {} as Record<PlaceKey, Actor>;
  for (const c of places) {
    const { id: communityId, slug } = await createCommunity(db, animator, {
      // An explicit slug: one made from the hidden community's name would carry its canary.
      name: c === 'hidden' ? `Cachée ${canary('hidden:name')}` : `Propositions ${c}`,
      slug: `matrice-proposals-${c}`,
      visibility: placeOf[c].visibility,
      joinPolicy: c === 'hidden' ? 'invite' : 'request'
    });
    world.slugs[c] = slug;
    volunteers[c] = await person(db, `Vol ${canary(`${c}:volunteer`)}`);
    for (const someone of [actors.member!, actors.removed!, actors.banned!, volunteers[c]]) await addMemberByEmail(db, animator, slug, { email: someone.email });
    await addMemberByEmail(db, animator, slug, { email: actors.steward!.email, role: 'steward' });
    await db.insertInto('memberships').values({ id: newId(), community_id: communityId, user_id: actors.requester!.id, role: 'member', status: 'pending', created_at: now(), updated_at: now() }).execute();
  }
  for (const k of keys) {
    const { home, also, state } = specs[k];
    const author = actors.member!;
    const { id } = await createPost(db, author, world.slugs[home], { kind: 'proposal', title: canary(`${k}:title`), body: `Pourquoi : ${canary(`${k}:body`)}`, alsoIn: also ? [world.slugs[also]] : [] });
    world.ids[k] = id;
    // The member supports each one and its community's volunteer offers to help, before it is decided.
    await setSupport(db, author, id, true);
    if (!also) await setVolunteer(db, volunteers[home], id, true);
    if (state === 'declined') await decideProposal(db, animator, id, { status: 'declined', reason: `Déjà fait : ${canary(`${home}:reason`)}` });
    if (state === 'planned') await decideProposal(db, animator, id, { status: 'planned' });
    if (state === 'locked') await setLocked(db, animator, id, true);
    if (state === 'deleted') await deletePost(db, author, id);
  }
  for (const c of places) {
    await endMembership(db, animator, world.slugs[c], actors.removed!.id, 'removed');
    await endMembership(db, animator, world.slugs[c], actors.banned!.id, 'banned');
  }
  await setArchived(db, animator, world.slugs.archived, true);
  return world;
}

type Ctx = { w: World; p: Principal; k: Key; ghost?: boolean };
const idOf = (ctx: Ctx) => (ctx.ghost ? nowhere : ctx.w.ids[ctx.k]);
const actorOf = (ctx: Ctx) => ctx.w.actors[ctx.p];
const api = (handler: unknown, ctx: Ctx, method = 'GET', json?: unknown) => runApi(handler, { actor: actorOf(ctx), path: '/matrice', method, params: { id: idOf(ctx) }, json });
const domain = (work: (actor: Actor | null, id: string, ctx: Ctx) => Promise<unknown>) => (ctx: Ctx) => runDomain(() => work(actorOf(ctx), idOf(ctx), ctx));
/** Routes that ask for an account first answer a visitor 401 whatever the proposal; so do the domain's writes. */
const signedIn = (status: (ctx: Ctx) => number) => (ctx: Ctx) => (ctx.p === 'anonymous' ? 401 : status(ctx));
const gated = (action: ProposalAction | 'take_back') => (ctx: Ctx) => (!sees(ctx.p, ctx.k) ? 404 : action === 'take_back' || may(action, ctx.p, ctx.k) ? 200 : 403);

const words = (k: Key): SecretId[] => [`${k}:title`, `${k}:body`];
const addsOf = (k: Key): SecretId[] => [...(specs[k].state === 'declined' ? [`${specs[k].home}:reason` as const] : []), ...(specs[k].also ? [] : [`${specs[k].home}:volunteer` as const])];
/** The whole proposal: its words, what it adds, and where it was proposed when the reader may know it (the shared one's home is hidden). */
const whole = (p: Principal, k: Key): SecretId[] => [...words(k), ...addsOf(k), ...(k === 'shared' && knows(p, 'hidden') ? ['hidden:name' as const] : [])];
type ReadPath = { run: (ctx: Ctx) => Promise<Answer>; shows: (p: Principal, k: Key) => SecretId[] };
const reads: Record<string, ReadPath> = {
  'GET /api/v1/proposals/{id}': { run: (ctx) => api(proposalApi.GET, ctx), shows: whole },
  readProposal: { run: domain((actor, id) => readProposal(instance.db, actor, id)), shows: whole },
  proposalView: { run: domain(async (actor, id) => proposalView(instance.db, actor, await findProposal(instance.db, actor, id))), shows: (_, k) => addsOf(k) }
};

/** Why a reader who may not support is told no: decided, or locked; else the plain refusal. */
const refusalOf = (k: Key): MessageKey | null => (statusOf(k) !== 'open' ? 'proposals.errors.decided' : specs[k].state === 'locked' ? 'posts.errors.locked' : null);
/** What each proposal is decided into: from open (or planned) to declined, from declined back to open. */
const decisionOf = (k: Key): DecisionInput => (statusOf(k) === 'declined' ? { status: 'open' } : { status: 'declined', reason: 'Pas cette année' });
type Mark = 'proposal_supports' | 'proposal_volunteers';
type WritePath = { run: (ctx: Ctx) => Promise<Answer>; status: (ctx: Ctx) => number; api: boolean; after: (ctx: Ctx) => Promise<void>; refusal?: true };
const marked = async (table: Mark, ctx: Ctx) => Boolean(await instance.db.selectFrom(table).select('user_id').where('post_id', '=', idOf(ctx)).where('user_id', '=', actorOf(ctx)!.id).executeTakeFirst());
const hasMark = (table: Mark, on: boolean) => async (ctx: Ctx) => expect(await marked(table, ctx), `${ctx.p} on ${ctx.k}`).toBe(on);
const decided = async (ctx: Ctx) => {
  const { status } = await instance.db.selectFrom('proposals').select('status').where('post_id', '=', idOf(ctx)).executeTakeFirstOrThrow();
  expect(status, `${ctx.p} on ${ctx.k}`).toBe(decisionOf(ctx.k).status);
};
const markPaths = (name: 'support' | 'volunteer', route: { PUT: unknown; DELETE: unknown }, table: Mark, set: typeof setSupport, setName: string): Record<string, WritePath> => ({
  [`PUT /api/v1/proposals/{id}/${name}`]: { run: (ctx) => api(route.PUT, ctx, 'PUT'), status: signedIn(gated('support')), api: true, after: hasMark(table, true), refusal: true },
  [`DELETE /api/v1/proposals/{id}/${name}`]: { run: (ctx) => api(route.DELETE, ctx, 'DELETE'), status: signedIn(gated('take_back')), api: true, after: hasMark(table, false) },
  [`${setName}(on)`]: { run: domain((actor, id) => set(instance.db, actor, id, true)), status: signedIn(gated('support')), api: false, after: hasMark(table, true), refusal: true },
  [`${setName}(off)`]: { run: domain((actor, id) => set(instance.db, actor, id, false)), status: signedIn(gated('take_back')), api: false, after: hasMark(table, false) }
});
const writes: Record<string, WritePath> = {
  ...markPaths('support', supportApi, 'proposal_supports', setSupport, 'setSupport'),
  ...markPaths('volunteer', volunteerApi, 'proposal_volunteers', setVolunteer, 'setVolunteer'),
  'POST /api/v1/proposals/{id}/decision': { run: (ctx) => api(decisionApi.POST, ctx, 'POST', decisionOf(ctx.k)), status: signedIn(gated('decide')), api: true, after: decided },
  decideProposal: { run: domain((actor, id, ctx) => decideProposal(instance.db, actor, id, decisionOf(ctx.k))), status: signedIn(gated('decide')), api: false, after: decided }
};
let world: World;

/** The rows a write could touch: the tables' counts, and every row of the proposal. */
async function snapshot(postId: string) {
  const db = instance.db;
  const tables = ['proposals', 'proposal_supports', 'proposal_volunteers', 'journal'] as const;
  const [counts, proposal, supports, volunteers, journal] = await Promise.all([
    db.selectNoFrom((eb) => tables.map((table) => eb.selectFrom(table).select((e) => e.fn.countAll<number>().as('n')).as(table))).executeTakeFirstOrThrow(),
    db.selectFrom('proposals').selectAll().where('post_id', '=', postId).executeTakeFirst(),
    db.selectFrom('proposal_supports').selectAll().where('post_id', '=', postId).orderBy('user_id').execute(),
    db.selectFrom('proposal_volunteers').selectAll().where('post_id', '=', postId).orderBy('user_id').execute(),
    db.selectFrom('journal').selectAll().where('post_id', '=', postId).orderBy('id').execute()
  ]);
  return { counts: Object.fromEntries(Object.entries(counts).map(([t, n]) => [t, Number(n)])), proposal, supports, volunteers, journal, key: JSON.stringify([proposal, supports, volunteers, journal]) };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

async function restore(postId: string, seeded: Snapshot) {
  await instance.db.transaction().execute(async (tx) => {
    for (const table of ['proposal_supports', 'proposal_volunteers', 'journal'] as const) await tx.deleteFrom(table).where('post_id', '=', postId).execute();
    await tx.updateTable('proposals').set(seeded.proposal!).where('post_id', '=', postId).execute();
    if (seeded.supports.length) await tx.insertInto('proposal_supports').values(seeded.supports).execute();
    if (seeded.volunteers.length) await tx.insertInto('proposal_volunteers').values(seeded.volunteers).execute();
    if (seeded.journal.length) await tx.insertInto('journal').values(seeded.journal).execute();
  });
}

describe('proposals: every path × every principal × every kind of community × every state', () => {
  beforeAll(async () => {
    world = await seed();
  }, 120_000);

  const label = (ctx: Ctx, answer: Answer) => `${ctx.p} on ${ctx.k}: ${answer.status} ${answer.text.slice(0, 200)}`;
  /** An unreadable proposal answers exactly as one that does not exist. */
  async function expectGhostly(run: (ctx: Ctx) => Promise<Answer>, ctx: Ctx, answer: Answer) {
    const missing = await run({ ...ctx, ghost: true });
    expect(answer, label(ctx, answer)).toEqual({ ...missing, text: missing.text.replaceAll(nowhere, idOf(ctx)) });
  }

  for (const [path, row] of Object.entries(reads)) {
    it(`${path}: its readers get it with what they may see, and no canary beyond`, async () => {
      for (const p of principals) {
        for (const k of keys) {
          const ctx: Ctx = { w: world, p, k };
          const answer = await row.run(ctx);
          expect(answer.status, label(ctx, answer)).toBe(sees(p, k) ? 200 : 404);
          const shown = sees(p, k) ? row.shows(p, k) : [];
          expect(shown.filter((id) => !answer.text.toLowerCase().includes(canary(id))), `${label(ctx, answer)}: missing`).toEqual([]);
          expect(leaks(answer.text, p), label(ctx, answer)).toEqual([]);
          if (!sees(p, k)) await expectGhostly(row.run, ctx, answer);
        }
      }
    });
  }

  type CommunityCtx = { p: Principal; c: PlaceKey; ghost?: boolean };
  const slugOf = (ctx: CommunityCtx) => (ctx.ghost ? nowhere : world.slugs[ctx.c]);
  const lists: Record<string, (ctx: CommunityCtx, status: ProposalStatus) => Promise<Answer>> = {
    'GET /api/v1/communities/{slug}/proposals': (ctx, status) => runApi(proposalsApi.GET, { actor: world.actors[ctx.p], path: `/matrice?status=${status}&limit=100`, params: { slug: slugOf(ctx) } }),
    listProposals: (ctx, status) => runDomain(() => listProposals(instance.db, world.actors[ctx.p], slugOf(ctx), { status, limit: 100 }))
  };
  for (const [path, run] of Object.entries(lists)) {
    it(`${path}: exactly the community's live proposals of that status, to those who read its content`, async () => {
      for (const p of principals) {
        for (const c of places) {
          for (const status of statuses) {
            const ctx = { p, c };
            const answer = await run(ctx, status);
            const where = `${p} on ${c} (${status}): ${answer.status} ${answer.text.slice(0, 200)}`;
            expect(answer.status, where).toBe(!knows(p, c) ? 404 : readsContent(p, c) ? 200 : 403);
            if (!knows(p, c)) expect(answer, where).toEqual(await run({ ...ctx, ghost: true }, status));
            // Its own proposals only: the shared one is listed where it was written, however readable elsewhere.
            const listed = readsContent(p, c) ? keys.filter((k) => specs[k].home === c && live(k) && statusOf(k) === status) : [];
            expect(listed.filter((k) => !answer.text.includes(canary(`${k}:title`))), `${where}: missing`).toEqual([]);
            expect(leaks(answer.text, p), where).toEqual([]);
            if (answer.status === 200) expect((JSON.parse(answer.text) as { items: unknown[] }).items, where).toHaveLength(listed.length);
          }
        }
      }
    });
  }

  for (const [path, row] of Object.entries(writes)) {
    it(`${path}: refused to everyone who may not, saying why, and a refusal changes no row`, async () => {
      const seeded = new Map<Key, Snapshot>();
      for (const p of principals) {
        for (const k of keys) {
          const ctx: Ctx = { w: world, p, k };
          if (!seeded.has(k)) seeded.set(k, await snapshot(idOf(ctx)));
          const before = seeded.get(k)!;
          const answer = await row.run(ctx);
          const status = row.status(ctx);
          expect(answer.status, label(ctx, answer)).toBe(status);
          if (status === 403 && row.refusal) {
            const why = refusalOf(k);
            expect(answer.detail, label(ctx, answer)).toBe(row.api ? translate('fr', why ?? 'errors.forbidden') : why);
          }
          expect(leaks(answer.text, p), label(ctx, answer)).toEqual([]);
          if (status === 200) {
            await row.after(ctx);
            await restore(idOf(ctx), before);
          } else {
            const after = await snapshot(idOf(ctx));
            expect(after.counts, label(ctx, answer)).toEqual(before.counts);
            expect(after.key, label(ctx, answer)).toBe(before.key);
          }
          if (!sees(p, k)) await expectGhostly(row.run, ctx, answer);
        }
      }
    });
  }

  const limitOf = async (c: PlaceKey) => (await instance.db.selectFrom('communities').select('proposal_support_limit').where('slug', '=', world.slugs[c]).executeTakeFirstOrThrow()).proposal_support_limit;
  const settings: Record<string, { run: (ctx: CommunityCtx) => Promise<Answer>; visitor: (c: PlaceKey) => number }> = {
    'PUT /api/v1/communities/{slug}/proposal-settings': {
      run: (ctx) => runApi(settingsApi.PUT, { actor: world.actors[ctx.p], path: '/matrice', method: 'PUT', params: { slug: slugOf(ctx) }, json: { limit: 3 } }),
      visitor: () => 401
    },
    // Like every write, the domain asks for an account first, before it looks at the community.
    setSupportLimit: { run: (ctx) => runDomain(() => setSupportLimit(instance.db, world.actors[ctx.p], slugOf(ctx), { limit: 3 })), visitor: () => 401 }
  };
  for (const [path, row] of Object.entries(settings)) {
    it(`${path}: only those who run the community set the limit`, async () => {
      for (const p of principals) {
        for (const c of places) {
          const answer = await row.run({ p, c });
          const where = `${p} on ${c}: ${answer.status} ${answer.text.slice(0, 200)}`;
          expect(answer.status, where).toBe(p === 'anonymous' ? row.visitor(c) : !knows(p, c) ? 404 : runs(p, c) ? 200 : 403);
          expect(await limitOf(c), where).toBe(answer.status === 200 ? 3 : null);
          if (!knows(p, c)) expect(answer, where).toEqual(await row.run({ p, c, ghost: true }));
          await instance.db.updateTable('communities').set({ proposal_support_limit: null }).where('slug', '=', world.slugs[c]).execute();
        }
      }
    });
  }

  const creates: Record<string, { run: (ctx: CommunityCtx) => Promise<Answer>; created: number }> = {
    'POST /api/v1/communities/{slug}/proposals': {
      run: (ctx) => runApi(proposalsApi.POST, { actor: world.actors[ctx.p], path: '/matrice', method: 'POST', params: { slug: slugOf(ctx) }, json: { title: 'Nouvelle proposition', body: 'Texte' } }),
      created: 201
    },
    'createPost(kind: proposal)': { run: (ctx) => runDomain(() => createPost(instance.db, world.actors[ctx.p], slugOf(ctx), { kind: 'proposal', title: 'Nouvelle proposition', body: 'Texte' })), created: 200 }
  };
  const proposalCount = async () => Number((await instance.db.selectFrom('proposals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  for (const [path, row] of Object.entries(creates)) {
    it(`${path}: those who may post propose, and a refusal creates nothing`, async () => {
      for (const p of principals) {
        for (const c of places) {
          const before = await proposalCount();
          const answer = await row.run({ p, c });
          const where = `${p} on ${c}: ${answer.status} ${answer.text.slice(0, 200)}`;
          expect(answer.status, where).toBe(p === 'anonymous' ? 401 : !knows(p, c) ? 404 : postsInto(p, c) ? row.created : 403);
          expect(await proposalCount(), where).toBe(before + (answer.status < 300 ? 1 : 0));
          expect(leaks(answer.text, p), where).toEqual([]);
          // Gone again, so that the lists above stay as seeded whatever the order.
          if (answer.status < 300) {
            const made = JSON.parse(answer.text) as { id?: string; postId?: string };
            await deletePost(instance.db, world.actors[p], (made.postId ?? made.id)!);
          }
        }
      }
    });
  }
});

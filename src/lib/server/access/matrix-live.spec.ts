// The authorisation matrix of an activity's live questions (issue 18, use 4): every path — the API's
// session, its stream, the page, the domain's view, the answer and the animator's moves — by every
// principal, for an activity hosted in a public, private, hidden and archived community, each with
// a running quiz whose question and choices carry a canary:
//   - whoever may not see the activity gets exactly what a missing one gives (404), with no canary;
//   - whoever sees it gets the question shown, but the counts and the right answer only if they run it;
//   - an answer is taken from a participant (an active member, or whoever runs it) and refused to
//     anyone else with the reason; a move is refused to whoever does not run it; a refusal changes no row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { openEventStream } from '../../../../tests/setup/sse';
import { nowhere, runApi, runDomain, runPage, type Answer, type Someone } from '../../../../tests/setup/matrix';
import { translate } from '../../i18n';
import type { Actor } from '../auth/actor';
import { newId, now } from '../ids';
import { addMemberByEmail, createCommunity, endMembership, setArchived } from '../communities';
import { createEvent } from '../events';
import { stopListening } from '../notifications/live';
import { addQuestion, answer, control, liveView } from '../quiz';
import * as liveApi from '../../../routes/api/v1/events/[id]/live/+server';
import * as streamApi from '../../../routes/api/v1/events/[id]/live/stream/+server';
import * as answerApi from '../../../routes/api/v1/events/[id]/live/answer/+server';
import * as controlApi from '../../../routes/api/v1/events/[id]/live/control/+server';
import * as page from '../../../routes/e/[id]/live/+page.server';

const instance = useTestInstance();
afterAll(stopListening);

const principals = ['anonymous', 'outsider', 'requester', 'member', 'removed', 'banned', 'steward', 'animator', 'admin'] as const satisfies readonly Someone[];
type Principal = (typeof principals)[number];
const places = ['public', 'private', 'hidden', 'archived'] as const;
type PlaceKey = (typeof places)[number];

/** The rules, written out: what each principal may do with the live questions of an activity hosted in each place. */
const active = (p: Principal) => p === 'member' || p === 'steward' || p === 'animator';
const sees = (p: Principal, c: PlaceKey) => c === 'public' || c === 'archived' || active(p) || p === 'admin';
const runs = (p: Principal, c: PlaceKey) => c !== 'archived' && (p === 'animator' || p === 'admin');
const answers = (p: Principal, c: PlaceKey) => sees(p, c) && c !== 'archived' && (runs(p, c) || active(p));

const canary = (c: PlaceKey) => `canary-${c}-question`;
const leaks = (text: string, p: Principal) => places.filter((c) => text.toLowerCase().includes(canary(c)) && !sees(p, c));

type World = { actors: Record<Principal, Actor | null>; events: Record<PlaceKey, string>; questions: Record<PlaceKey, string> };

async function seed(): Promise<World> {
  const db = instance.db;
  const actors = { anonymous: null } as World['actors'];
  actors.admin = await person(db, 'Admin Direct', { role: 'admin' });
  for (const p of ['outsider', 'requester', 'member', 'removed', 'banned', 'steward', 'animator'] as const) actors[p] = await person(db, `Personne ${p}`);
  const world: World = { actors, events: {} as World['events'], questions: {} as World['questions'] };
  const animator = actors.animator!;
  const start = now() + 3600_000;
  for (const c of places) {
    const { id: communityId, slug } = await createCommunity(db, animator, { name: `Direct ${c}`, slug: `matrice-direct-${c}`, visibility: c === 'archived' ? 'public' : c, joinPolicy: c === 'hidden' ? 'invite' : 'request' });
    for (const someone of [actors.member!, actors.removed!, actors.banned!]) await addMemberByEmail(db, animator, slug, { email: someone.email });
    await addMemberByEmail(db, animator, slug, { email: actors.steward!.email, role: 'steward' });
    await db.insertInto('memberships').values({ id: newId(), community_id: communityId, user_id: actors.requester!.id, role: 'member', status: 'pending', created_at: now(), updated_at: now() }).execute();
    const { id } = await createEvent(db, animator, { communities: [slug], title: `Activité ${c}`, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString(), timeZone: 'America/Toronto' });
    world.events[c] = id;
    await addQuestion(db, animator, id, { prompt: canary(c), options: [`${canary(c)} A`, 'B'], correct: 0 });
    const { current } = await control(db, animator, id, { action: 'start', scoring: 'named' });
    world.questions[c] = current!.id;
    await answer(db, actors.member!, id, { questionId: current!.id, choice: 0 });
    await endMembership(db, animator, slug, actors.removed!.id, 'removed');
    await endMembership(db, animator, slug, actors.banned!.id, 'banned');
    if (c === 'archived') await setArchived(db, animator, slug, true);
  }
  return world;
}

type Ctx = { w: World; p: Principal; c: PlaceKey; ghost?: boolean };
const idOf = (ctx: Ctx) => (ctx.ghost ? nowhere : ctx.w.events[ctx.c]);
const actorOf = (ctx: Ctx) => ctx.w.actors[ctx.p];
const api = (handler: unknown, ctx: Ctx, method = 'GET', json?: unknown) => runApi(handler, { actor: actorOf(ctx), path: '/matrice', method, params: { id: idOf(ctx) }, json });

/** What the stream sends as it opens (its first `live` event's data), or its refusal. */
async function opening(ctx: Ctx): Promise<Answer> {
  const opened = await openEventStream(streamApi.GET as never, actorOf(ctx), `/api/v1/events/${idOf(ctx)}/live/stream`, { id: idOf(ctx) });
  if (opened.response.status !== 200) return { status: opened.response.status, text: await opened.response.text(), detail: null };
  const text = await opened.opening();
  const data = text.match(/event: live\ndata: (.*)\n\n/);
  return { status: 200, text: data ? data[1]! : text, detail: null };
}

const reads: Record<string, (ctx: Ctx) => Promise<Answer>> = {
  'GET /api/v1/events/{id}/live': (ctx) => api(liveApi.GET, ctx),
  'GET /api/v1/events/{id}/live/stream': opening,
  liveView: (ctx) => runDomain(() => liveView(instance.db, actorOf(ctx), idOf(ctx))),
  // The page's own load: its data is the view.
  '/e/{id}/live': async (ctx) => {
    const answered = await runPage(page.load, { actor: actorOf(ctx), path: `/e/${idOf(ctx)}/live`, params: { id: idOf(ctx) } });
    return answered.status === 200 ? { ...answered, text: JSON.stringify((JSON.parse(answered.text) as { live: unknown }).live) } : answered;
  }
};

const snapshot = async () => JSON.stringify(await Promise.all([
  instance.db.selectFrom('live_sessions').selectAll().orderBy('event_id').execute(),
  instance.db.selectFrom('live_answers').selectAll().orderBy('question_id').orderBy('user_id').execute()
]));

describe('live questions: every path × every principal × every kind of community', () => {
  let world: World;
  beforeAll(async () => {
    world = await seed();
  }, 120_000);

  const label = (ctx: Ctx, a: Answer) => `${ctx.p} on ${ctx.c}: ${a.status} ${a.text.slice(0, 200)}`;

  for (const [path, run] of Object.entries(reads)) {
    it(`${path}: those who see the activity get the question, the counts and right answer only if they run it, and no canary beyond`, async () => {
      for (const p of principals) {
        for (const c of places) {
          const ctx: Ctx = { w: world, p, c };
          const got = await run(ctx);
          expect(got.status, label(ctx, got)).toBe(sees(p, c) ? 200 : 404);
          expect(leaks(got.text, p), label(ctx, got)).toEqual([]);
          if (!sees(p, c)) {
            const missing = await run({ ...ctx, ghost: true });
            expect(got, label(ctx, got)).toEqual({ ...missing, text: missing.text.replaceAll(nowhere, idOf(ctx)) });
            continue;
          }
          const view = JSON.parse(got.text) as { current: { prompt: string; counts: number[] | null; correct: number | null }; questions: unknown[] | null; can: { answer: boolean; run: boolean } };
          expect(view.current.prompt, label(ctx, got)).toBe(canary(c));
          expect([view.current.counts !== null, view.current.correct !== null, view.questions !== null, view.can.run], label(ctx, got)).toEqual(Array(4).fill(runs(p, c)));
          expect(view.can.answer, label(ctx, got)).toBe(answers(p, c));
        }
      }
    });
  }

  it('PUT /api/v1/events/{id}/live/answer and answer(): taken from participants only, refused to others with the reason, a refusal changing nothing', async () => {
    for (const p of principals) {
      for (const c of places) {
        for (const via of ['api', 'domain'] as const) {
          const ctx: Ctx = { w: world, p, c };
          const body = { questionId: world.questions[c], choice: 1 };
          const before = await snapshot();
          const got = via === 'api' ? await api(answerApi.PUT, ctx, 'PUT', body) : await runDomain(() => answer(instance.db, actorOf(ctx), idOf(ctx), body));
          const expected = p === 'anonymous' ? 401 : !sees(p, c) ? 404 : answers(p, c) ? 200 : 403;
          expect(got.status, `${via} ${label(ctx, got)}`).toBe(expected);
          expect(leaks(got.text, p), label(ctx, got)).toEqual([]);
          if (expected === 403 && c !== 'archived') {
            expect(got.detail, label(ctx, got)).toBe(via === 'api' ? translate('fr', 'quiz.errors.not_participant') : 'quiz.errors.not_participant');
          }
          if (expected === 200) {
            // Put things back as they were: the member's answer, nobody else's.
            const user = actorOf(ctx)!.id;
            if (p === 'member') await answer(instance.db, actorOf(ctx), idOf(ctx), { questionId: world.questions[c], choice: 0 });
            else await instance.db.deleteFrom('live_answers').where('question_id', '=', world.questions[c]).where('user_id', '=', user).execute();
          } else expect(await snapshot(), `${via} ${label(ctx, got)}`).toBe(before);
        }
      }
    }
  });

  it('POST /api/v1/events/{id}/live/control and control(): refused to whoever does not run it, changing nothing', async () => {
    for (const p of principals) {
      for (const c of places) {
        if (runs(p, c)) continue;
        for (const via of ['api', 'domain'] as const) {
          const ctx: Ctx = { w: world, p, c };
          const before = await snapshot();
          const got = via === 'api' ? await api(controlApi.POST, ctx, 'POST', { action: 'reveal' }) : await runDomain(() => control(instance.db, actorOf(ctx), idOf(ctx), { action: 'reveal' }));
          expect(got.status, `${via} ${label(ctx, got)}`).toBe(p === 'anonymous' ? 401 : !sees(p, c) ? 404 : 403);
          expect(await snapshot(), `${via} ${label(ctx, got)}`).toBe(before);
        }
      }
    }
  });
});

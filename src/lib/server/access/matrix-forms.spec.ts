// The authorisation matrix for the forms engine (issue 18), beside matrix-events.spec.ts, in four parts:
//   - `formRules`: what canOnForm() must answer, written from the header of access/forms.ts and the
//     form's settings (forms/forms.ts), not from the code;
//   - whereFormReadableBy must agree with canOnForm('read') on real rows, for every principal;
//   - every read path (API and domain) by every principal, on forms of every state in communities of
//     every kind, with canaries in titles, descriptions, questions and answers: an unreadable form
//     answers as a missing one (404), a readable one refuses with 403 (401: a visitor asked to sign in);
//   - every write, refused to everyone who may not, and a refusal changes no row; anonymity holds.
// A new path is a new row; a new secret is a new canary.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import { fakeActor, fakeCommunity, leaksIn, nowhere, runApi, runDomain, runPage, standing, visibilities, type Answer, type Invocation, type Place, type Someone, type Standing } from '../../../../tests/setup/matrix';
import type { Actor } from '../auth/actor';
import { newId, now } from '../ids';
import { addMemberByEmail, createCommunity, endMembership, setArchived, updateCommunity } from '../communities';
import type { CommunityStatus, Form, FormStatus } from '../db/schema';
import { createForm, deleteForm, exportResponses, formResults, getForm, listForms, myResponse, remindNonRespondents, setFormStatus, submitResponse, updateForm, type DefinitionInput } from '../forms';
import { canOnForm, whereFormReadableBy, type FormAction, type FormRelation } from '.';
import type { FormSubject } from './forms';
import { createEvent, eventFeedback, feedbackDefinition, rsvp } from '../events';
import * as communityFormsApi from '../../../routes/api/v1/communities/[slug]/forms/+server';
import * as formApi from '../../../routes/api/v1/forms/[id]/+server';
import * as statusApi from '../../../routes/api/v1/forms/[id]/status/+server';
import * as responsesApi from '../../../routes/api/v1/forms/[id]/responses/+server';
import * as mineApi from '../../../routes/api/v1/forms/[id]/responses/mine/+server';
import * as resultsApi from '../../../routes/api/v1/forms/[id]/results/+server';
import * as csvApi from '../../../routes/api/v1/forms/[id]/results.csv/+server';

const instance = useTestInstance();

const hour = 3600_000;
const day = 24 * hour;

// ---------------------------------------------------------------------------------------------
// 1. canOnForm(): the rules as a table.

/** How a reader stands to one community: their account, their membership there, and whether they asked for it (founded it). */
type Viewer = Standing & { founder: boolean };
type Timing = 'always' | 'within' | 'not_yet' | 'past';
type Shape = {
  place: Place;
  status: FormStatus;
  timing: Timing;
  audience: Form['audience'];
  results: Form['results_visible_to'];
  responded: boolean;
};

const admin = (v: Viewer) => v.account === 'admin';
const active = (v: Viewer) => v.membership?.status === 'active';
const hasRole = (v: Viewer, ...roles: string[]) => active(v) && roles.includes(v.membership!.role);
/**
 * A form follows its community: whoever may read the community's content (anyone in a public one,
 * its active members elsewhere, administrators everywhere; a community waiting for approval only the
 * one who asked for it) reads its published forms.
 */
const readsContent = (v: Viewer, s: Shape) => admin(v) || (s.place.status === 'pending' ? v.founder : s.place.visibility === 'public' || active(v));
/** Those who run a form: the animators of a live community, and administrators (an archived community is read-only for all). */
const runs = (v: Viewer, s: Shape) => s.place.status !== 'archived' && (admin(v) || (s.place.status === 'active' && hasRole(v, 'animator')));
/** The steering view: animators and stewards of a community that exists, administrators. */
const steers = (v: Viewer, s: Shape) => admin(v) || (s.place.status !== 'pending' && hasRole(v, 'animator', 'steward'));
const accepting = (s: Shape) => s.status === 'open' && (s.timing === 'always' || s.timing === 'within');

/**
 * From the header of access/forms.ts and the settings' descriptions: a draft exists only for those
 * who run it (and administrators, who read everything); answering needs the form open, within its
 * dates, in a community not archived, and the actor among those asked — its active members, and with
 * `audience: public` anyone too, in a public community ("visitors … may answer too"); results are for
 * animators and stewards, and for those who answered when the form says so.
 */
const formRules: Record<FormAction, (v: Viewer, s: Shape) => boolean> = {
  read: (v, s) => (s.status === 'draft' ? runs(v, s) || admin(v) : readsContent(v, s)),
  manage: runs,
  respond: (v, s) =>
    accepting(s) && s.place.status !== 'archived' && ((v.account !== 'none' && active(v)) || (s.audience === 'public' && s.place.visibility === 'public' && readsContent(v, s))),
  // Only of a form one may read: a steward does not see a draft, nor its results.
  read_results: (v, s) => formRules.read(v, s) && (steers(v, s) || (s.status !== 'draft' && s.results === 'respondents' && s.responded && readsContent(v, s)))
};

const pure: Someone[] = ['anonymous', 'outsider', 'requester', 'member', 'removed', 'banned', 'left', 'declined', 'steward', 'animator', 'otherAnimator', 'admin'];
/** The animator founded "their" community: in one waiting for approval, they are the one who asked. */
const viewerOf = (p: Someone): Viewer => ({ ...standing[p], founder: p === 'animator' });
const statuses: FormStatus[] = ['draft', 'open', 'closed'];
const timings: Timing[] = ['always', 'within', 'not_yet', 'past'];

function datesOf(timing: Timing, at: number): Pick<Form, 'opens_at' | 'closes_at'> {
  if (timing === 'within') return { opens_at: at - hour, closes_at: at + hour };
  if (timing === 'not_yet') return { opens_at: at + hour, closes_at: null };
  if (timing === 'past') return { opens_at: null, closes_at: at - hour };
  return { opens_at: null, closes_at: null };
}

function formRow(id: string, communityId: string, fields: Partial<Form> = {}): Form {
  const at = now();
  return {
    id, community_id: communityId, purpose: 'survey', subject_id: null, title: 'Sondage', description: '', language: 'fr', status: 'open', opens_at: null, closes_at: null,
    anonymous: 0, audience: 'members', results_visible_to: 'animators', version: 1, reminded_at: null, answers_revision: 0, created_by: null, created_at: at, updated_at: at,
    ...fields
  };
}

function* shapes(): Generator<Shape> {
  const places: Place[] = visibilities.flatMap((visibility) => (['active', 'archived', 'pending'] as CommunityStatus[]).map((status) => ({ visibility, status })));
  for (const place of places) {
    for (const status of statuses) {
      for (const timing of timings) {
        for (const audience of ['members', 'public'] as const) {
          for (const results of ['animators', 'respondents'] as const) for (const responded of [false, true]) yield { place, status, timing, audience, results, responded };
        }
      }
    }
  }
}
const describeShape = (s: Shape) => `${s.status} ${s.audience} form (${s.timing}, results to ${s.results}${s.responded ? ', answered' : ''}) in a ${s.place.status} ${s.place.visibility} community`;

describe('canOnForm(): the rules as a table', () => {
  for (const action of Object.keys(formRules) as FormAction[]) {
    it(`${action}: exactly the principals the rules name`, () => {
      const wrong: string[] = [];
      let cells = 0;
      for (const shape of shapes()) {
        for (const p of pure) {
          // Visitors' answers are not remembered: a visitor never "answered".
          if (p === 'anonymous' && shape.responded) continue;
          const relation: FormRelation = {
            form: formRow('form', 'c', { status: shape.status, ...datesOf(shape.timing, now()), audience: shape.audience, results_visible_to: shape.results }),
            community: fakeCommunity('c', shape.place, { createdBy: 'animator' }),
            membership: standing[p].membership,
            responded: shape.responded
          };
          const expected = formRules[action](viewerOf(p), shape);
          cells++;
          if (canOnForm(fakeActor(p), action, relation) !== expected) wrong.push(`${p} ${expected ? 'refused' : 'allowed'}: ${describeShape(shape)}`);
        }
      }
      expect(cells).toBe(9 * 3 * 4 * 2 * 2 * 2 * pure.length - 9 * 3 * 4 * 2 * 2);
      expect(wrong.slice(0, 12), `${wrong.length} disagreements`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 2. whereFormReadableBy agrees with canOnForm('read') on real rows, for every principal.

describe('whereFormReadableBy agrees with canOnForm(read)', () => {
  it('on every kind of community, form status and audience, where the principal stands and where they do not', async () => {
    const db = instance.db;
    const actors = { anonymous: null } as Record<Someone | 'founder', Actor | null>;
    for (const p of pure) if (p !== 'anonymous') actors[p] = await person(db, p, { role: standing[p].account as 'member' | 'admin' });
    // Half the communities are the animator's, where every principal stands; half someone else's, where none does.
    actors.founder = await person(db, 'Fondatrice ailleurs');
    const forms: Form[] = [];
    for (const visibility of visibilities) {
      for (const status of ['active', 'archived', 'pending'] as const) {
        for (const by of ['animator', 'founder'] as const) {
          const community = await createCommunity(db, actors[by], { name: `${by} ${status} ${visibility}`, visibility });
          await db.updateTable('communities').set({ status }).where('id', '=', community.id).execute();
          if (by === 'animator') {
            for (const p of pure) {
              const membership = standing[p].membership;
              if (!membership || p === 'animator') continue;
              await db.insertInto('memberships').values({ id: newId(), community_id: community.id, user_id: actors[p]!.id, ...membership, created_at: now(), updated_at: now() }).execute();
            }
          }
          for (const formStatus of statuses) for (const audience of ['members', 'public'] as const) forms.push(formRow(newId(), community.id, { status: formStatus, audience, created_by: actors[by]!.id }));
        }
      }
    }
    await db.insertInto('forms').values(forms).execute();
    const ids = forms.map((f) => f.id);
    const communities = await db.selectFrom('communities').selectAll().where('id', 'in', [...new Set(forms.map((f) => f.community_id))]).execute();
    const stored = await db.selectFrom('forms').selectAll().where('id', 'in', ids).execute();

    const wrong: Record<string, { onlySql: string[]; onlyRule: string[] }> = {};
    for (const p of [...pure, 'founder' as const]) {
      const actor = actors[p];
      const memberships = actor ? await db.selectFrom('memberships').select(['community_id', 'role', 'status']).where('user_id', '=', actor.id).execute() : [];
      const relationOf = (form: Form): FormRelation => ({
        form,
        community: communities.find((c) => c.id === form.community_id)!,
        membership: memberships.find((m) => m.community_id === form.community_id) ?? null,
        responded: false
      });
      const listed = (await db.selectFrom('forms').select('id').where('id', 'in', ids).where(whereFormReadableBy(actor)).execute()).map((r) => r.id).sort();
      const readable = stored.filter((f) => canOnForm(actor, 'read', relationOf(f))).map((f) => f.id).sort();
      const describe = (id: string) => {
        const { form, community, membership } = relationOf(stored.find((f) => f.id === id)!);
        return `${form.status} ${form.audience} form of a ${community.status} ${community.visibility} community${membership ? ` (${membership.status} ${membership.role})` : ''}`;
      };
      const onlySql = listed.filter((id) => !readable.includes(id)).map(describe);
      const onlyRule = readable.filter((id) => !listed.includes(id)).map(describe);
      if (onlySql.length || onlyRule.length) wrong[`${p}: ${onlySql.length} listed but unreadable, ${onlyRule.length} readable but not listed`] = { onlySql: onlySql.slice(0, 6), onlyRule: onlyRule.slice(0, 6) };
      // Neither side is trivially empty: everyone reads the public communities' published forms.
      expect(readable.length, p).toBeGreaterThan(0);
    }
    expect(wrong).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Every path × every principal × every kind of community × every state of a form.

const principals = ['anonymous', 'outsider', 'requester', 'member', 'respondent', 'passerby', 'removed', 'banned', 'steward', 'animator', 'otherAnimator', 'admin'] as const;
type Principal = (typeof principals)[number];
/** Those who answered, before anything closed: the respondent and the removed member (then removed) as members, the passer-by the public forms. */
const responders = ['respondent', 'removed', 'passerby'] as const;
type Responder = (typeof responders)[number];

/** `turned` was public when its forms were made, then went private; `elsewhere` is the other animator's own private community. */
const places = ['public', 'private', 'hidden', 'archived', 'pending', 'turned', 'elsewhere'] as const;
type PlaceKey = (typeof places)[number];
const placeOf: Record<PlaceKey, Place> = {
  public: { visibility: 'public', status: 'active' },
  private: { visibility: 'private', status: 'active' },
  hidden: { visibility: 'hidden', status: 'active' },
  archived: { visibility: 'public', status: 'archived' },
  pending: { visibility: 'public', status: 'pending' },
  turned: { visibility: 'private', status: 'active' },
  elsewhere: { visibility: 'private', status: 'active' }
};
const bornPublic = (c: PlaceKey) => c === 'public' || c === 'archived' || c === 'pending' || c === 'turned';

const formKeys = ['draft', 'open', 'respondents', 'anonymous', 'closed', 'scheduled', 'expired', 'public'] as const;
type FormKey = (typeof formKeys)[number];
const formSpecs: Record<FormKey, { status: FormStatus; timing: Timing; audience: Form['audience']; results: Form['results_visible_to']; anonymous?: true }> = {
  draft: { status: 'draft', timing: 'always', audience: 'members', results: 'respondents' },
  open: { status: 'open', timing: 'always', audience: 'members', results: 'animators' },
  respondents: { status: 'open', timing: 'always', audience: 'members', results: 'respondents' },
  anonymous: { status: 'open', timing: 'always', audience: 'members', results: 'respondents', anonymous: true },
  closed: { status: 'closed', timing: 'always', audience: 'members', results: 'respondents' },
  /** Open, but its opensAt is a month away. */
  scheduled: { status: 'open', timing: 'not_yet', audience: 'members', results: 'respondents' },
  /** Open, but its closesAt has passed. */
  expired: { status: 'open', timing: 'past', audience: 'members', results: 'respondents' },
  public: { status: 'open', timing: 'always', audience: 'public', results: 'respondents' }
};
const formsIn = (c: PlaceKey): FormKey[] => (c === 'elsewhere' ? ['draft', 'open'] : formKeys.filter((f) => f !== 'public' || bornPublic(c)));
const cells = places.flatMap((c) => formsIn(c).map((f) => ({ c, f })));

/** Where each principal stands in each community: the same in all of the animator's, nowhere in the other animator's but him. */
function standingIn(p: Principal, c: PlaceKey): Viewer {
  if (c === 'elsewhere') return p === 'otherAnimator' ? { account: 'member', membership: { role: 'animator', status: 'active' }, founder: true } : { ...standing[p === 'admin' ? 'admin' : p === 'anonymous' ? 'anonymous' : 'outsider'], founder: false };
  const as: Record<Principal, Someone> = { anonymous: 'anonymous', outsider: 'outsider', requester: 'requester', member: 'member', respondent: 'member', passerby: 'outsider', removed: 'removed', banned: 'banned', steward: 'steward', animator: 'animator', otherAnimator: 'otherAnimator', admin: 'admin' };
  return { ...standing[as[p]], founder: p === 'animator' };
}
const answered = (r: Principal, c: PlaceKey, f: FormKey) =>
  c !== 'elsewhere' && f !== 'draft' && f !== 'scheduled' && (r === 'respondent' || r === 'removed' || (r === 'passerby' && f === 'public'));
const shapeOf = (p: Principal, c: PlaceKey, f: FormKey): Shape => {
  const spec = formSpecs[f];
  return { place: placeOf[c], status: spec.status, timing: spec.timing, audience: spec.audience, results: spec.results, responded: answered(p, c, f) };
};
const may = (action: FormAction, p: Principal, c: PlaceKey, f: FormKey) => formRules[action](standingIn(p, c), shapeOf(p, c, f));
/** What a path lets through: reading the form first (findForm), then the action (assertOnForm). */
const lets = (action: FormAction, p: Principal, c: PlaceKey, f: FormKey) => may('read', p, c, f) && may(action, p, c, f);
const knowsCommunity = (p: Principal, c: PlaceKey) => {
  const v = standingIn(p, c);
  return admin(v) || (placeOf[c].status === 'pending' ? v.founder : placeOf[c].visibility !== 'hidden' || active(v));
};

type Field = 'title' | 'description' | 'question' | `answer-${Responder}`;
type SecretId = `${PlaceKey}:${FormKey}:${Field}`;
const canary = (id: SecretId) => `canary-${id.replaceAll(':', '-')}`;
const secretIds: SecretId[] = cells.flatMap(({ c, f }) => [
  ...(['title', 'description', 'question'] as const).map((field) => `${c}:${f}:${field}` as const),
  ...responders.filter((r) => answered(r, c, f)).map((r) => `${c}:${f}:answer-${r}` as const)
]);
/** Who may see a canary: a form's words, whoever reads it; an answer, whoever reads its results, and the one who gave it. */
function maySee(id: SecretId, p: Principal): boolean {
  const [c, f, field] = id.split(':') as [PlaceKey, FormKey, Field];
  if (!may('read', p, c, f)) return false;
  if (!field.startsWith('answer-')) return true;
  return may('read_results', p, c, f) || field === `answer-${p}`;
}
const leaks = (text: string, p: Principal) => leaksIn(text, secretIds, canary, (id) => maySee(id, p));
const answersOf = (c: PlaceKey, f: FormKey): SecretId[] => responders.filter((r) => answered(r, c, f)).map((r) => `${c}:${f}:answer-${r}` as const);

const definitionOf = (c: PlaceKey, f: FormKey): DefinitionInput => ({
  questions: [
    { kind: 'single', id: 'format', label: { fr: `Format préféré ${canary(`${c}:${f}:question`)}` }, required: true, choices: [{ id: 'web', label: { fr: 'Webinaire' } }, { id: 'live', label: { fr: 'En personne' } }] },
    { kind: 'long_text', id: 'ideas', label: { fr: 'Idées' } }
  ]
});

type World = { actors: Record<Principal, Actor | null>; slugs: Record<PlaceKey, string>; forms: Record<PlaceKey, Partial<Record<FormKey, string>>> };

async function seed(): Promise<World> {
  const db = instance.db;
  const actors = { anonymous: null } as World['actors'];
  actors.admin = await person(db, 'Admin Matrice', { role: 'admin' });
  for (const p of ['outsider', 'requester', 'member', 'banned', 'steward', 'otherAnimator', 'animator'] as const) actors[p] = await person(db, `Personne ${p}`);
  // Names and addresses that an anonymous form's results must never carry.
  actors.respondent = await person(db, 'Rita Zqrespondent', { email: `zqrespondent.${newId()}@example.org` });
  actors.removed = await person(db, 'Remi Zqremoved', { email: `zqremoved.${newId()}@example.org` });
  actors.passerby = await person(db, 'Pat Zqpasserby', { email: `zqpasserby.${newId()}@example.org` });
  const world: World = { actors, slugs: {} as World['slugs'], forms: {} as World['forms'] };
  const animator = actors.animator!;
  for (const c of places) {
    const runner = c === 'elsewhere' ? actors.otherAnimator! : animator;
    const visibility = c === 'elsewhere' || c === 'private' ? 'private' : c === 'hidden' ? 'hidden' : 'public';
    const community = await createCommunity(db, runner, { name: `Formulaires ${c}`, slug: `matrice-forms-${c}`, visibility, joinPolicy: c === 'hidden' ? 'invite' : 'request' });
    world.slugs[c] = community.slug;
    world.forms[c] = {};
    if (c !== 'elsewhere') {
      for (const p of ['member', 'respondent', 'removed', 'banned'] as const) await addMemberByEmail(db, animator, community.slug, { email: actors[p]!.email });
      await addMemberByEmail(db, animator, community.slug, { email: actors.steward!.email, role: 'steward' });
      await db.insertInto('memberships').values({ id: newId(), community_id: community.id, user_id: actors.requester!.id, role: 'member', status: 'pending', created_at: now(), updated_at: now() }).execute();
    }
    for (const f of formsIn(c)) {
      const spec = formSpecs[f];
      const { id } = await createForm(db, runner, community.slug, {
        title: canary(`${c}:${f}:title`),
        description: `Pour *mieux* vous connaître : ${canary(`${c}:${f}:description`)}`,
        audience: spec.audience,
        resultsVisibleTo: spec.results,
        anonymous: spec.anonymous === true,
        opensAt: spec.timing === 'not_yet' ? now() + 30 * day : null,
        definition: definitionOf(c, f)
      });
      if (spec.status !== 'draft') await setFormStatus(db, runner, id, 'open');
      for (const r of responders.filter((r) => answered(r, c, f))) {
        await submitResponse(db, { actor: actors[r], ip: '192.0.2.20' }, id, { answers: { format: 'live', ideas: `Mon idée : ${canary(`${c}:${f}:answer-${r}`)}` } });
      }
      if (spec.status === 'closed') await setFormStatus(db, runner, id, 'closed');
      if (spec.timing === 'past') await updateForm(db, runner, id, { closesAt: now() - hour });
      world.forms[c][f] = id;
    }
    if (c === 'elsewhere') continue;
    await endMembership(db, animator, community.slug, actors.removed!.id, 'removed');
    await endMembership(db, animator, community.slug, actors.banned!.id, 'banned');
    if (c === 'archived') await setArchived(db, animator, community.slug, true);
    if (c === 'pending') await db.updateTable('communities').set({ status: 'pending' }).where('id', '=', community.id).execute();
    if (c === 'turned') await updateCommunity(db, animator, community.slug, { visibility: 'private' });
  }
  return world;
}

type Ctx = { w: World; p: Principal; c: PlaceKey; f: FormKey; ghost?: boolean };
const idOf = (ctx: Ctx) => (ctx.ghost ? nowhere : ctx.w.forms[ctx.c][ctx.f]!);
const actorOf = (ctx: Ctx) => ctx.w.actors[ctx.p];
/** A route as the server calls it after the auth handle, with the client's address some routes ask for. */
const withAddress = (handler: unknown) => (event: object) => (handler as (event: unknown) => Promise<Response>)({ ...event, getClientAddress: () => '192.0.2.30' });
const invocation = (ctx: Ctx, extra: Partial<Invocation> = {}): Invocation => ({ actor: actorOf(ctx), path: '/matrice', params: { id: idOf(ctx) }, ...extra });
const api = (handler: unknown, ctx: Ctx, extra: Partial<Invocation> = {}) => runApi(withAddress(handler), invocation(ctx, extra));
const domain = (work: (actor: Actor | null, id: string) => Promise<unknown>) => (ctx: Ctx) => runDomain(() => work(actorOf(ctx), idOf(ctx)));

/** What a path answers a principal: 404 unless they read the form, then 200 if allowed, else 403 (401 for a visitor asked to sign in to answer a form taking answers). */
function statusFor(action: FormAction, ctx: Ctx, ok = 200): number {
  const { p, c, f } = ctx;
  if (!may('read', p, c, f)) return 404;
  if (lets(action, p, c, f)) return action === 'respond' && formSpecs[f].anonymous && answered(p, c, f) ? 409 : ok;
  const shape = shapeOf(p, c, f);
  return p === 'anonymous' && action === 'respond' && accepting(shape) && shape.place.status !== 'archived' ? 401 : 403;
}
/** Routes that ask for an account first answer a visitor 401 whatever the form. */
const signedIn = (status: (ctx: Ctx) => number) => (ctx: Ctx) => (ctx.p === 'anonymous' ? 401 : status(ctx));

type ReadPath = { run: (ctx: Ctx) => Promise<Answer>; status: (ctx: Ctx) => number; shows: (ctx: Ctx) => SecretId[] };
const words = ({ c, f }: Ctx): SecretId[] => [`${c}:${f}:title`, `${c}:${f}:description`, `${c}:${f}:question`];
const resultsShow = (ctx: Ctx): SecretId[] => (statusFor('read_results', ctx) === 200 ? [`${ctx.c}:${ctx.f}:question`, ...answersOf(ctx.c, ctx.f)] : []);
const mineShows = (ctx: Ctx): SecretId[] =>
  ctx.p !== 'anonymous' && may('read', ctx.p, ctx.c, ctx.f) && !formSpecs[ctx.f].anonymous && answered(ctx.p, ctx.c, ctx.f) ? [`${ctx.c}:${ctx.f}:answer-${ctx.p as Responder}`] : [];

const reads: Record<string, ReadPath> = {
  'GET /api/v1/forms/{id}': { run: (ctx) => api(formApi.GET, ctx), status: (ctx) => statusFor('read', ctx), shows: (ctx) => (may('read', ctx.p, ctx.c, ctx.f) ? words(ctx) : []) },
  getForm: { run: domain((actor, id) => getForm(instance.db, actor, id)), status: (ctx) => statusFor('read', ctx), shows: (ctx) => (may('read', ctx.p, ctx.c, ctx.f) ? words(ctx) : []) },
  'GET /api/v1/forms/{id}/results': { run: (ctx) => api(resultsApi.GET, ctx), status: (ctx) => statusFor('read_results', ctx), shows: resultsShow },
  formResults: { run: domain((actor, id) => formResults(instance.db, actor, id, {}, 'fr')), status: (ctx) => statusFor('read_results', ctx), shows: resultsShow },
  // A file's name is its title: its header is searched with its body.
  'GET /api/v1/forms/{id}/results.csv': {
    run: (ctx) => runPage(withAddress(csvApi.GET), invocation(ctx)),
    status: (ctx) => statusFor('read_results', ctx),
    shows: (ctx) => (statusFor('read_results', ctx) === 200 ? [`${ctx.c}:${ctx.f}:title`, ...resultsShow(ctx)] : [])
  },
  exportResponses: {
    run: domain((actor, id) => exportResponses(instance.db, actor, id, 'fr')),
    status: (ctx) => statusFor('read_results', ctx),
    shows: (ctx) => (statusFor('read_results', ctx) === 200 ? [`${ctx.c}:${ctx.f}:title`, ...resultsShow(ctx)] : [])
  },
  'GET /api/v1/forms/{id}/responses/mine': { run: (ctx) => api(mineApi.GET, ctx), status: signedIn((ctx) => statusFor('read', ctx)), shows: mineShows },
  // A visitor has no response of their own: null, without looking.
  myResponse: { run: domain((actor, id) => myResponse(instance.db, actor, id)), status: (ctx) => (ctx.p === 'anonymous' ? 200 : statusFor('read', ctx)), shows: mineShows }
};

const answerBody = { answers: { format: 'web', ideas: 'Réponse de la matrice' } };
/**
 * Editing is a question of who may, and nothing else: a public form in a community that went private
 * (`turned`) takes a new title like any other — its audience is checked only when it changes.
 */
const editStatus = (ctx: Ctx) => statusFor('manage', ctx);
const targetOf = (f: FormKey) => (formSpecs[f].status === 'open' ? 'closed' : 'open');
type WritePath = { run: (ctx: Ctx) => Promise<Answer>; status: (ctx: Ctx) => number };
const writes: Record<string, WritePath> = {
  'POST /api/v1/forms/{id}/responses': { run: (ctx) => api(responsesApi.POST, ctx, { method: 'POST', json: answerBody }), status: (ctx) => statusFor('respond', ctx) },
  submitResponse: { run: (ctx) => runDomain(() => submitResponse(instance.db, { actor: actorOf(ctx), ip: '192.0.2.40' }, idOf(ctx), answerBody)), status: (ctx) => statusFor('respond', ctx) },
  'PATCH /api/v1/forms/{id}': { run: (ctx) => api(formApi.PATCH, ctx, { method: 'PATCH', json: { title: 'Titre changé' } }), status: signedIn(editStatus) },
  updateForm: { run: domain((actor, id) => updateForm(instance.db, actor, id, { title: 'Titre changé' })), status: editStatus },
  'PUT /api/v1/forms/{id}/status': {
    run: (ctx) => api(statusApi.PUT, ctx, { method: 'PUT', json: { status: targetOf(ctx.f) } }),
    status: signedIn((ctx) => statusFor('manage', ctx, 204))
  },
  setFormStatus: { run: (ctx) => runDomain(() => setFormStatus(instance.db, actorOf(ctx), idOf(ctx), targetOf(ctx.f))), status: (ctx) => statusFor('manage', ctx) },
  'DELETE /api/v1/forms/{id}': { run: (ctx) => api(formApi.DELETE, ctx, { method: 'DELETE' }), status: signedIn((ctx) => statusFor('manage', ctx, 204)) },
  deleteForm: { run: domain((actor, id) => deleteForm(instance.db, actor, id)), status: (ctx) => statusFor('manage', ctx) }
};

/** The rows a write could touch: the four tables' counts, and every row of the form. */
async function snapshot(formId: string) {
  const db = instance.db;
  const sorted = (rows: object[]) => rows.map((row) => JSON.stringify(row)).sort();
  const [counts, form, versions, responseRows, answerRows, marks] = await Promise.all([
    db
      .selectNoFrom((eb) => (['forms', 'form_responses', 'form_answers', 'form_participations'] as const).map((table) => eb.selectFrom(table).select((e) => e.fn.countAll<number>().as('n')).as(table)))
      .executeTakeFirstOrThrow(),
    db.selectFrom('forms').selectAll().where('id', '=', formId).executeTakeFirst(),
    db.selectFrom('form_versions').selectAll().where('form_id', '=', formId).execute(),
    db.selectFrom('form_responses').selectAll().where('form_id', '=', formId).execute(),
    db.selectFrom('form_answers').selectAll().where('form_id', '=', formId).execute(),
    db.selectFrom('form_participations').selectAll().where('form_id', '=', formId).execute()
  ]);
  return { counts: Object.fromEntries(Object.entries(counts).map(([table, n]) => [table, Number(n)])), form: form ?? null, versions, responses: responseRows, answers: answerRows, marks, key: JSON.stringify([form, ...[versions, responseRows, answerRows, marks].map(sorted)]) };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** Back to the seeded form after an allowed write. */
async function restore(formId: string, seeded: Snapshot) {
  await instance.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('form_answers').where('form_id', '=', formId).execute();
    await tx.deleteFrom('form_responses').where('form_id', '=', formId).execute();
    await tx.deleteFrom('form_participations').where('form_id', '=', formId).execute();
    await tx.deleteFrom('form_versions').where('form_id', '=', formId).execute();
    await tx.deleteFrom('forms').where('id', '=', formId).execute();
    await tx.insertInto('forms').values(seeded.form!).execute();
    await tx.insertInto('form_versions').values(seeded.versions).execute();
    if (seeded.responses.length) await tx.insertInto('form_responses').values(seeded.responses).execute();
    if (seeded.answers.length) await tx.insertInto('form_answers').values(seeded.answers).execute();
    if (seeded.marks.length) await tx.insertInto('form_participations').values(seeded.marks).execute();
  });
}

describe('forms: every path × every principal × every kind of community × every state of a form', () => {
  let world: World;
  beforeAll(async () => {
    world = await seed();
  }, 120_000);

  const label = (ctx: Ctx, answer: Answer) => `${ctx.p} on ${ctx.c}/${ctx.f}: ${answer.status} ${answer.text.slice(0, 200)}`;
  /** An unreadable form answers exactly as one that does not exist. */
  async function expectGhostly(run: (ctx: Ctx) => Promise<Answer>, ctx: Ctx, answer: Answer) {
    const missing = await run({ ...ctx, ghost: true });
    expect(answer, label(ctx, answer)).toEqual({ ...missing, text: missing.text.replaceAll(nowhere, idOf(ctx)) });
  }

  for (const [path, row] of Object.entries(reads)) {
    it(`${path}: the right status for each, what they may see, and no canary beyond`, async () => {
      for (const p of principals) {
        for (const { c, f } of cells) {
          const ctx: Ctx = { w: world, p, c, f };
          const answer = await row.run(ctx);
          expect(answer.status, label(ctx, answer)).toBe(row.status(ctx));
          expect(row.shows(ctx).filter((id) => !answer.text.includes(canary(id))), `${label(ctx, answer)}: missing`).toEqual([]);
          expect(leaks(answer.text, p), label(ctx, answer)).toEqual([]);
          if (!may('read', p, c, f)) await expectGhostly(row.run, ctx, answer);
        }
      }
    });
  }

  const lists: Record<string, (ctx: Ctx) => Promise<Answer>> = {
    'GET /api/v1/communities/{slug}/forms': (ctx) => runApi(communityFormsApi.GET, { actor: actorOf(ctx), path: '/matrice?limit=100', params: { slug: ctx.ghost ? nowhere : ctx.w.slugs[ctx.c] } }),
    listForms: (ctx) => runDomain(() => listForms(instance.db, actorOf(ctx), ctx.ghost ? nowhere : ctx.w.slugs[ctx.c], { limit: 100 }))
  };
  for (const [path, run] of Object.entries(lists)) {
    it(`${path}: exactly the forms canOnForm lets each principal read, in every kind of community`, async () => {
      for (const p of principals) {
        for (const c of places) {
          const ctx: Ctx = { w: world, p, c, f: 'open' };
          const answer = await run(ctx);
          expect(answer.status, label(ctx, answer)).toBe(knowsCommunity(p, c) ? 200 : 404);
          if (!knowsCommunity(p, c)) {
            const missing = await run({ ...ctx, ghost: true });
            expect(answer, label(ctx, answer)).toEqual({ ...missing, text: missing.text.replaceAll(nowhere, ctx.w.slugs[c]) });
          }
          const readable = formsIn(c).filter((f) => may('read', p, c, f));
          expect(readable.filter((f) => !answer.text.includes(canary(`${c}:${f}:title`))), `${label(ctx, answer)}: missing`).toEqual([]);
          expect(leaks(answer.text, p), label(ctx, answer)).toEqual([]);
          if (answer.status === 200) expect((JSON.parse(answer.text) as { items: unknown[] }).items, label(ctx, answer)).toHaveLength(readable.length);
        }
      }
    });
  }

  for (const [path, row] of Object.entries(writes)) {
    it(`${path}: refused to everyone who may not, and a refusal changes no row`, async () => {
      // Every allowed write is undone: each cell starts from the seeded rows.
      const seeded = new Map<string, Snapshot>();
      for (const p of principals) {
        for (const { c, f } of cells) {
          const ctx: Ctx = { w: world, p, c, f };
          const id = idOf(ctx);
          if (!seeded.has(id)) seeded.set(id, await snapshot(id));
          const before = seeded.get(id)!;
          const answer = await row.run(ctx);
          const status = row.status(ctx);
          expect(answer.status, label(ctx, answer)).toBe(status);
          const after = await snapshot(id);
          if (status < 300) {
            expect(after.key, `${label(ctx, answer)}: nothing changed`).not.toBe(before.key);
            await restore(id, before);
          } else {
            expect(after.counts, label(ctx, answer)).toEqual(before.counts);
            expect(after.key, label(ctx, answer)).toBe(before.key);
          }
          expect(leaks(answer.text, p), label(ctx, answer)).toEqual([]);
          if (!may('read', p, c, f)) await expectGhostly(row.run, ctx, answer);
        }
      }
    });
  }

  const creates: Record<string, { run: (ctx: Ctx) => Promise<Answer>; created: number }> = {
    'POST /api/v1/communities/{slug}/forms': {
      run: (ctx) => runApi(communityFormsApi.POST, { actor: actorOf(ctx), path: '/matrice', method: 'POST', params: { slug: ctx.w.slugs[ctx.c] }, json: { title: 'Nouveau sondage', definition: definitionOf(ctx.c, 'open') } }),
      created: 201
    },
    createForm: { run: (ctx) => runDomain(() => createForm(instance.db, actorOf(ctx), ctx.w.slugs[ctx.c], { title: 'Nouveau sondage', definition: definitionOf(ctx.c, 'open') })), created: 200 }
  };
  for (const [path, row] of Object.entries(creates)) {
    it(`${path}: only those who run the community draft, and a refusal creates nothing`, async () => {
      for (const p of principals) {
        for (const c of places) {
          const ctx: Ctx = { w: world, p, c, f: 'open' };
          const before = await snapshot(nowhere);
          const answer = await row.run(ctx);
          const allowed = formRules.manage(standingIn(p, c), shapeOf(p, c, 'open'));
          // The route asks for an account before it looks.
          const refused = p === 'anonymous' && path.startsWith('POST') ? 401 : !knowsCommunity(p, c) ? 404 : 403;
          expect(answer.status, label(ctx, answer)).toBe(allowed ? row.created : refused);
          const after = await snapshot(nowhere);
          if (allowed) {
            const { id } = JSON.parse(answer.text) as { id: string };
            await instance.db.deleteFrom('form_versions').where('form_id', '=', id).execute();
            await instance.db.deleteFrom('forms').where('id', '=', id).execute();
          } else expect(after.counts, label(ctx, answer)).toEqual(before.counts);
        }
      }
    });
  }

  it('an anonymous form keeps no trace of who answered: not in its rows, its results or its CSV', async () => {
    const db = instance.db;
    const people = (['respondent', 'removed'] as const).map((r) => world.actors[r]!);
    const traces = people.flatMap((a) => [a.id, a.name, a.email]);
    for (const c of places.filter((c) => formsIn(c).includes('anonymous'))) {
      const id = world.forms[c].anonymous!;
      const rows = [
        ...(await db.selectFrom('form_responses').selectAll().where('form_id', '=', id).execute()),
        ...(await db.selectFrom('form_answers').selectAll().where('form_id', '=', id).execute())
      ];
      expect(rows.length, c).toBeGreaterThan(0);
      expect(traces.filter((t) => JSON.stringify(rows).includes(t)), c).toEqual([]);
      // Only the separate mark says they took part.
      const marks = await db.selectFrom('form_participations').select('user_id').where('form_id', '=', id).execute();
      expect(marks.map((m) => m.user_id).sort(), c).toEqual(people.map((a) => a.id).sort());
      for (const p of ['admin', 'animator', 'steward', 'respondent'] as const) {
        const ctx: Ctx = { w: world, p, c, f: 'anonymous' };
        for (const path of ['GET /api/v1/forms/{id}/results', 'formResults', 'GET /api/v1/forms/{id}/results.csv', 'exportResponses', 'getForm']) {
          const answer = await reads[path]!.run(ctx);
          if (answer.status !== 200) continue;
          expect(traces.filter((t) => answer.text.includes(t)), `${path} as ${p} in ${c}`).toEqual([]);
        }
        // Their own anonymous response is not theirs to read back either.
        if (p === 'respondent' && may('read', p, c, 'anonymous')) expect((await reads.myResponse!.run(ctx)).text, c).toBe('null');
      }
    }
    // A named form's CSV does name them, for those who read its results: the check above could fail.
    const named = await runDomain(() => exportResponses(db, world.actors.admin, world.forms.public.respondents!, 'fr'));
    expect(named.text).toContain('Rita Zqrespondent');
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Feedback forms: the event decides (header of access/forms.ts), the community's roles do not.

type FeedbackShape = { place: Place; status: FormStatus; timing: Timing; results: Form['results_visible_to']; responded: boolean; subject: FormSubject | null };

/**
 * From the header of access/forms.ts: those who went (going, once it started) answer; those who run
 * the event run the form and read its results; nobody else knows it exists; without its event,
 * nobody. An archived community's form takes no answers and no edits, a draft shows only to those who
 * run it.
 */
const feedbackRules: Record<FormAction, (s: FeedbackShape) => boolean> = {
  read: (s) => !!s.subject?.read && (s.status === 'draft' ? s.subject.manage && s.place.status !== 'archived' : s.subject.manage || s.subject.going),
  manage: (s) => !!s.subject?.read && s.subject.manage && s.place.status !== 'archived',
  respond: (s) => !!s.subject?.read && s.subject.answer && accepting(s as unknown as Shape) && s.place.status !== 'archived',
  read_results: (s) => feedbackRules.read(s) && (s.subject!.manage || (s.status !== 'draft' && s.results === 'respondents' && s.responded))
};

/** What someone may be to an event, as canOnEvent() can say it: one who gives feedback went and sees it; one who runs it sees it. */
function* subjects(): Generator<FormSubject | null> {
  yield null;
  for (const read of [false, true]) {
    for (const manage of [false, true]) {
      for (const going of [false, true]) {
        for (const answer of [false, true]) if ((!manage || read) && (!answer || (going && read))) yield { kind: 'event', id: 'event', read, manage, going, answer };
      }
    }
  }
}

describe('canOnForm() on feedback forms: the rules as a table', () => {
  for (const action of Object.keys(feedbackRules) as FormAction[]) {
    it(`${action}: as the event says, whatever the principal is to the community`, () => {
      const wrong: string[] = [];
      const places: Place[] = visibilities.flatMap((visibility) => (['active', 'archived', 'pending'] as CommunityStatus[]).map((status) => ({ visibility, status })));
      for (const place of places) {
        for (const status of statuses) {
          for (const timing of timings) {
            for (const results of ['animators', 'respondents'] as const) {
              for (const responded of [false, true]) {
                for (const subject of subjects()) {
                  const shape: FeedbackShape = { place, status, timing, results, responded, subject };
                  for (const p of pure) {
                    const relation: FormRelation = {
                      form: formRow('form', 'c', { purpose: 'feedback', subject_id: 'event', status, ...datesOf(timing, now()), results_visible_to: results }),
                      community: fakeCommunity('c', place, { createdBy: 'animator' }),
                      membership: standing[p].membership,
                      responded,
                      subject
                    };
                    const expected = feedbackRules[action](shape);
                    if (canOnForm(fakeActor(p), action, relation) !== expected) wrong.push(`${p} ${expected ? 'refused' : 'allowed'}: ${status} (${timing}) in ${place.status} ${place.visibility}, subject ${JSON.stringify(subject)}`);
                  }
                }
              }
            }
          }
        }
      }
      expect(wrong.slice(0, 12), `${wrong.length} disagreements`).toEqual([]);
    });
  }
});

describe('feedback forms on real rows: a private community’s event', () => {
  it('is answered by those who went, read in full by those who run it, and unknown to everyone else', async () => {
    const db = instance.db;
    const hour = 3600_000;
    const animator = await person(db, 'Animatrice du retour');
    const { slug } = await createCommunity(db, animator, { name: 'Retours privés', slug: `retours-${newId().slice(-6)}`, visibility: 'private', joinPolicy: 'request' });
    const add = async (name: string, role?: 'steward') => {
      const actor = await person(db, name);
      await addMemberByEmail(db, animator, slug, { email: actor.email, ...(role ? { role } : {}) });
      return actor;
    };
    const went = await add('Participante');
    const maybe = await add('Peut-être');
    const member = await add('Membre absente');
    const steward = await add('Comité', 'steward');
    const outsider = await person(db, 'Passante');
    const admin = await person(db, 'Admin', { role: 'admin' });
    const { id: eventId } = await createEvent(db, animator, {
      communities: [slug], title: 'Atelier fermé', audience: 'members', timeZone: 'America/Toronto',
      startsAt: new Date(Date.now() - hour).toISOString(), endsAt: new Date(Date.now() + hour).toISOString()
    } as Parameters<typeof createEvent>[2]);
    await rsvp(db, went, eventId, { status: 'going' });
    await rsvp(db, maybe, eventId, { status: 'maybe' });

    // Nobody has asked for it yet: the page of one who went makes it, twice at once makes one.
    const [first, second] = await Promise.all([eventFeedback(db, went, eventId), eventFeedback(db, animator, eventId)]);
    expect(first?.formId).toBe(second?.formId);
    const formId = first!.formId;
    expect(await db.selectFrom('forms').select('id').where('purpose', '=', 'feedback').where('subject_id', '=', eventId).execute()).toHaveLength(1);
    expect(first).toMatchObject({ mayAnswer: true, responded: false, summary: null });
    // Stored as the engine stores any definition, every default filled in (the answer page reads them).
    expect((await getForm(db, went, formId)).definition).toEqual(feedbackDefinition());
    expect(second?.summary).toMatchObject({ formId, count: 0 });
    for (const someone of [maybe, member, steward, outsider, null]) expect(await eventFeedback(db, someone, eventId).catch(() => null)).toBeNull();

    const canary = 'canary-feedback-private';
    const body = { answers: { satisfaction: 5, useful: canary } };
    const call = (handler: unknown, actor: Actor | null, extra: Partial<Invocation> = {}) => runApi(withAddress(handler), { actor, path: '/matrice', params: { id: formId }, ...extra });
    const respond = (actor: Actor | null) => call(responsesApi.POST, actor, { method: 'POST', json: body });
    // Those who did not go do not know it exists; bad input from one who went changes nothing.
    for (const someone of [maybe, member, steward, outsider, null]) expect((await respond(someone)).status, someone?.name ?? 'visitor').toBe(404);
    expect((await call(responsesApi.POST, went, { method: 'POST', json: { answers: { satisfaction: 9 } } })).status).toBe(400);
    expect(await db.selectFrom('form_responses').select('id').where('form_id', '=', formId).execute()).toHaveLength(0);
    expect((await respond(went)).status).toBe(200);

    const reads = async (actor: Actor | null) => ({
      form: (await call(formApi.GET, actor)).status,
      results: (await call(resultsApi.GET, actor)).status,
      csv: (await call(csvApi.GET, actor)).status
    });
    expect(await reads(animator)).toEqual({ form: 200, results: 200, csv: 200 });
    expect(await reads(admin)).toEqual({ form: 200, results: 200, csv: 200 });
    expect(await reads(went)).toEqual({ form: 200, results: 403, csv: 403 });
    for (const someone of [maybe, member, steward, outsider, null]) {
      const answers = [await call(formApi.GET, someone), await call(resultsApi.GET, someone), await call(csvApi.GET, someone), await call(mineApi.GET, someone)];
      // A visitor's own response is asked of a signed-in member before any form is looked up.
      expect(answers.map((a) => a.status), someone?.name ?? 'visitor').toEqual([404, 404, 404, someone ? 404 : 401]);
      expect(answers.some((a) => a.text.includes(canary))).toBe(false);
    }
    expect((await call(resultsApi.GET, animator)).text).toContain(canary);
    // Never listed with the community's surveys: it is reached from its event.
    for (const someone of [animator, admin]) expect((await listForms(db, someone, slug, { limit: 100 })).items.map((f) => f.id)).not.toContain(formId);
    expect(await db.selectFrom('forms').select('id').where(whereFormReadableBy(admin)).where('id', '=', formId).execute()).toEqual([]);
    // The organisers run it; the one who answered does not.
    expect(await outcome(setFormStatus(db, went, formId, 'closed'))).toBe('forbidden');
    // A survey's reminder would reach the community's members, not the participants: refused.
    expect(await outcome(remindNonRespondents(db, animator, formId))).toBe('conflict:forms.errors.remind_feedback');
    await setFormStatus(db, animator, formId, 'closed');
    expect((await respond(went)).status).toBe(403);
  });
});

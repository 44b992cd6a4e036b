// The authorisation matrix for events (issue 6), beside matrix-posts.spec.ts, in the same three parts:
//   - `eventRules`: what canOnEvent() must answer, written from the issue's words, not from the code;
//   - whereEventVisibleTo must agree with canOnEvent('read') on real rows, for every principal;
//   - every read path and every action on events, by every principal of a public, a private and a
//     hidden community, with canaries (title, meeting link, material, feedback comment) that must
//     never reach anyone who may not see them. A new path is a new row; a new secret is a new canary.
// From the issue: "private events must not appear in any calendar feed, agenda or .ics an outsider can
// reach, and an online meeting link only reaches registered participants".
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { fakeActor, fakeCommunity, isMember, nowhere, runPage, standing, visibilities, type Answer, type Place } from '../../../../tests/setup/matrix';
import type { Actor } from '../auth/actor';
import { newId, now } from '../ids';
import { addMemberByEmail, changeRole, createCommunity, endMembership } from '../communities';
import type { Event, EventAudience, RegistrationStatus, Visibility } from '../db/schema';
import { addMaterialLink, createCalendarFeed, createEvent, feedbackFormOf, revokeCalendarFeed } from '../events';
import { canOnEvent, findEvent, whereEventVisibleTo, type EventAction, type EventRelation, type Relation } from '.';
import * as eventIcs from '../../../routes/e/[id].ics/+server';
import * as communityIcs from '../../../routes/c/[slug]/events.ics/+server';
import * as personalIcs from '../../../routes/calendar/[token].ics/+server';
import * as eventsApi from '../../../routes/api/v1/events/+server';
import * as eventApi from '../../../routes/api/v1/events/[id]/+server';
import * as occurrencesApi from '../../../routes/api/v1/events/[id]/occurrences/+server';
import * as participantsApi from '../../../routes/api/v1/events/[id]/participants/+server';
import * as attendanceApi from '../../../routes/api/v1/events/[id]/participants/[userId]/attendance/+server';
import * as feedbackApi from '../../../routes/api/v1/events/[id]/feedback/+server';
import * as materialsApi from '../../../routes/api/v1/events/[id]/materials/+server';
import * as materialApi from '../../../routes/api/v1/events/[id]/materials/[materialId]/+server';
import * as rsvpApi from '../../../routes/api/v1/events/[id]/rsvp/+server';
import * as eventPage from '../../../routes/e/[id]/+page.server';
import * as editPage from '../../../routes/e/[id]/edit/+page.server';
import * as csvFile from '../../../routes/e/[id]/participants.csv/+server';
import * as communityEventsPage from '../../../routes/c/[slug]/events/+page.server';
import * as agendaPage from '../../../routes/agenda/+page.server';
import * as myAgendaPage from '../../../routes/agenda/mine/+page.server';

const instance = useTestInstance();

const base = ['anonymous', 'outsider', 'member', 'removed', 'banned', 'otherAnimator', 'animator', 'steward', 'organiser', 'admin'] as const;
const registered = ['going', 'maybe', 'waitlisted', 'not_going'] as const satisfies readonly RegistrationStatus[];
const principals = [...base, ...registered] as const;
type Base = (typeof base)[number];
type Principal = (typeof principals)[number];
const audiences: EventAudience[] = ['public', 'members', 'animators'];

/** Those with a registration are active members of their community. */
const baseOf = (p: Principal): Base => ((registered as readonly string[]).includes(p) ? 'member' : (p as Base));
const registrationOf = (p: Principal): RegistrationStatus | null => ((registered as readonly string[]).includes(p) ? (p as RegistrationStatus) : null);

// ---------------------------------------------------------------------------------------------
// 1. canOnEvent(): the rules as a table.

type Shape = {
  hosts: Place[];
  /** Which host the principal stands in (by index), if any. */
  belongsTo: number | null;
  audience: EventAudience;
  registration: RegistrationStatus | null;
  cancelled: boolean;
  link: boolean;
  past: boolean;
};

/**
 * From the issue and the brief: a public event is visible to whoever may know a host exists (a hidden
 * host: its members); a members' event to active members of a host; an animators' one to animators and
 * stewards of a host; organisers and administrators always. Those who run it (organisers, animators of a
 * live host, administrators) manage it; the meeting link reaches them and participants who are going,
 * never maybe, waitlisted or not going. Registering needs an account, an event neither cancelled nor
 * over, and no archived host; feedback needs to have gone to one that started.
 */
const readsHost = (p: Base, s: Shape, i: number) => {
  if (p === 'admin') return true;
  const mine = s.belongsTo === i && isMember(p);
  if (s.audience === 'public') return s.hosts[i]!.visibility !== 'hidden' || mine;
  if (s.audience === 'members') return mine;
  return mine && (p === 'animator' || p === 'steward');
};
const runs = (p: Base, s: Shape) =>
  p === 'organiser' || (p === 'admin' && s.hosts.some((h) => h.status === 'active')) || (p === 'animator' && s.belongsTo !== null && s.hosts[s.belongsTo]!.status === 'active');
const eventRules: Record<EventAction, (p: Base, s: Shape) => boolean> = {
  read: (p, s) => p === 'organiser' || s.hosts.some((_, i) => readsHost(p, s, i)),
  manage: (p, s) => eventRules.read(p, s) && runs(p, s),
  join_online: (p, s) => eventRules.read(p, s) && s.link && !s.cancelled && (runs(p, s) || s.registration === 'going'),
  register: (p, s) => eventRules.read(p, s) && p !== 'anonymous' && !s.cancelled && !s.past && s.hosts.every((h) => h.status === 'active'),
  give_feedback: (p, s) => eventRules.read(p, s) && p !== 'anonymous' && !s.cancelled && s.past && s.registration === 'going'
};

function* shapes(): Generator<Shape> {
  const places: Place[] = visibilities.flatMap((visibility) => (['active', 'archived'] as const).map((status) => ({ visibility, status })));
  const hostings = [...places.map((a) => [a]), ...places.flatMap((a) => places.map((b) => [a, b]))];
  for (const hosts of hostings) {
    for (const belongsTo of [null, ...hosts.keys()]) {
      for (const audience of audiences) {
        for (const registration of [null, ...registered]) {
          for (const cancelled of [false, true]) {
            for (const link of [false, true]) for (const past of [false, true]) yield { hosts, belongsTo, audience, registration, cancelled, link, past };
          }
        }
      }
    }
  }
}

const describeShape = (s: Shape) =>
  `${s.hosts.map((h) => `${h.status} ${h.visibility}`).join(' + ')}, in ${s.belongsTo ?? 'none'}, audience ${s.audience}, ` +
  `${s.registration ?? 'unregistered'}${s.cancelled ? ', cancelled' : ''}${s.link ? ', online' : ''}${s.past ? ', past' : ''}`;

const hour = 3600_000;
function eventRow(id: string, communityId: string, fields: Partial<Event> = {}): Event {
  const at = now();
  return {
    id, series_id: null, series_start: null, community_id: communityId, kind: 'webinar', format: 'online', title: 'Webinaire', description: '',
    description_html: '', language: 'fr', address: null, meeting_url: 'https://meet.example.org/x', starts_at: at + 240 * hour, ends_at: at + 241 * hour,
    time_zone: 'America/Toronto', audience: 'public', capacity: null, registration_deadline: null, questions: '[]', reminders: '[]', status: 'scheduled',
    sequence: 0, recording_url: null, created_by: null, created_at: at, updated_at: at,
    ...fields
  };
}

function fakeRelation(p: Base, s: Shape): EventRelation {
  const at = now();
  const event = eventRow('event', 'host-0', {
    audience: s.audience,
    status: s.cancelled ? 'cancelled' : 'scheduled',
    meeting_url: s.link ? 'https://meet.example.org/x' : null,
    starts_at: s.past ? at - 3 * hour : at + 2 * hour,
    ends_at: s.past ? at - 2 * hour : at + 3 * hour
  });
  const hosts: Relation[] = s.hosts.map((place, i) => ({ community: fakeCommunity(`host-${i}`, place), membership: s.belongsTo === i ? standing[p].membership : null }));
  return { event, hosts, organiser: p === 'organiser', registration: s.registration ? { status: s.registration } : null };
}

describe('canOnEvent(): the rules as a table', () => {
  for (const action of Object.keys(eventRules) as EventAction[]) {
    it(`${action}: exactly the principals the rules name`, () => {
      const wrong: string[] = [];
      for (const shape of shapes()) {
        for (const p of base) {
          if (p === 'anonymous' && shape.registration) continue;
          const expected = eventRules[action](p, shape);
          if (canOnEvent(fakeActor(p), action, fakeRelation(p, shape)) !== expected) wrong.push(`${p} ${expected ? 'refused' : 'allowed'}: ${describeShape(shape)}`);
        }
      }
      expect(wrong.slice(0, 12), `${wrong.length} disagreements`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 2. whereEventVisibleTo agrees with canOnEvent('read') on real rows, for every principal.

describe('whereEventVisibleTo agrees with canOnEvent(read)', () => {
  it('on every hosting and audience, single and co-hosted, for every principal', async () => {
    const db = instance.db;
    const founder = await person(db, 'Fondatrice');
    const actors = {} as Record<Base, Actor | null>;
    for (const p of base) actors[p] = standing[p].account === 'none' ? null : await person(db, p, { role: standing[p].account as 'member' | 'admin' });
    const created: string[] = [];
    for (const visibility of visibilities) {
      for (const status of ['active', 'archived', 'pending'] as const) {
        const community = await createCommunity(db, founder, { name: `${status} ${visibility}`, visibility });
        await db.updateTable('communities').set({ status }).where('id', '=', community.id).execute();
        created.push(community.id);
        // Everyone stands in every other community only: a co-hosted event may be theirs through one host.
        if (created.length % 2 === 0) continue;
        for (const p of base) {
          const membership = standing[p].membership;
          if (!membership) continue;
          await db.insertInto('memberships').values({ id: newId(), community_id: community.id, user_id: actors[p]!.id, ...membership, created_at: now(), updated_at: now() }).execute();
        }
      }
    }
    const ids: string[] = [];
    const rows = { events: [] as Event[], hosts: [] as { event_id: string; community_id: string; starts_at: number }[], organisers: [] as { event_id: string; user_id: string }[] };
    const schedule = (hosts: string[], audience: EventAudience) => {
      const id = newId();
      // Long past: out of every agenda and feed the paths below read.
      rows.events.push(eventRow(id, hosts[0]!, { audience, starts_at: 1000, ends_at: 2000 }));
      rows.hosts.push(...hosts.map((community_id) => ({ event_id: id, community_id, starts_at: 1000 })));
      // Every fourth one run by the organiser.
      if (ids.length % 4 === 3) rows.organisers.push({ event_id: id, user_id: actors.organiser!.id });
      ids.push(id);
    };
    for (const [i, a] of created.entries()) {
      for (const audience of audiences) {
        schedule([a], audience);
        for (const b of created.slice(i + 1)) schedule([a, b], audience);
      }
    }
    await db.insertInto('events').values(rows.events).execute();
    await db.insertInto('event_communities').values(rows.hosts).execute();
    await db.insertInto('event_organisers').values(rows.organisers).execute();
    const communities = await db.selectFrom('communities').selectAll().where('id', 'in', created).execute();
    const events = await db.selectFrom('events').selectAll().where('id', 'in', ids).execute();
    const links = await db.selectFrom('event_communities').select(['event_id', 'community_id']).where('event_id', 'in', ids).execute();
    const organised = new Set((await db.selectFrom('event_organisers').select('event_id').where('event_id', 'in', ids).execute()).map((r) => r.event_id));

    const wrong: Record<string, { onlySql: string[]; onlyRule: string[] }> = {};
    // The founder made every community, the pending ones too: a pending community exists for whoever asked for it.
    for (const p of [...base, 'founder' as const]) {
      const actor = p === 'founder' ? founder : actors[p];
      const memberships = actor ? await db.selectFrom('memberships').select(['community_id', 'role', 'status']).where('user_id', '=', actor.id).execute() : [];
      const relationOf = (event: Event): EventRelation => ({
        event,
        hosts: links
          .filter((l) => l.event_id === event.id)
          .map((l) => ({ community: communities.find((c) => c.id === l.community_id)!, membership: memberships.find((m) => m.community_id === l.community_id) ?? null })),
        organiser: p === 'organiser' && organised.has(event.id),
        registration: null
      });
      const listed = (await db.selectFrom('events').select('id').where('id', 'in', ids).where(whereEventVisibleTo(actor)).execute()).map((r) => r.id).sort();
      const expected = events.filter((e) => canOnEvent(actor, 'read', relationOf(e))).map((e) => e.id).sort();
      const describe = (id: string) => {
        const e = events.find((x) => x.id === id)!;
        const hosts = relationOf(e).hosts.map((h) => `${h.community.status} ${h.community.visibility}${h.membership ? ` (${h.membership.status} ${h.membership.role})` : ''}`);
        return `${e.audience} event of ${hosts.join(' + ')}${organised.has(id) ? ', organised' : ''}`;
      };
      const onlySql = listed.filter((id) => !expected.includes(id)).map(describe);
      const onlyRule = expected.filter((id) => !listed.includes(id)).map(describe);
      if (onlySql.length || onlyRule.length) wrong[`${p}: ${onlySql.length} listed but unreadable, ${onlyRule.length} readable but not listed`] = { onlySql: onlySql.slice(0, 6), onlyRule: onlyRule.slice(0, 6) };
    }
    // Fails today for admins and for the founder of a pending community: canOnEvent('read') lets them read an
    // event whose hosts are all pending (communities.ts can('read') on a pending community), while
    // whereEventVisibleTo leaves it out of every agenda and feed (its `status != 'pending'` clauses).
    expect(wrong).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Every path, by every principal of a public, a private and a hidden community.

type EventKey = `${Visibility}-${EventAudience}` | 'cohost';
/** In each community an online event for each audience; and a members' event co-hosted by the public and the private one. */
const eventKeys: EventKey[] = [...visibilities.flatMap((v) => audiences.map((a) => `${v}-${a}` as const)), 'cohost'];
const hostsOf = (key: EventKey): Visibility[] => (key === 'cohost' ? ['public', 'private'] : [key.split('-')[0] as Visibility]);
const audienceOf = (key: EventKey): EventAudience => (key === 'cohost' ? 'members' : (key.split('-')[1] as EventAudience));
/** The events each principal is tried on: their community's and the co-hosted one (registered principals are registered on all of them). */
const eventsFor = (v: Visibility) => eventKeys.filter((key) => key === 'cohost' || hostsOf(key)[0] === v);

/** An event as the principal of community v stands to it: they belong to v only (admins and organisers to none). */
function shapeOf(p: Principal, v: Visibility, key: EventKey): Shape {
  const hosts = hostsOf(key);
  const index = hosts.indexOf(v);
  return {
    hosts: hosts.map((visibility) => ({ visibility, status: 'active' })),
    belongsTo: index < 0 ? null : index,
    audience: audienceOf(key),
    registration: eventsFor(v).includes(key) ? registrationOf(p) : null,
    cancelled: false,
    link: true,
    past: false
  };
}
const may = (action: EventAction, p: Principal, v: Visibility, key: EventKey) => eventRules[action](baseOf(p), shapeOf(p, v, key));
const signedIn = (rule: (p: Principal, v: Visibility, key: EventKey) => boolean) => (p: Principal, v: Visibility, key: EventKey) => p !== 'anonymous' && rule(p, v, key);

type Field = 'title' | 'link' | 'material' | 'feedback';
const canary = (key: EventKey, field: Field) => `canary-${key}-${field}`;
type SecretId = `${EventKey}:${Field}` | 'name:hidden';
const secretIds: SecretId[] = [...eventKeys.flatMap((key) => (['title', 'link', 'material', 'feedback'] as const).map((f) => `${key}:${f}` as const)), 'name:hidden'];
const textOf = (id: SecretId) => (id === 'name:hidden' ? 'canary-hidden-name' : canary(...(id.split(':') as [EventKey, Field])));

function maySee(id: SecretId, p: Principal, v: Visibility): boolean {
  // The hidden community's name reaches its members and administrators only.
  if (id === 'name:hidden') return p === 'admin' || (v === 'hidden' && isMember(baseOf(p)));
  const [key, field] = id.split(':') as [EventKey, Field];
  if (field === 'link') return may('join_online', p, v, key);
  if (field === 'feedback') return may('manage', p, v, key);
  return may('read', p, v, key);
}
const leaks = (text: string, judge: (id: SecretId) => boolean) => secretIds.filter((id) => text.toLowerCase().includes(textOf(id)) && !judge(id));

type World = {
  actors: Record<Visibility, Record<Principal, Actor | null>>;
  slugs: Record<Visibility, string>;
  events: Record<EventKey, { id: string; materialId: string }>;
  feeds: Record<Visibility, Partial<Record<Principal, string>>>;
  seeded: Record<EventKey, string>;
};

const eventTables = ['event_communities', 'event_organisers', 'registrations', 'event_materials', 'event_feedback', 'event_tags', 'event_presenters'] as const;
/** With the event's feedback form (forms engine) and what was answered there. */
type Snapshot = { event: Event; rows: Record<(typeof eventTables)[number] | 'forms' | 'form_responses' | 'form_answers', Record<string, unknown>[]> };

const sorted = (rows: Record<string, unknown>[]) => rows.map((row) => JSON.stringify(row)).sort().map((row) => JSON.parse(row) as Record<string, unknown>);
const feedbackForms = (eventId: string) => instance.db.selectFrom('forms').select('id').where('purpose', '=', 'feedback').where('subject_id', '=', eventId);

/** An event and every row that hangs off it, in a stable order. */
async function snapshot(eventId: string): Promise<Snapshot> {
  const db = instance.db;
  const [event, ...found] = await Promise.all([
    db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow(),
    ...eventTables.map((table) => db.selectFrom(table as 'registrations').selectAll().where('event_id', '=', eventId).execute() as Promise<Record<string, unknown>[]>)
  ]);
  const rows = {} as Snapshot['rows'];
  for (const [i, table] of eventTables.entries()) rows[table] = sorted(found[i]!);
  rows.forms = sorted(await db.selectFrom('forms').selectAll().where('id', 'in', feedbackForms(eventId)).execute());
  rows.form_responses = sorted(await db.selectFrom('form_responses').selectAll().where('form_id', 'in', feedbackForms(eventId)).execute());
  rows.form_answers = sorted(await db.selectFrom('form_answers').selectAll().where('form_id', 'in', feedbackForms(eventId)).execute());
  return { event, rows };
}

async function restore(eventId: string, seeded: Snapshot) {
  await instance.db.transaction().execute(async (tx) => {
    for (const table of [...eventTables].reverse()) await tx.deleteFrom(table as 'registrations').where('event_id', '=', eventId).execute();
    await tx.updateTable('events').set(seeded.event).where('id', '=', eventId).execute();
    for (const table of eventTables) if (seeded.rows[table].length > 0) await tx.insertInto(table as 'registrations').values(seeded.rows[table] as never).execute();
    const forms = seeded.rows.forms.map((f) => f.id as string);
    if (forms.length === 0) return;
    await tx.deleteFrom('form_answers').where('form_id', 'in', forms).execute();
    await tx.deleteFrom('form_responses').where('form_id', 'in', forms).execute();
    for (const form of seeded.rows.forms) await tx.updateTable('forms').set(form as never).where('id', '=', form.id as string).execute();
    if (seeded.rows.form_responses.length) await tx.insertInto('form_responses').values(seeded.rows.form_responses as never).execute();
    if (seeded.rows.form_answers.length) await tx.insertInto('form_answers').values(seeded.rows.form_answers as never).execute();
  });
}

async function seed(): Promise<World> {
  const db = instance.db;
  const admin = await person(db, 'Admin', { role: 'admin' });
  const outsider = await person(db, 'Passante');
  const organiser = await person(db, 'Organisatrice invitée');
  const otherAnimator = await person(db, 'Animateur ailleurs');
  await createCommunity(db, otherAnimator, { name: 'Ailleurs', visibility: 'public', slug: 'matrice-ailleurs' });
  const world = { actors: {}, slugs: {}, events: {}, feeds: {}, seeded: {} } as World;
  for (const v of visibilities) {
    const animator = await person(db, 'Animatrice');
    const { slug } = await createCommunity(db, animator, { name: v === 'hidden' ? 'Cachée canary-hidden-name' : `Communauté ${v}`, slug: `matrice-${v}`, visibility: v, joinPolicy: v === 'hidden' ? 'invite' : 'request' });
    const add = async (name: string) => {
      const actor = await person(db, name);
      await addMemberByEmail(db, animator, slug, { email: actor.email });
      return actor;
    };
    const actors = { anonymous: null, outsider, organiser, otherAnimator, admin, animator, member: await add('Membre'), steward: await add('Comité') } as Record<Principal, Actor | null>;
    await changeRole(db, animator, slug, actors.steward!.id, 'steward');
    for (const status of ['removed', 'banned'] as const) {
      actors[status] = await add(status);
      await endMembership(db, animator, slug, actors[status]!.id, status);
    }
    for (const status of registered) actors[status] = await add(status);
    world.slugs[v] = slug;
    world.actors[v] = actors;
  }
  const start = now() + 240 * hour;
  for (const key of eventKeys) {
    const [home] = hostsOf(key);
    const animator = world.actors[home!].animator!;
    const { id } = await createEvent(db, animator, {
      communities: [world.slugs[home!]],
      title: canary(key, 'title'),
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + hour).toISOString(),
      timeZone: 'America/Toronto',
      audience: audienceOf(key),
      format: 'online',
      meetingUrl: `https://meet.example.org/${canary(key, 'link')}`
    } as Parameters<typeof createEvent>[2]);
    // Co-hosting by a community the scheduler does not animate: written as the partnership would leave it.
    if (key === 'cohost') await db.insertInto('event_communities').values({ event_id: id, community_id: (await db.selectFrom('communities').select('id').where('slug', '=', world.slugs.private).executeTakeFirstOrThrow()).id, starts_at: start }).execute();
    await db.insertInto('event_organisers').values({ event_id: id, user_id: organiser.id }).execute();
    const { id: materialId } = await addMaterialLink(db, animator, id, { title: canary(key, 'material'), url: 'https://example.org/slides' });
    for (const v of visibilities.filter((c) => eventsFor(c).includes(key))) {
      for (const status of registered) {
        const at = now();
        await db.insertInto('registrations').values({ event_id: id, user_id: world.actors[v][status]!.id, status, answers: '{}', waitlisted_at: status === 'waitlisted' ? at : null, attended: null, created_at: at, updated_at: at }).execute();
      }
    }
    // Feedback as the forms engine keeps it: the event's feedback form, one named response with a comment.
    const formId = await feedbackFormOf(db, await findEvent(db, animator, id));
    const responseId = newId();
    await db.insertInto('form_responses').values({ id: responseId, form_id: formId, version: 1, user_id: world.actors[home!].going!.id, segment_role: null, segment_region: null, segment_organisation: null, submitted_at: now(), updated_at: now() }).execute();
    await db.insertInto('form_answers').values([
      { response_id: responseId, form_id: formId, question_id: 'satisfaction', position: 0, choice: null, number: 4, text: null },
      { response_id: responseId, form_id: formId, question_id: 'comment', position: 0, choice: null, number: null, text: canary(key, 'feedback') }
    ]).execute();
    world.events[key] = { id, materialId };
    world.seeded[key] = JSON.stringify(await snapshot(id));
  }
  // Every signed-in principal's personal calendar address (one each: a new one ends the last).
  const secrets = new Map<string, string>();
  for (const v of visibilities) {
    world.feeds[v] = {};
    for (const p of principals) {
      const actor = world.actors[v][p];
      if (!actor) continue;
      if (!secrets.has(actor.id)) secrets.set(actor.id, (await createCalendarFeed(db, actor)).url.split('/calendar/')[1]!.replace(/\.ics$/, ''));
      world.feeds[v][p] = secrets.get(actor.id)!;
    }
  }
  return world;
}

type Ctx = { w: World; v: Visibility; p: Principal; key?: EventKey; ghost?: boolean };
/** A route: an API endpoint (errors come back as problems), a page's load or a file (its redirect or error is its answer). */
type Call = { handler: unknown; params?: (ctx: Ctx) => Record<string, string>; query?: (ctx: Ctx) => string; method?: string; json?: (ctx: Ctx) => unknown };

const idOf = (ctx: Ctx) => (ctx.ghost ? nowhere : ctx.w.events[ctx.key!].id);
const byId = (ctx: Ctx) => ({ id: idOf(ctx) });
const bySlug = (ctx: Ctx) => ({ slug: ctx.ghost ? nowhere : ctx.w.slugs[ctx.v] });

function run(call: Call, ctx: Ctx): Promise<Answer> {
  return runPage(call.handler, {
    actor: ctx.w.actors[ctx.v][ctx.p],
    path: `/matrice${call.query?.(ctx) ?? ''}`,
    method: call.method,
    params: call.params?.(ctx) ?? {},
    json: call.json?.(ctx),
    authVia: 'session'
  });
}

const titles = (keys: EventKey[]): SecretId[] => keys.map((key) => `${key}:title` as const);
const readable = (p: Principal, v: Visibility) => eventKeys.filter((key) => may('read', p, v, key));
const linksOf = (p: Principal, v: Visibility, keys: EventKey[]): SecretId[] => keys.filter((key) => may('join_online', p, v, key)).map((key) => `${key}:link` as const);
/** "My" events: my communities' (as an active member), those I registered for (going, maybe, waiting), and, in the feed, those I organise. */
const mine = (p: Principal, v: Visibility, withOrganised: boolean) =>
  readable(p, v).filter(
    (key) => (isMember(baseOf(p)) && hostsOf(key).includes(v)) || ['going', 'maybe', 'waitlisted'].includes(shapeOf(p, v, key).registration ?? '') || (withOrganised && p === 'organiser')
  );
const knows = (p: Principal, v: Visibility) => v !== 'hidden' || p === 'admin' || isMember(baseOf(p));

type Row = { call: Call; allowed: (p: Principal, v: Visibility) => boolean; shows: (p: Principal, v: Visibility) => SecretId[]; publicOnly?: boolean };

/** Agendas and feeds: once per principal of each community. */
const reads: Record<string, Row> = {
  'GET /api/v1/events': { call: { handler: eventsApi.GET, query: () => '?limit=100' }, allowed: () => true, shows: (p, v) => titles(readable(p, v)) },
  'page /agenda': { call: { handler: agendaPage.load }, allowed: () => true, shows: (p, v) => titles(readable(p, v)) },
  'GET /api/v1/events?mine=true': {
    call: { handler: eventsApi.GET, query: () => '?mine=true&limit=100' },
    allowed: () => true,
    shows: (p, v) => titles(p === 'anonymous' ? readable(p, v) : mine(p, v, false))
  },
  'page /agenda/mine': { call: { handler: myAgendaPage.load }, allowed: (p) => p !== 'anonymous', shows: (p, v) => (p === 'anonymous' ? [] : titles(mine(p, v, false))) },
  'GET /api/v1/events?community={slug}': {
    call: { handler: eventsApi.GET, query: (ctx) => `?community=${bySlug(ctx).slug}&limit=100` },
    allowed: knows,
    shows: (p, v) => (knows(p, v) ? titles(readable(p, v).filter((key) => hostsOf(key).includes(v))) : [])
  },
  'page /c/{slug}/events': {
    call: { handler: communityEventsPage.load, params: bySlug },
    allowed: knows,
    shows: (p, v) => (knows(p, v) ? titles(readable(p, v).filter((key) => hostsOf(key).includes(v))) : [])
  },
  'file /c/{slug}/events.ics': {
    // Public communities' public events, the same for everyone: never a meeting link.
    call: { handler: communityIcs.GET, params: bySlug },
    allowed: (_p, v) => v === 'public',
    shows: (_p, v) => (v === 'public' ? ['public-public:title'] : []),
    publicOnly: true
  },
  'file /calendar/{secret}.ics': {
    // Read as its owner: their communities', registrations' and organised events, links where they may join.
    call: { handler: personalIcs.GET, params: (ctx) => ({ token: ctx.ghost ? 'cal_nexistepas' : (ctx.w.feeds[ctx.v][ctx.p] ?? 'cal_nexistepas') }) },
    allowed: (p) => p !== 'anonymous',
    shows: (p, v) => (p === 'anonymous' ? [] : [...titles(mine(p, v, true)), ...linksOf(p, v, mine(p, v, true))])
  }
};

type EventRow = { call: Call; allowed: (p: Principal, v: Visibility, key: EventKey) => boolean; shows: (p: Principal, v: Visibility, key: EventKey) => SecretId[] };
const reads1 = (action: EventAction) => (p: Principal, v: Visibility, key: EventKey) => may(action, p, v, key);
const whole = (p: Principal, v: Visibility, key: EventKey): SecretId[] => (may('read', p, v, key) ? [`${key}:title`, ...linksOf(p, v, [key])] : []);

/** Paths about one event: once per principal and event. */
const eventReads: Record<string, EventRow> = {
  'GET /api/v1/events/{id}': { call: { handler: eventApi.GET, params: byId }, allowed: reads1('read'), shows: whole },
  'file /e/{id}.ics': { call: { handler: eventIcs.GET, params: byId }, allowed: reads1('read'), shows: whole },
  'page /e/{id}': {
    call: { handler: eventPage.load, params: byId },
    allowed: reads1('read'),
    shows: (p, v, key) => [...whole(p, v, key), ...(may('read', p, v, key) ? [`${key}:material` as const] : []), ...(p !== 'anonymous' && may('manage', p, v, key) ? [`${key}:feedback` as const] : [])]
  },
  'page /e/{id}/edit': { call: { handler: editPage.load, params: byId }, allowed: signedIn(reads1('manage')), shows: (p, v, key) => (p !== 'anonymous' && may('manage', p, v, key) ? whole(p, v, key) : []) },
  'GET /api/v1/events/{id}/occurrences': { call: { handler: occurrencesApi.GET, params: byId }, allowed: reads1('read'), shows: () => [] },
  'GET /api/v1/events/{id}/materials': {
    call: { handler: materialsApi.GET, params: byId },
    allowed: reads1('read'),
    shows: (p, v, key) => (may('read', p, v, key) ? [`${key}:material`] : [])
  },
  'GET /api/v1/events/{id}/participants': { call: { handler: participantsApi.GET, params: byId }, allowed: signedIn(reads1('manage')), shows: () => [] },
  'file /e/{id}/participants.csv': { call: { handler: csvFile.GET, params: byId }, allowed: signedIn(reads1('manage')), shows: () => [] },
  'GET /api/v1/events/{id}/feedback': {
    call: { handler: feedbackApi.GET, params: byId },
    allowed: signedIn(reads1('manage')),
    shows: (p, v, key) => (p !== 'anonymous' && may('manage', p, v, key) ? [`${key}:feedback`] : [])
  },
};

/** Writes: tried by every principal on the seeded state; only those allowed change anything. */
const actions: Record<string, { call: Call; allowed: (p: Principal, v: Visibility, key: EventKey) => boolean }> = {
  'PATCH /api/v1/events/{id}': { call: { handler: eventApi.PATCH, method: 'PATCH', params: byId, json: () => ({ title: 'Titre changé' }) }, allowed: signedIn(reads1('manage')) },
  'DELETE /api/v1/events/{id}': { call: { handler: eventApi.DELETE, method: 'DELETE', params: byId }, allowed: signedIn(reads1('manage')) },
  'PUT /api/v1/events/{id}/participants/{userId}/attendance': {
    call: { handler: attendanceApi.PUT, method: 'PUT', params: (ctx) => ({ id: idOf(ctx), userId: ctx.w.actors[ctx.v].going!.id }), json: () => ({ attended: true }) },
    allowed: signedIn(reads1('manage'))
  },
  'POST /api/v1/events/{id}/materials': {
    call: { handler: materialsApi.POST, method: 'POST', params: byId, json: () => ({ title: 'Diapositives', url: 'https://example.org/diapos' }) },
    allowed: signedIn(reads1('manage'))
  },
  'DELETE /api/v1/events/{id}/materials/{materialId}': {
    call: { handler: materialApi.DELETE, method: 'DELETE', params: (ctx) => ({ id: idOf(ctx), materialId: ctx.w.events[ctx.key!].materialId }) },
    allowed: signedIn(reads1('manage'))
  },
  'PUT /api/v1/events/{id}/rsvp': { call: { handler: rsvpApi.PUT, method: 'PUT', params: byId, json: () => ({ status: 'going' }) }, allowed: signedIn(reads1('register')) },
  'POST /api/v1/events/{id}/feedback (before the start)': {
    call: { handler: feedbackApi.POST, method: 'POST', params: byId, json: () => ({ rating: 5, comment: 'Bravo' }) },
    allowed: signedIn(reads1('give_feedback'))
  },
};

describe('events: every path × every principal × public, private, hidden', () => {
  let world: World;
  beforeAll(async () => {
    world = await seed();
  }, 120_000);

  const label = (ctx: Ctx, answer: Answer) => `${ctx.p} of ${ctx.v}${ctx.key ? ` on ${ctx.key}` : ''}: ${answer.status} ${answer.text.slice(0, 200)}`;

  for (const [path, row] of Object.entries(reads)) {
    it(`${path}: only the right principals read, they see what they may, and no canary leaks`, async () => {
      for (const v of visibilities) {
        for (const p of principals) {
          const ctx: Ctx = { w: world, v, p };
          const answer = await run(row.call, ctx);
          const allowed = row.allowed(p, v);
          if (allowed) expect(answer.status, label(ctx, answer)).toBe(200);
          else expect([303, 401, 403, 404], label(ctx, answer)).toContain(answer.status);
          const shows = row.shows(p, v);
          expect(shows.filter((id) => !answer.text.toLowerCase().includes(textOf(id))), `${label(ctx, answer)}: missing`).toEqual([]);
          // Nothing beyond what the principal may see; a public file nothing beyond what a visitor may.
          expect(leaks(answer.text, (id) => (row.publicOnly ? maySee(id, 'anonymous', v) : maySee(id, p, v) && (shows.includes(id) || !id.endsWith(':link')))), label(ctx, answer)).toEqual([]);
          if (!allowed && !knows(p, v)) expect(answer, label(ctx, answer)).toEqual(await run(row.call, { ...ctx, ghost: true }));
        }
      }
    });
  }

  for (const [path, row] of Object.entries(eventReads)) {
    it(`${path}: only the right principals read, they see what they may, and no canary leaks`, async () => {
      for (const v of visibilities) {
        for (const p of principals) {
          for (const key of eventsFor(v)) {
            const ctx: Ctx = { w: world, v, p, key };
            const answer = await run(row.call, ctx);
            const allowed = row.allowed(p, v, key);
            if (allowed) expect(answer.status, label(ctx, answer)).toBe(200);
            else expect([303, 401, 403, 404], label(ctx, answer)).toContain(answer.status);
            expect(row.shows(p, v, key).filter((id) => !answer.text.toLowerCase().includes(textOf(id))), `${label(ctx, answer)}: missing`).toEqual([]);
            expect(leaks(answer.text, (id) => maySee(id, p, v)), label(ctx, answer)).toEqual([]);
            if (!may('read', p, v, key)) expect(answer, label(ctx, answer)).toEqual(await run(row.call, { ...ctx, ghost: true }));
          }
        }
      }
    });
  }

  it('the personal feed is read as its owner at each request: a removed member loses the events at once, a revoked address is a 404', async () => {
    const db = instance.db;
    const leaving = await person(db, 'Partante');
    await addMemberByEmail(db, world.actors.private.animator, world.slugs.private, { email: leaving.email });
    const token = (await createCalendarFeed(db, leaving)).url.split('/calendar/')[1]!.replace(/\.ics$/, '');
    const fetch = (secret: string) => run({ handler: personalIcs.GET, params: () => ({ token: secret }) }, { w: world, v: 'private', p: 'anonymous' });
    const before = await fetch(token);
    expect(before.status).toBe(200);
    for (const key of ['private-public', 'private-members', 'cohost'] as const) expect(before.text).toContain(canary(key, 'title'));
    await endMembership(db, world.actors.private.animator, world.slugs.private, leaving.id, 'removed');
    const after = await fetch(token);
    expect(after.status).toBe(200);
    expect(leaks(after.text, () => false)).toEqual([]);
    const renewed = (await createCalendarFeed(db, leaving)).url.split('/calendar/')[1]!.replace(/\.ics$/, '');
    expect((await fetch(token)).status, 'the address it replaced').toBe(404);
    expect((await fetch(renewed)).status).toBe(200);
    await revokeCalendarFeed(db, leaving);
    expect(await fetch(renewed), 'a revoked address answers as one that never was').toEqual(await fetch('cal_nexistepas'));
    expect((await fetch(renewed)).status).toBe(404);
  });

  for (const [path, row] of Object.entries(actions)) {
    it(`${path}: refused to everyone who may not, and a refusal changes nothing`, async () => {
      for (const v of visibilities) {
        for (const p of principals) {
          for (const key of eventsFor(v)) {
            const ctx: Ctx = { w: world, v, p, key };
            const { id } = world.events[key];
            const answer = await run(row.call, ctx);
            const allowed = row.allowed(p, v, key);
            if (allowed) expect(answer.status, label(ctx, answer)).toBeLessThan(300);
            else expect([401, 403, 404], label(ctx, answer)).toContain(answer.status);
            const changed = JSON.stringify(await snapshot(id)) !== world.seeded[key];
            expect(changed, `${label(ctx, answer)}: ${allowed ? 'nothing changed' : 'changed although refused'}`).toBe(allowed);
            if (!may('read', p, v, key)) expect(answer, label(ctx, answer)).toEqual(await run(row.call, { ...ctx, ghost: true }));
            expect(leaks(answer.text, (secret) => maySee(secret, p, v)), label(ctx, answer)).toEqual([]);
            if (changed) await restore(id, JSON.parse(world.seeded[key]) as Snapshot);
          }
        }
      }
    });
  }
});

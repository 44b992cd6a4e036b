// Scheduling activities: an event hosted by one or more communities (co-hosting), once or as a
// recurring series whose occurrences are events of their own, changed or cancelled one by one or
// from one onwards. Every change participants should know about raises the event's SEQUENCE and is
// announced to those registered.
import { DateTime } from 'luxon';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Event, EventAudience } from '../db/schema';
import { assertCan, assertOnEvent, canOnEvent, findCommunity, findEvent, requireMember, whereEventVisibleTo, type Relation } from '../access';
import { invalid } from '../errors';
import { newId, now } from '../ids';
import type { Executor } from '../jobs/queue';
import { record } from '../journal';
import { planFromProposal } from '../proposals';
import { prepareContent } from '../posts/content';
import { normaliseTag } from '../markdown';
import { paginate, type Page, type PageQuery } from '../api/pagination';
import { defaultReminders } from '../../shared/events';
import { occurrences, type SeriesRule } from './recurrence';
import { createEventSchema, instant, updateEventSchema, type CreateEventInput, type UpdateEventInput } from './schemas';
import { announceChange } from './announce';
import { promoteWaitlist, waitlistPosition } from './registrations';
import { indexEvent } from '../search/documents';

type Presenter = { user_id: string | null; name: string; affiliation: string | null; bio: string | null };

function timesOf(startsAt: string, endsAt: string, timeZone: string, deadline: string | null | undefined) {
  const start = instant(startsAt, timeZone);
  const end = instant(endsAt, timeZone);
  if (start === null) throw invalid([{ path: 'startsAt', message: 'events.errors.bad_time' }]);
  if (end === null) throw invalid([{ path: 'endsAt', message: 'events.errors.bad_time' }]);
  if (end <= start) throw invalid([{ path: 'endsAt', message: 'events.errors.end_before_start' }]);
  const until = deadline ? instant(deadline, timeZone) : null;
  if (deadline && until === null) throw invalid([{ path: 'registrationDeadline', message: 'events.errors.bad_time' }]);
  if (until !== null && until > end) throw invalid([{ path: 'registrationDeadline', message: 'events.errors.deadline_after_end' }]);
  return { start, end, deadline: until };
}

async function presentersOf(db: Executor, input: { handle?: string; name?: string; affiliation: string | null; bio: string | null }[]): Promise<Presenter[]> {
  const found: Presenter[] = [];
  for (const [index, presenter] of input.entries()) {
    if (presenter.handle) {
      const person = await db
        .selectFrom('profiles')
        .innerJoin('users', 'users.id', 'profiles.user_id')
        .select(['users.id', 'users.name'])
        .where('profiles.handle', '=', presenter.handle.toLowerCase())
        .executeTakeFirst();
      if (!person) throw invalid([{ path: `presenters.${index}.handle`, message: 'events.errors.unknown_presenter' }]);
      found.push({ user_id: person.id, name: person.name, affiliation: presenter.affiliation, bio: presenter.bio });
    } else if (presenter.name) {
      found.push({ user_id: null, name: presenter.name, affiliation: presenter.affiliation, bio: presenter.bio });
    } else throw invalid([{ path: `presenters.${index}.name`, message: 'events.errors.presenter_name' }]);
  }
  return found;
}

async function hostsFor(db: DB, actor: Actor, slugs: string[]): Promise<Relation[]> {
  const hosts: Relation[] = [];
  for (const slug of [...new Set(slugs)]) {
    const relation = await findCommunity(db, actor, slug);
    // Co-hosting is a partnership: whoever schedules must animate every host.
    assertCan(actor, 'manage', relation);
    hosts.push(relation);
  }
  return hosts;
}

const tagsOf = (tags: string[]) => [...new Set(tags.map((tag) => normaliseTag(tag)).filter((tag): tag is string => Boolean(tag)))];

/** Schedules an event (or a series); returns its first occurrence. */
export async function createEvent(db: DB, actor: Actor | null, raw: CreateEventInput): Promise<{ id: string; seriesId: string | null; occurrences: number }> {
  const member = requireMember(actor);
  const input = createEventSchema.parse(raw);
  const hosts = await hostsFor(db, member, input.communities);
  const main = hosts[0]!;
  const { start, end, deadline } = timesOf(input.startsAt, input.endsAt, input.timeZone, input.registrationDeadline);
  const duration = end - start;
  const rule: SeriesRule | null = input.repeat ? { freq: input.repeat.freq, interval: input.repeat.interval, until: input.repeat.until ?? null, count: input.repeat.count ?? null } : null;
  const starts = rule ? occurrences(start, input.timeZone, rule) : [start];
  if (starts.length === 0) throw invalid([{ path: 'repeat.until', message: 'events.errors.repeat_empty' }]);
  const content = await prepareContent(db, hosts.map((h) => h.community.id), input.description);
  const presenters = await presentersOf(db, input.presenters);
  const audience: EventAudience = input.audience ?? (main.community.visibility === 'public' ? 'public' : 'members');
  const tags = tagsOf([...input.tags, ...content.tags]);
  const at = now();
  const seriesId = rule ? newId() : null;
  const ids = starts.map(() => newId());
  const plan = input.proposal ? await planFromProposal(db, member, input.proposal, hosts.map((h) => h.community.id)) : null;
  await db.transaction().execute(async (tx) => {
    if (seriesId) await tx.insertInto('event_series').values({ id: seriesId, rule: JSON.stringify(rule), time_zone: input.timeZone, created_at: at }).execute();
    for (const [index, startsAt] of starts.entries()) {
      const id = ids[index]!;
      await tx
        .insertInto('events')
        .values({
          id,
          series_id: seriesId,
          series_start: seriesId ? startsAt : null,
          community_id: main.community.id,
          kind: input.kind,
          format: input.format,
          title: input.title,
          description: input.description,
          description_html: content.html,
          language: input.language ?? member.locale,
          address: input.format === 'online' ? null : input.address,
          meeting_url: input.format === 'in_person' ? null : (input.meetingUrl ?? null),
          starts_at: startsAt,
          ends_at: startsAt + duration,
          time_zone: input.timeZone,
          audience,
          capacity: input.capacity ?? null,
          // A deadline belongs to the first occurrence; each later one closes when it ends.
          registration_deadline: index === 0 ? deadline : null,
          questions: JSON.stringify(input.questions),
          reminders: JSON.stringify(input.reminders ?? defaultReminders),
          status: 'scheduled',
          sequence: 0,
          recording_url: input.recordingUrl ?? null,
          created_by: member.id,
          created_at: at,
          updated_at: at
        })
        .execute();
      await tx.insertInto('event_communities').values(hosts.map((h) => ({ event_id: id, community_id: h.community.id, starts_at: startsAt }))).execute();
      await tx.insertInto('event_organisers').values({ event_id: id, user_id: member.id }).execute();
      if (presenters.length) await tx.insertInto('event_presenters').values(presenters.map((p, position) => ({ id: newId(), event_id: id, position, ...p }))).execute();
      if (tags.length) await tx.insertInto('event_tags').values(tags.map((tag) => ({ event_id: id, tag }))).execute();
      await indexEvent(tx, id);
    }
    await record(tx, { kind: 'event.created', actorId: member.id, communityId: main.community.id, payload: { eventId: ids[0], seriesId, occurrences: starts.length } });
    if (plan) await plan(tx, ids[0]!);
  });
  return { id: ids[0]!, seriesId, occurrences: starts.length };
}

/** What changes for participants: a new time, place, link or status raises SEQUENCE and is announced. */
const noticed: (keyof Event)[] = ['starts_at', 'ends_at', 'time_zone', 'address', 'meeting_url', 'format', 'title', 'status'];

async function goingCount(db: Executor, eventId: string): Promise<number> {
  const row = await db.selectFrom('registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where('status', '=', 'going').executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Changes an event. For an occurrence of a series, `scope: 'following'` applies the change to it and
 * to the occurrences after it (a new time moves each by the same amount).
 */
export async function updateEvent(db: DB, actor: Actor | null, id: string, raw: UpdateEventInput): Promise<{ updated: number }> {
  const member = requireMember(actor);
  const relation = await findEvent(db, member, id);
  assertOnEvent(member, 'manage', relation);
  const input = updateEventSchema.parse(raw);
  const { event } = relation;
  const timeZone = input.timeZone ?? event.time_zone;
  const local = (ms: number) => DateTime.fromMillis(ms, { zone: event.time_zone }).toISO({ includeOffset: true })!;
  const { start, end, deadline } = timesOf(
    input.startsAt ?? local(event.starts_at),
    input.endsAt ?? local(event.ends_at),
    timeZone,
    input.registrationDeadline === undefined ? (event.registration_deadline === null ? null : local(event.registration_deadline)) : input.registrationDeadline
  );
  const description = input.description ?? event.description;
  const content = input.description === undefined ? null : await prepareContent(db, relation.hosts.map((h) => h.community.id), description);
  const presenters = input.presenters ? await presentersOf(db, input.presenters) : null;
  const targets =
    input.scope === 'following' && event.series_id
      ? await db.selectFrom('events').selectAll().where('series_id', '=', event.series_id).where('starts_at', '>=', event.starts_at).orderBy('starts_at').execute()
      : [event];
  const shift = start - event.starts_at;
  const duration = end - start;
  const format = input.format ?? event.format;
  const at = now();
  const changed: string[] = [];
  await db.transaction().execute(async (tx) => {
    for (const target of targets) {
      const capacity = input.capacity === undefined ? target.capacity : input.capacity;
      if (capacity !== null && capacity < (await goingCount(tx, target.id))) throw invalid([{ path: 'capacity', message: 'events.errors.capacity_below_registered' }]);
      const startsAt = target.starts_at + shift;
      const next = {
        title: input.title ?? target.title,
        description,
        description_html: content?.html ?? target.description_html,
        kind: input.kind ?? target.kind,
        format,
        address: format === 'online' ? null : input.address === undefined ? target.address : input.address,
        meeting_url: format === 'in_person' ? null : input.meetingUrl === undefined ? target.meeting_url : input.meetingUrl,
        starts_at: startsAt,
        ends_at: startsAt + duration,
        time_zone: timeZone,
        language: input.language ?? target.language,
        audience: input.audience ?? target.audience,
        capacity,
        registration_deadline: target.id === event.id ? deadline : target.registration_deadline,
        questions: input.questions ? JSON.stringify(input.questions) : target.questions,
        reminders: input.reminders ? JSON.stringify(input.reminders) : target.reminders,
        recording_url: input.recordingUrl === undefined ? target.recording_url : input.recordingUrl
      };
      const noticeable = noticed.some((key) => key in next && next[key as keyof typeof next] !== target[key]);
      await tx
        .updateTable('events')
        .set({ ...next, sequence: noticeable ? target.sequence + 1 : target.sequence, updated_at: at })
        .where('id', '=', target.id)
        .execute();
      if (startsAt !== target.starts_at) await tx.updateTable('event_communities').set({ starts_at: startsAt }).where('event_id', '=', target.id).execute();
      if (presenters) {
        await tx.deleteFrom('event_presenters').where('event_id', '=', target.id).execute();
        if (presenters.length) await tx.insertInto('event_presenters').values(presenters.map((p, position) => ({ id: newId(), event_id: target.id, position, ...p }))).execute();
      }
      if (input.tags) {
        await tx.deleteFrom('event_tags').where('event_id', '=', target.id).execute();
        const tags = tagsOf(input.tags);
        if (tags.length) await tx.insertInto('event_tags').values(tags.map((tag) => ({ event_id: target.id, tag }))).execute();
      }
      if (noticeable) {
        changed.push(target.id);
        await announceChange(tx, target.id, 'changed');
      }
      if (capacity !== target.capacity) await promoteWaitlist(tx, target.id);
      await indexEvent(tx, target.id);
    }
    await record(tx, { kind: 'event.changed', actorId: member.id, communityId: event.community_id, payload: { eventIds: targets.map((t) => t.id), announced: changed } });
  });
  return { updated: targets.length };
}

/** Cancels an event (or an occurrence and those after it); registered participants are told. */
export async function cancelEvent(db: DB, actor: Actor | null, id: string, scope: 'one' | 'following' = 'one'): Promise<{ cancelled: number }> {
  const member = requireMember(actor);
  const relation = await findEvent(db, member, id);
  assertOnEvent(member, 'manage', relation);
  const { event } = relation;
  const targets =
    scope === 'following' && event.series_id
      ? await db.selectFrom('events').selectAll().where('series_id', '=', event.series_id).where('starts_at', '>=', event.starts_at).where('status', '=', 'scheduled').execute()
      : event.status === 'scheduled'
        ? [event]
        : [];
  const at = now();
  await db.transaction().execute(async (tx) => {
    for (const target of targets) {
      await tx.updateTable('events').set({ status: 'cancelled', sequence: target.sequence + 1, updated_at: at }).where('id', '=', target.id).execute();
      await announceChange(tx, target.id, 'cancelled');
    }
    if (targets.length) await record(tx, { kind: 'event.cancelled', actorId: member.id, communityId: event.community_id, payload: { eventIds: targets.map((t) => t.id) } });
  });
  return { cancelled: targets.length };
}

export type EventListItem = {
  id: string;
  title: string;
  kind: Event['kind'];
  format: Event['format'];
  startsAt: number;
  endsAt: number;
  timeZone: string;
  status: Event['status'];
  audience: EventAudience;
  language: 'fr' | 'en';
  seriesId: string | null;
  hosts: { slug: string; name: string }[];
  going: number;
  capacity: number | null;
  myStatus: string | null;
};

export type AgendaQuery = {
  /** One community's agenda; every visible event otherwise. */
  community?: string;
  /** Only my communities' events and those I registered for. */
  mine?: boolean;
  when: 'upcoming' | 'past';
  /** Epoch ms bounds, for a month view. */
  from?: number;
  to?: number;
};

/** Events the actor may see, soonest first (upcoming) or latest first (past), one page at a time. */
export async function listEvents(db: DB, actor: Actor | null, query: AgendaQuery, page: PageQuery, at = now()): Promise<Page<EventListItem>> {
  let q = db.selectFrom('events').select(['events.id', 'events.starts_at', 'events.ends_at']).where(whereEventVisibleTo(actor));
  if (query.community) {
    const relation = await findCommunity(db, actor, query.community);
    q = q.where((eb) => eb.exists(eb.selectFrom('event_communities').select('event_communities.event_id').whereRef('event_communities.event_id', '=', 'events.id').where('event_communities.community_id', '=', relation.community.id)));
  }
  if (query.mine && actor) {
    q = q.where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('registrations').select('registrations.event_id').whereRef('registrations.event_id', '=', 'events.id').where('registrations.user_id', '=', actor.id).where('registrations.status', 'in', ['going', 'maybe', 'waitlisted'])),
        eb.exists(eb.selectFrom('event_organisers').select('event_organisers.event_id').whereRef('event_organisers.event_id', '=', 'events.id').where('event_organisers.user_id', '=', actor.id)),
        eb.exists(
          eb
            .selectFrom('event_communities')
            .innerJoin('memberships', 'memberships.community_id', 'event_communities.community_id')
            .select('event_communities.event_id')
            .whereRef('event_communities.event_id', '=', 'events.id')
            .where('memberships.user_id', '=', actor.id)
            .where('memberships.status', '=', 'active')
        )
      ])
    );
  }
  if (query.from !== undefined) q = q.where('events.ends_at', '>=', query.from);
  if (query.to !== undefined) q = q.where('events.starts_at', '<', query.to);
  q = query.when === 'upcoming' ? q.where('events.ends_at', '>=', at) : q.where('events.ends_at', '<', at);
  const result = await paginate(q, { columns: ['events.starts_at', 'events.id'], direction: query.when === 'upcoming' ? 'asc' : 'desc' }, page);
  return { items: await presentList(db, actor, result.items.map((r) => r.id)), nextCursor: result.nextCursor };
}

async function presentList(db: DB, actor: Actor | null, ids: string[]): Promise<EventListItem[]> {
  if (ids.length === 0) return [];
  const [events, hosts, going, mine] = await Promise.all([
    db.selectFrom('events').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('event_communities')
      .innerJoin('communities', 'communities.id', 'event_communities.community_id')
      .select(['event_communities.event_id', 'communities.slug', 'communities.name', 'communities.visibility', 'communities.id'])
      .where('event_communities.event_id', 'in', ids)
      .orderBy('communities.name')
      .execute(),
    db.selectFrom('registrations').select(['event_id', (eb) => eb.fn.countAll<number>().as('n')]).where('event_id', 'in', ids).where('status', '=', 'going').groupBy('event_id').execute(),
    actor ? db.selectFrom('registrations').select(['event_id', 'status']).where('event_id', 'in', ids).where('user_id', '=', actor.id).execute() : Promise.resolve([])
  ]);
  const myCommunities = actor
    ? new Set((await db.selectFrom('memberships').select('community_id').where('user_id', '=', actor.id).where('status', '=', 'active').execute()).map((m) => m.community_id))
    : new Set<string>();
  const byId = new Map(events.map((e) => [e.id, e]));
  return ids.map((id) => {
    const e = byId.get(id)!;
    return {
      id,
      title: e.title,
      kind: e.kind,
      format: e.format,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      timeZone: e.time_zone,
      status: e.status,
      audience: e.audience,
      language: e.language,
      seriesId: e.series_id,
      // A hidden co-host is named only to its own members.
      hosts: hosts.filter((h) => h.event_id === id && (h.visibility !== 'hidden' || myCommunities.has(h.id) || actor?.role === 'admin')).map((h) => ({ slug: h.slug, name: h.name })),
      going: Number(going.find((g) => g.event_id === id)?.n ?? 0),
      capacity: e.capacity,
      myStatus: mine.find((m) => m.event_id === id)?.status ?? null
    };
  });
}

export type EventView = EventListItem & {
  description: string;
  descriptionHtml: string;
  address: string | null;
  meetingUrl: string | null;
  registrationDeadline: number | null;
  recordingUrl: string | null;
  questions: { label: string; required: boolean }[];
  reminders: number[];
  tags: string[];
  presenters: { name: string; handle: string | null; affiliation: string | null; bio: string | null }[];
  organisers: { name: string; handle: string | null }[];
  maybe: number;
  waitlisted: number;
  placesLeft: number | null;
  /** The other occurrences of its series, in order. */
  series: { id: string; startsAt: number; status: Event['status'] }[];
  sequence: number;
  viewer: { signedIn: boolean; canRegister: boolean; canManage: boolean; canGiveFeedback: boolean; status: string | null; answers: Record<string, string>; waitlistPosition: number | null };
};

/** One event for its reader: the meeting link only for registered participants and organisers. */
export async function readEvent(db: DB, actor: Actor | null, id: string, at = now()): Promise<EventView> {
  const relation = await findEvent(db, actor, id);
  const { event } = relation;
  const [[item], counts, presenters, organisers, tags, series, mine] = await Promise.all([
    presentList(db, actor, [id]),
    db.selectFrom('registrations').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('event_id', '=', id).groupBy('status').execute(),
    db
      .selectFrom('event_presenters')
      .leftJoin('profiles', 'profiles.user_id', 'event_presenters.user_id')
      .select(['event_presenters.name', 'event_presenters.affiliation', 'event_presenters.bio', 'profiles.handle'])
      .where('event_presenters.event_id', '=', id)
      .orderBy('event_presenters.position')
      .execute(),
    db
      .selectFrom('event_organisers')
      .innerJoin('users', 'users.id', 'event_organisers.user_id')
      .leftJoin('profiles', 'profiles.user_id', 'users.id')
      .select(['users.name', 'profiles.handle'])
      .where('event_organisers.event_id', '=', id)
      .execute(),
    db.selectFrom('event_tags').select('tag').where('event_id', '=', id).orderBy('tag').execute(),
    event.series_id
      ? db.selectFrom('events').select(['id', 'starts_at', 'status']).where('series_id', '=', event.series_id).where(whereEventVisibleTo(actor)).orderBy('starts_at').execute()
      : Promise.resolve([]),
    actor ? db.selectFrom('registrations').select(['status', 'answers']).where('event_id', '=', id).where('user_id', '=', actor.id).executeTakeFirst() : Promise.resolve(undefined)
  ]);
  const count = (status: string) => Number(counts.find((c) => c.status === status)?.n ?? 0);
  const going = count('going');
  return {
    ...item!,
    description: event.description,
    descriptionHtml: event.description_html,
    address: event.address,
    meetingUrl: canOnEvent(actor, 'join_online', relation, at) ? event.meeting_url : null,
    registrationDeadline: event.registration_deadline,
    recordingUrl: event.recording_url,
    questions: JSON.parse(event.questions) as { label: string; required: boolean }[],
    reminders: JSON.parse(event.reminders) as number[],
    tags: tags.map((t) => t.tag),
    presenters: presenters.map((p) => ({ name: p.name, handle: p.handle ?? null, affiliation: p.affiliation, bio: p.bio })),
    organisers: organisers.map((o) => ({ name: o.name, handle: o.handle ?? null })),
    maybe: count('maybe'),
    waitlisted: count('waitlisted'),
    placesLeft: event.capacity === null ? null : Math.max(0, event.capacity - going),
    series: series.filter((s) => s.id !== id).map((s) => ({ id: s.id, startsAt: s.starts_at, status: s.status })),
    sequence: event.sequence,
    viewer: {
      signedIn: actor !== null,
      canRegister: canOnEvent(actor, 'register', relation, at),
      canManage: canOnEvent(actor, 'manage', relation, at),
      canGiveFeedback: canOnEvent(actor, 'give_feedback', relation, at),
      status: mine?.status ?? null,
      answers: mine ? (JSON.parse(mine.answers) as Record<string, string>) : {},
      waitlistPosition: actor && mine?.status === 'waitlisted' ? await waitlistPosition(db, id, actor.id) : null
    }
  };
}

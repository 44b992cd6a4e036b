// iCalendar (RFC 5545) files of events: one event at /e/{id}.ics, a public community's agenda, and
// (through calendar-feeds.ts) a member's personal feed. Times stay on the event's own wall clock
// (TZID with its VTIMEZONE), so a noon webinar stays at noon across daylight-saving changes; a
// series is one master VEVENT with its RRULE plus the occurrences that differ from it.
import { createHash } from 'node:crypto';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { DateTime } from 'luxon';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Database, Event } from '../db/schema';
import { canOnEvent, findEvent, whereEventVisibleTo, type EventRelation, type Relation } from '../access';
import { config } from '../config';
import { notFound } from '../errors';
import { now } from '../ids';
import { occurrences, toRRule, type SeriesRule } from './recurrence';

/** Feeds carry the upcoming events and those of the last `feedPastDays` days… */
export const feedPastDays = 90;
/** …at most this many (a series counts once per occurrence in that window). */
export const feedEventsMax = 500;
const day = 24 * 60 * 60 * 1000;
/** Rows per `in (…)` list, well under both databases' parameter limits. */
const chunkSize = 500;

/** Which events a feed holds, besides the reader's visibility: a clause over `events`. */
export type FeedScope = (eb: ExpressionBuilder<Database, 'events'>) => Expression<SqlBool>;

/** One event as this reader sees it: the meeting link is there only when they may join online. */
type Shown = { event: Event; link: string | null };

type Series = { id: string; rule: SeriesRule; timeZone: string; first: number };

// ---------------------------------------------------------------------------------------------
// Entry points

/** One event's .ics (METHOD:PUBLISH); not_found unless the actor may read it. */
export async function eventCalendar(db: DB, actor: Actor | null, eventId: string): Promise<string> {
  const relation = await findEvent(db, actor, eventId);
  const shown = [{ event: relation.event, link: linkFor(actor, relation) }];
  // An occurrence of a series comes alone, under its own UID: the file is "add this date to my
  // calendar", and an instance sent without its master is read differently by each client.
  return render(shown, new Map(), relation.event.title);
}

/**
 * The invitation sent with a registration's email (METHOD:REQUEST, the instance as organizer, the
 * member as an attendee who accepted), so the event lands in their own calendar. The same UID and
 * SEQUENCE as the .ics, so a later file updates it.
 */
export async function invitationCalendar(db: DB, actor: Actor, eventId: string, organizer: { name: string; email: string }): Promise<string> {
  const relation = await findEvent(db, actor, eventId);
  const shown = [{ event: relation.event, link: linkFor(actor, relation) }];
  return render(shown, new Map(), relation.event.title, { organizer, attendee: { name: actor.name, email: actor.email } });
}

/**
 * The agenda of a public, active community as an anonymous visitor sees it, whoever asks: public
 * events only. Private, hidden, pending and archived communities have none (not_found).
 */
export async function communityCalendar(db: DB, slug: string, at = now()): Promise<string> {
  const community = await db.selectFrom('communities').select(['id', 'name', 'visibility', 'status']).where('slug', '=', slug).executeTakeFirst();
  if (!community || community.visibility !== 'public' || community.status !== 'active') throw notFound();
  // Driven by the community's own agenda index, not a walk through every event of the instance.
  const hostedHere: FeedScope = (eb) =>
    eb('events.id', 'in', eb.selectFrom('event_communities').select('event_communities.event_id').where('event_communities.community_id', '=', community.id));
  return feedCalendar(db, null, hostedHere, community.name, at);
}

/**
 * The community's agenda as a feed a calendar application polls: its ETag first (a few aggregates),
 * the text only when asked for, and then from the cache when an identical one was written already.
 */
export async function communityFeed(db: DB, slug: string, at = now()): Promise<CalendarFeed> {
  const community = await db.selectFrom('communities').select(['id', 'name', 'visibility', 'status', 'updated_at']).where('slug', '=', slug).executeTakeFirst();
  if (!community || community.visibility !== 'public' || community.status !== 'active') throw notFound();
  const hostedHere: FeedScope = (eb) =>
    eb('events.id', 'in', eb.selectFrom('event_communities').select('event_communities.event_id').where('event_communities.community_id', '=', community.id));
  const etag = await feedVersion(db, null, hostedHere, community.name, at, [community.id, community.updated_at]);
  return cachedFeed(etag, () => feedCalendar(db, null, hostedHere, community.name, at));
}

// ---------------------------------------------------------------------------------------------
// Conditional requests

/**
 * Raise it whenever what `render` writes changes (a new property, another folding…): it is part of
 * every ETag, so calendars holding one from an older version fetch the new text instead of a 304.
 */
const renderVersion = 1;

/** A feed as the routes serve it: a strong validator, and the text behind it, written on demand. */
export type CalendarFeed = { etag: string; body: () => Promise<string> };

/**
 * A strong ETag for a feed, without writing it: what the feed's text is a function of, summarised.
 * The events in scope the actor may see, all of them (a series is written whole, past occurrences
 * included): their number, latest and summed `updated_at` — every change to an event moves its
 * `updated_at`, one appearing or leaving moves the count and the sum — and how many are inside the
 * window, which time alone changes. For a member, their memberships, registrations and organising
 * (meeting links and what they may see follow from them) and their id: two members' ETags never
 * match, so a 304 is never an answer to someone else's text. Then the name, the instance, `extra`
 * (the community's own change) and the code's version.
 */
export async function feedVersion(db: DB, actor: Actor | null, scope: FeedScope, name: string, at: number, extra: unknown[] = []): Promise<string> {
  const cutoff = at - feedPastDays * day;
  const summary = db
    .selectFrom('events')
    .select([
      (eb) => eb.fn.countAll<number>().as('count'),
      (eb) => eb.fn.max('updated_at').as('latest'),
      sql<number>`sum(updated_at)`.as('sum'),
      sql<number>`sum(case when ends_at >= ${cutoff} then 1 else 0 end)`.as('inWindow')
    ])
    .where(scope)
    .where(whereEventVisibleTo(actor))
    .executeTakeFirst();
  const relation = actor
    ? Promise.all([
        db.selectFrom('memberships').select(['community_id', 'role', 'status']).where('user_id', '=', actor.id).orderBy('community_id').execute(),
        db.selectFrom('registrations').select(['event_id', 'status']).where('user_id', '=', actor.id).orderBy('event_id').execute(),
        db.selectFrom('event_organisers').select('event_id').where('user_id', '=', actor.id).orderBy('event_id').execute()
      ])
    : Promise.resolve(null);
  const [events, related] = await Promise.all([summary, relation]);
  const { origin, instanceName } = config();
  const facts = [
    renderVersion,
    origin,
    instanceName,
    actor?.id ?? null,
    actor?.role ?? null,
    name,
    extra,
    // PostgreSQL's aggregates of bigints come as strings, SQLite's as numbers: compared as text.
    [events?.count, events?.latest, events?.sum, events?.inWindow].map((v) => String(v ?? '')),
    related
  ];
  return `"${createHash('sha256').update(JSON.stringify(facts)).digest('base64url').slice(0, 32)}"`;
}

/** Rendered feeds by ETag, most recently used last; small, as a few feeds are polled far more than others. */
const rendered = new Map<string, string>();
export const renderCacheMax = { entries: 32, chars: 8_000_000 };
let renderedChars = 0;

/**
 * The text for this ETag, written once: ical-generator folds lines character by character (a
 * TextEncoder call per character), which makes a large feed cost dozens of times a page. An entry
 * is never stale, since the ETag changes with anything the text depends on; the oldest go first.
 */
async function cachedRender(etag: string, write: () => Promise<string>): Promise<string> {
  const hit = rendered.get(etag);
  if (hit !== undefined) {
    rendered.delete(etag);
    rendered.set(etag, hit);
    return hit;
  }
  const text = await write();
  if (text.length > renderCacheMax.chars / 4) return text;
  rendered.set(etag, text);
  renderedChars += text.length;
  for (const [key, value] of rendered) {
    if (rendered.size <= renderCacheMax.entries && renderedChars <= renderCacheMax.chars) break;
    rendered.delete(key);
    renderedChars -= value.length;
  }
  return text;
}

/** A feed whose text, when asked for, comes from the cache of rendered feeds. */
export function cachedFeed(etag: string, write: () => Promise<string>): CalendarFeed {
  return { etag, body: () => cachedRender(etag, write) };
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}

/** The answer to a feed request: 304 when the client's copy is current, else the text; both with the ETag. */
export async function calendarResponse(request: Request, feed: CalendarFeed, headers: Record<string, string>): Promise<Response> {
  const common = { ...headers, etag: feed.etag };
  if (etagMatches(request.headers.get('if-none-match'), feed.etag)) return new Response(null, { status: 304, headers: common });
  return new Response(await feed.body(), { headers: { 'content-type': 'text/calendar; charset=utf-8', 'x-content-type-options': 'nosniff', ...common } });
}

/**
 * A feed: the events in `scope` the actor may see, upcoming and recent, each series whole (its
 * occurrences in scope, that is). Visibility is decided by whereEventVisibleTo, then checked again
 * row by row with canOnEvent.
 */
export async function feedCalendar(db: DB, actor: Actor | null, scope: FeedScope, name: string, at = now()): Promise<string> {
  const inWindow = await db
    .selectFrom('events')
    .selectAll()
    .where(scope)
    .where(whereEventVisibleTo(actor))
    .where('ends_at', '>=', at - feedPastDays * day)
    .orderBy('starts_at')
    .orderBy('id')
    .limit(feedEventsMax)
    .execute();
  const seriesIds = [...new Set(inWindow.map((e) => e.series_id).filter((id): id is string => id !== null))];
  const series = await seriesOf(db, seriesIds);
  const rows = new Map(inWindow.map((e) => [e.id, e]));
  // A calendar expands the whole rule: it needs every occurrence, to tell which ones to leave out.
  for (const ids of chunks(seriesIds)) {
    const more = await db.selectFrom('events').selectAll().where('series_id', 'in', ids).where(scope).where(whereEventVisibleTo(actor)).execute();
    for (const e of more) rows.set(e.id, e);
  }
  return render(await shownTo(db, actor, [...rows.values()]), series, name);
}

// ---------------------------------------------------------------------------------------------
// Loading

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

function linkFor(actor: Actor | null, relation: EventRelation): string | null {
  return canOnEvent(actor, 'join_online', relation) ? relation.event.meeting_url : null;
}

/**
 * The rules of these series, with the first start each was made from (the RRULE counts from it).
 * The first start is read from every occurrence: the rule is the series', whoever sees which dates.
 */
async function seriesOf(db: DB, ids: string[]): Promise<Map<string, Series>> {
  const found = new Map<string, Series>();
  for (const part of chunks(ids)) {
    const [rules, firsts] = await Promise.all([
      db.selectFrom('event_series').select(['id', 'rule', 'time_zone']).where('id', 'in', part).execute(),
      db
        .selectFrom('events')
        .select(['series_id', (eb) => eb.fn.min('series_start').as('first')])
        .where('series_id', 'in', part)
        .groupBy('series_id')
        .execute()
    ]);
    for (const row of rules) {
      const first = firsts.find((f) => f.series_id === row.id)?.first;
      if (first === null || first === undefined) continue;
      found.set(row.id, { id: row.id, rule: JSON.parse(row.rule) as SeriesRule, timeZone: row.time_zone, first: Number(first) });
    }
  }
  return found;
}

/**
 * The actor's relation to each event, loaded for all of them at once (findEvent does it for one),
 * so that canOnEvent decides what each may show; an event it refuses is left out.
 */
async function shownTo(db: DB, actor: Actor | null, events: Event[]): Promise<Shown[]> {
  if (events.length === 0) return [];
  const hosts = new Map<string, Relation['community'][]>();
  const organiser = new Set<string>();
  const registration = new Map<string, NonNullable<EventRelation['registration']>>();
  for (const ids of chunks(events.map((e) => e.id))) {
    const rows = await db
      .selectFrom('event_communities')
      .innerJoin('communities', 'communities.id', 'event_communities.community_id')
      .selectAll('communities')
      .select('event_communities.event_id')
      .where('event_communities.event_id', 'in', ids)
      .execute();
    for (const { event_id, ...community } of rows) hosts.set(event_id, [...(hosts.get(event_id) ?? []), community]);
    if (!actor) continue;
    const [organises, registered] = await Promise.all([
      db.selectFrom('event_organisers').select('event_id').where('event_id', 'in', ids).where('user_id', '=', actor.id).execute(),
      db.selectFrom('registrations').select(['event_id', 'status']).where('event_id', 'in', ids).where('user_id', '=', actor.id).execute()
    ]);
    for (const row of organises) organiser.add(row.event_id);
    for (const row of registered) registration.set(row.event_id, { status: row.status });
  }
  const memberships = actor
    ? new Map((await db.selectFrom('memberships').select(['community_id', 'role', 'status']).where('user_id', '=', actor.id).execute()).map((m) => [m.community_id, { role: m.role, status: m.status }]))
    : new Map<string, NonNullable<Relation['membership']>>();
  return events.flatMap((event) => {
    const relation: EventRelation = {
      event,
      hosts: (hosts.get(event.id) ?? []).map((community) => ({ community, membership: memberships.get(community.id) ?? null })),
      organiser: organiser.has(event.id),
      registration: registration.get(event.id) ?? null
    };
    return canOnEvent(actor, 'read', relation) ? [{ event, link: linkFor(actor, relation) }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Writing

const vtimezones = new Map<string, string | null>();

/**
 * Whether a VTIMEZONE says what the server's own time-zone data says today: the same offsets in
 * January and July. The package's definitions date from an older tz release, and some are wrong
 * (Etc/GMT+5 comes as +05:00, not -05:00); zones that have since dropped daylight saving (Mexico,
 * Brazil) still carry it. A calendar would believe the definition, so a doubtful one is not used.
 */
function agrees(component: string, tzid: string): boolean {
  const declared = new Set([...component.matchAll(/^TZOFFSETTO:([+-]\d{4})\s*$/gm)].map((m) => m[1]));
  const year = DateTime.now().year;
  const actual = new Set([1, 7].map((month) => DateTime.fromObject({ year, month, day: 1 }, { zone: tzid }).toFormat('ZZZ')));
  return declared.size === actual.size && [...actual].every((offset) => declared.has(offset));
}

/**
 * The TZID to write a zone under, or null to write UTC: only zones with a trustworthy VTIMEZONE get
 * a TZID (an alias such as US/Eastern is written under its canonical name, as its definition says).
 */
function tzidOf(zone: string): string | null {
  if (!vtimezones.has(zone)) {
    const component = zone === 'UTC' ? null : getVtimezoneComponent(zone);
    const tzid = component?.match(/^TZID:(.+)$/m)?.[1]?.trim() ?? null;
    const usable = component && tzid && DateTime.now().setZone(tzid).isValid && agrees(component, tzid) ? tzid : null;
    vtimezones.set(zone, usable);
    if (usable && usable !== zone && !vtimezones.has(usable)) vtimezones.set(usable, usable);
  }
  return vtimezones.get(zone) ?? null;
}

// Control characters other than tab are not allowed in iCalendar text (line breaks are escaped).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const clean = (text: string) => text.replace(controls, '');
/** A TEXT value for a property ical-generator writes as given (the calendar's name, its PRODID). */
const rawText = (text: string) => clean(text).replace(/[\r\n]+/g, ' ').replace(/[\\;,]/g, (c) => `\\${c}`);

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (html: string) => html.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!);

/**
 * Plain text of the description, from its stored HTML: paragraphs and list items kept apart, web
 * links written out after their label (tags and mentions are links within Ruche: their label is enough).
 */
export function plainText(html: string): string {
  return decode(
    html
      .replace(/<a\s[^>]*?href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (_, href: string, label: string) => {
        const text = label.replace(/<[^>]*>/g, '');
        return /^https?:/i.test(href) && decode(href) !== decode(text) ? `${text} (${href})` : text;
      })
      .replace(/<br\s*\/?>/g, '\n')
      .replace(/<li>/g, '- ')
      .replace(/<\/(p|h[1-6]|blockquote|pre)>/g, '\n')
      .replace(/<[^>]*>/g, '')
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

type Content = {
  summary: string;
  description: string;
  location: string | null;
  status: ICalEventStatus;
  duration: number;
};

/** What a VEVENT says of an event, but its times and page. */
function contentOf({ event, link }: Shown): Content {
  const text = plainText(event.description_html);
  const address = event.address?.trim() || null;
  return {
    summary: clean(event.title),
    description: clean(text),
    location: address ? clean(address) : link,
    status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    duration: event.ends_at - event.starts_at
  };
}

// Worked out once per event: finding the commonest occurrence compares every pair.
const signatures = new WeakMap<Shown, string>();
function signature(shown: Shown): string {
  let found = signatures.get(shown);
  if (found === undefined) signatures.set(shown, (found = JSON.stringify([contentOf(shown), shown.link])));
  return found;
}
const sameContent = (a: Shown, b: Shown) => signature(a) === signature(b);

/** For an invitation (METHOD:REQUEST): who sends it and the participant it is for. */
type Invitation = { organizer: { name: string; email: string }; attendee: { name: string; email: string } };

type Context = { calendar: ICalCalendar; origin: string; host: string; stamp: Date; invitation?: Invitation };

function writeEvent(
  context: Context,
  shown: Shown,
  uid: string,
  zone: string,
  times: { start: number; end: number; recurrenceId?: number; rrule?: string },
  sequence: number,
  lastModified: number
): void {
  const { event, link } = shown;
  const content = contentOf(shown);
  const page = `${context.origin}/e/${encodeURIComponent(event.id)}`;
  const tzid = tzidOf(zone);
  const at = (ms: number) => DateTime.fromMillis(ms, { zone: tzid ?? 'utc' });
  context.calendar.createEvent({
    id: uid,
    sequence,
    stamp: context.stamp,
    start: at(times.start),
    end: at(times.end),
    timezone: tzid,
    recurrenceId: times.recurrenceId === undefined ? null : at(times.recurrenceId),
    repeating: times.rrule ?? null,
    summary: content.summary,
    description: [content.description, link, page].filter(Boolean).join('\n\n'),
    location: content.location,
    url: page,
    status: content.status,
    created: new Date(event.created_at),
    lastModified: new Date(lastModified),
    organizer: context.invitation?.organizer ?? null,
    attendees: context.invitation
      ? [{ ...context.invitation.attendee, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.ACCEPTED, rsvp: false }]
      : []
  });
}

/** An EXDATE of these starts on `zone`'s wall clock. */
function exdate(zone: string, starts: number[]): string {
  return `EXDATE;TZID=${zone}:${starts.map((ms) => DateTime.fromMillis(ms, { zone }).toFormat("yyyyLLdd'T'HHmmss")).join(',')}`;
}

/**
 * A series: a master VEVENT whose DTSTART is the rule's first start, carrying what most occurrences
 * say; each occurrence that differs (moved, changed, cancelled, or with a meeting link this reader
 * alone gets) as an override with the same UID and RECURRENCE-ID = the start the rule gave it; the
 * rule's dates without an occurrence this reader may see as EXDATE.
 */
function writeSeries(context: Context, series: Series, members: Shown[]): void {
  const zone = tzidOf(series.timeZone);
  // In UTC a weekly rule would drift by an hour at each daylight-saving change: without a usable
  // VTIMEZONE, each occurrence is written as the event it is.
  if (!zone) {
    for (const shown of members) writeSingle(context, shown);
    return;
  }
  const slots = occurrences(series.first, series.timeZone, series.rule);
  const bySlot = new Map<number, Shown>();
  const strays: Shown[] = [];
  for (const shown of members) {
    const start = shown.event.series_start;
    if (start !== null && slots.includes(start) && !bySlot.has(start)) bySlot.set(start, shown);
    else strays.push(shown);
  }
  // An occurrence that the rule no longer places is an event of its own.
  for (const shown of strays) writeSingle(context, shown);
  if (bySlot.size === 0) return;

  const template = mostCommon([...bySlot.values()]);
  const uid = `${series.id}@${context.host}`;
  // One revision number for the whole UID: any change to any occurrence raises it, never lowers it.
  const sequence = Math.max(...members.map((s) => s.event.sequence));
  const lastModified = Math.max(...members.map((s) => s.event.updated_at));
  const missing = slots.filter((slot) => !bySlot.has(slot));
  const rrule = [`RRULE:${toRRule(series.first, series.timeZone, series.rule)}`, ...(missing.length ? [exdate(zone, missing)] : [])].join('\n');
  const duration = template.event.ends_at - template.event.starts_at;
  writeEvent(context, template, uid, series.timeZone, { start: slots[0]!, end: slots[0]! + duration, rrule }, sequence, lastModified);
  for (const [slot, shown] of bySlot) {
    // Content includes the duration: what remains to compare is the start.
    if (shown.event.starts_at === slot && sameContent(shown, template)) continue;
    writeEvent(context, shown, uid, series.timeZone, { start: shown.event.starts_at, end: shown.event.ends_at, recurrenceId: slot }, sequence, shown.event.updated_at);
  }
}

/** The occurrence most others look like, among those still at the start the rule gave them. */
function mostCommon(members: Shown[]): Shown {
  const inPlace = members.filter((s) => s.event.starts_at === s.event.series_start);
  const pool = inPlace.length ? inPlace : members;
  let best = pool[0]!;
  let bestCount = 0;
  for (const candidate of pool) {
    const count = pool.filter((other) => sameContent(other, candidate)).length;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

function writeSingle(context: Context, shown: Shown): void {
  const { event } = shown;
  writeEvent(context, shown, `${event.id}@${context.host}`, event.time_zone, { start: event.starts_at, end: event.ends_at }, event.sequence, event.updated_at);
}

/** The calendar of these events; those of a series in `series` are written as that series. */
function render(events: Shown[], series: Map<string, Series>, name: string, invitation?: Invitation): string {
  const { origin, instanceName } = config();
  const calendar = ical({
    prodId: { company: rawText(instanceName).replace(/\/\//g, '/'), product: 'Ruche', language: 'FR' },
    method: invitation ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.PUBLISH,
    name: rawText(name),
    // No calendar-wide zone (DTSTAMP and LAST-MODIFIED stay in UTC); each event's zone gets its VTIMEZONE.
    timezone: { name: null, generator: (zone) => (tzidOf(zone) === zone ? getVtimezoneComponent(zone) : null) }
    // No REFRESH-INTERVAL: ical-generator writes it after the VTIMEZONE components, where RFC 5545
    // allows no calendar property; applications poll subscribed feeds at their own pace anyway.
  });
  const context: Context = { calendar, origin, host: new URL(origin).host, stamp: new Date(now()), invitation };
  const groups = new Map<string, Shown[]>();
  const sorted = [...events].sort((a, b) => a.event.starts_at - b.event.starts_at || (a.event.id < b.event.id ? -1 : 1));
  for (const shown of sorted) {
    const found = shown.event.series_id ? series.get(shown.event.series_id) : undefined;
    if (!found) writeSingle(context, shown);
    else groups.set(found.id, [...(groups.get(found.id) ?? []), shown]);
  }
  for (const [id, members] of groups) writeSeries(context, series.get(id)!, members);
  return calendar.toString();
}

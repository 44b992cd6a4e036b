// The iCalendar output, read back with node-ical (a parser that owes nothing to ical-generator):
// wall-clock times across daylight saving, series with their exceptions, SEQUENCE and UIDs, and who
// gets what — private communities, members-only events and meeting links never leak into a feed.
import { DateTime } from 'luxon';
import ical, { type ParameterValue, type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { createCommunity, endMembership, joinCommunity } from '../communities';
import { activeCalendarFeed, calendarFeedOwner, createCalendarFeed, personalCalendar, revokeCalendarFeed } from './calendar-feeds';
import { cancelEvent, createEvent, updateEvent } from './events';
import { communityCalendar, eventCalendar, plainText } from './ical';
import { rsvp } from './registrations';
import type { CreateEventInput } from './schemas';
import * as eventFile from '../../../routes/e/[id].ics/+server';
import * as communityFile from '../../../routes/c/[slug]/events.ics/+server';
import * as personalFile from '../../../routes/calendar/[token].ics/+server';

const instance = useTestInstance();
const db = () => instance.db;
const host = () => new URL(instance.config.origin).host;
const zone = 'America/Toronto';
const meeting = 'https://meet.example.org/cdp-sante;room=42';

/** A year whose autumn is still ahead, so every event made here is upcoming. */
const year = DateTime.now().setZone(zone).year + 1;
/** When Toronto leaves daylight time that year, found without any time-zone library: 06:00Z on the first Sunday of November. */
const dstEnds = (() => {
  const first = new Date(Date.UTC(year, 10, 1));
  return Date.UTC(year, 10, 1 + ((7 - first.getUTCDay()) % 7), 6);
})();

async function community(visibility: 'public' | 'private' | 'hidden', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, {
    name: `Santé, services & co ${Math.random().toString(36).slice(2, 8)}`,
    description: 'Offre active en français',
    visibility: visibility === 'hidden' ? 'public' : visibility,
    joinPolicy: 'open'
  });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  if (visibility === 'hidden') await db().updateTable('communities').set({ visibility: 'hidden' }).where('id', '=', created.id).execute();
  return { ...created, animator };
}

function schedule(animator: Actor, slug: string, input: Partial<CreateEventInput> = {}) {
  return createEvent(db(), animator, {
    communities: [slug],
    title: 'Webinaire : accueillir, en français',
    description: 'Nos **outils** pour le triage.\n\nVoir [la fiche](https://example.org/fiche).',
    format: 'online',
    meetingUrl: meeting,
    startsAt: `${year}-10-20T12:00`,
    endsAt: `${year}-10-20T13:30`,
    timeZone: zone,
    audience: 'public',
    ...input
  });
}

/** The events of a calendar, parsed; RFC 5545 line folding undone for searching the raw text. */
function parse(ics: string) {
  expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  // Lines of at most 75 octets; in VCALENDAR, its properties first, then only components.
  let depth = 0;
  let components = false;
  for (const line of ics.split('\r\n')) {
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    if (line.startsWith('END:')) depth--;
    else if (depth === 1 && line.startsWith('BEGIN:')) components = true;
    else if (depth === 1 && components && line !== '') expect.fail(`calendar property after a component: ${line}`);
    if (line.startsWith('BEGIN:')) depth++;
  }
  const parsed = ical.sync.parseICS(ics);
  const events = Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
  return { events, raw: ics.replace(/\r\n[ \t]/g, ''), byUid: (uid: string) => events.find((e) => e.uid === uid) };
}

const text = (value: ParameterValue | undefined) => (typeof value === 'string' ? value : (value?.val ?? ''));
const occurrenceIds = async (seriesId: string) =>
  (await db().selectFrom('events').select(['id', 'starts_at']).where('series_id', '=', seriesId).orderBy('starts_at').execute()).map((r) => r.id);
const secretOf = (url: string) => url.split('/calendar/')[1]!.replace(/\.ics$/, '');

function instancesOf(master: VEvent) {
  return ical.expandRecurringEvent(master, { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) });
}

describe('iCalendar files', () => {
  it('keeps a weekly series at noon in Toronto on both sides of the November change (16:00Z, then 17:00Z)', async () => {
    const c = await community('public');
    const { seriesId } = await schedule(c.animator, c.slug, { repeat: { freq: 'weekly', interval: 1, count: 6 } });
    const { events, raw, byUid } = parse(await communityCalendar(db(), c.slug));

    expect(events).toHaveLength(1);
    const master = byUid(`${seriesId}@${host()}`)!;
    expect(master).toBeDefined();
    expect(raw).toContain('BEGIN:VTIMEZONE\r\nTZID:America/Toronto');
    // node-ical reads the TZID as an IANA name; the definition a calendar application reads is checked here.
    expect(raw).toMatch(/BEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n(?:.*\r\n)*?RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT/);
    expect(raw).toMatch(/BEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n(?:.*\r\n)*?RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD/);
    expect(raw).toContain(`DTSTART;TZID=America/Toronto:${year}1020T120000`);
    expect(raw).toContain(`DTEND;TZID=America/Toronto:${year}1020T133000`);
    expect(raw).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=[A-Z]{2};INTERVAL=1;COUNT=6/);
    expect(master.start.tz).toBe(zone);

    const instances = instancesOf(master);
    expect(instances).toHaveLength(6);
    const hours = instances.map((i) => ({ at: i.start.getTime(), hour: i.start.getUTCHours(), minutes: i.start.getUTCMinutes(), length: i.end.getTime() - i.start.getTime() }));
    for (const { at, hour, minutes, length } of hours) {
      // Noon EDT is 16:00Z; noon EST is 17:00Z.
      expect(hour).toBe(at < dstEnds ? 16 : 17);
      expect(minutes).toBe(0);
      expect(length).toBe(90 * 60 * 1000);
    }
    expect(new Set(hours.map((h) => h.hour))).toEqual(new Set([16, 17]));
    // Exactly a week apart on the wall clock, so one gap is a week and an hour.
    const gaps = hours.slice(1).map((h, i) => (h.at - hours[i]!.at) / 3_600_000);
    expect(gaps.filter((g) => g === 169)).toHaveLength(1);
    expect(gaps.filter((g) => g === 168)).toHaveLength(4);
  });

  it('writes a cancelled occurrence as cancelled and a moved one at its new time, the others from the rule', async () => {
    const c = await community('public');
    const { seriesId } = await schedule(c.animator, c.slug, { repeat: { freq: 'weekly', interval: 1, count: 6 } });
    const ids = await occurrenceIds(seriesId!);
    const before = byUidOf(await communityCalendar(db(), c.slug), `${seriesId}@${host()}`);
    expect(Number(before.sequence)).toBe(0);
    expect(Object.keys(before.recurrences ?? {})).toHaveLength(0);

    await cancelEvent(db(), c.animator, ids[2]!);
    await updateEvent(db(), c.animator, ids[4]!, { startsAt: `${year}-11-17T14:00`, endsAt: `${year}-11-17T15:30` });
    const { events, raw } = parse(await communityCalendar(db(), c.slug));
    // One UID for the whole series: the master and its two exceptions.
    expect(events).toHaveLength(1);
    const master = events[0]!;
    expect(master.uid).toBe(before.uid);
    expect(master.status).toBe('CONFIRMED');
    expect(Number(master.sequence)).toBe(1);
    expect(raw.match(/^UID:/gm)).toHaveLength(3);
    expect(raw.match(/^RECURRENCE-ID;TZID=America\/Toronto:/gm)).toHaveLength(2);

    const instances = instancesOf(master);
    expect(instances).toHaveLength(6);
    const third = instances[2]!;
    expect(third.isOverride).toBe(true);
    expect(third.event.status).toBe('CANCELLED');
    expect(DateTime.fromJSDate(third.start, { zone }).toFormat('HH:mm')).toBe('12:00');
    const fifth = instances[4]!;
    expect(fifth.isOverride).toBe(true);
    expect(fifth.event.status).toBe('CONFIRMED');
    expect(DateTime.fromJSDate(fifth.start, { zone }).toFormat('yyyy-LL-dd HH:mm')).toBe(`${year}-11-17 14:00`);
    expect(fifth.event.recurrenceid && DateTime.fromJSDate(fifth.event.recurrenceid, { zone }).toFormat('HH:mm')).toBe('12:00');
    expect(text(fifth.event.description)).toContain(`/e/${ids[4]}`);
    for (const i of [0, 1, 3, 5]) {
      expect(instances[i]!.isOverride).toBe(false);
      expect(DateTime.fromJSDate(instances[i]!.start, { zone }).toFormat('HH:mm')).toBe('12:00');
    }
  });

  it('keeps UIDs across generations and raises SEQUENCE when the event changes', async () => {
    const c = await community('public');
    const { id } = await schedule(c.animator, c.slug);
    const uid = `${id}@${host()}`;
    const first = parse(await eventCalendar(db(), c.animator, id));
    const again = parse(await communityCalendar(db(), c.slug));
    expect(first.events.map((e) => e.uid)).toEqual([uid]);
    expect(again.events.map((e) => e.uid)).toEqual([uid]);
    expect(first.raw).toContain('METHOD:PUBLISH');
    expect(Number(first.events[0]!.sequence)).toBe(0);
    expect(first.events[0]!.status).toBe('CONFIRMED');

    await updateEvent(db(), c.animator, id, { title: 'Webinaire : accueillir (nouvelle date)', startsAt: `${year}-10-21T12:00`, endsAt: `${year}-10-21T13:00` });
    const changed = parse(await eventCalendar(db(), c.animator, id)).events[0]!;
    expect(changed.uid).toBe(uid);
    expect(Number(changed.sequence)).toBe(1);
    expect(text(changed.summary)).toBe('Webinaire : accueillir (nouvelle date)');
    expect(changed.start.toISOString()).toBe(`${year}-10-21T16:00:00.000Z`);

    await cancelEvent(db(), c.animator, id);
    const cancelled = parse(await communityCalendar(db(), c.slug)).events[0]!;
    expect(cancelled.uid).toBe(uid);
    expect(Number(cancelled.sequence)).toBe(2);
    expect(cancelled.status).toBe('CANCELLED');
  });

  it('describes the event in plain text with its page, and escapes what iCalendar reserves', async () => {
    const c = await community('public');
    const { id } = await schedule(c.animator, c.slug, { title: 'Cuisine; santé, et \\ co', format: 'in_person', meetingUrl: null, address: '1 rue Principale, Sudbury' });
    const event = parse(await eventCalendar(db(), null, id)).events[0]!;
    expect(text(event.summary)).toBe('Cuisine; santé, et \\ co');
    expect(text(event.location)).toBe('1 rue Principale, Sudbury');
    expect(text(event.url as ParameterValue)).toBe(`${instance.config.origin}/e/${id}`);
    expect(text(event.description)).toBe(`Nos outils pour le triage.\n\nVoir la fiche (https://example.org/fiche).\n\n${instance.config.origin}/e/${id}`);
    expect(plainText('<ul>\n<li>un &amp; deux</li>\n<li><a href="/tags/triage" class="tag">#triage</a></li>\n</ul>\n')).toBe('- un & deux\n- #triage');
  });

  it('writes times in UTC, occurrence by occurrence, for a zone whose VTIMEZONE would be wrong', async () => {
    // The package defines Etc/GMT+5 (UTC-5) as +05:00; a calendar would believe it.
    const c = await community('public');
    const single = await schedule(c.animator, c.slug, { timeZone: 'Etc/GMT+5', startsAt: `${year}-10-20T12:00`, endsAt: `${year}-10-20T13:00` });
    const { events, raw } = parse(await eventCalendar(db(), null, single.id));
    expect(raw).not.toContain('TZID');
    expect(raw).toContain(`DTSTART:${year}1020T170000Z`);
    expect(events[0]!.start.toISOString()).toBe(`${year}-10-20T17:00:00.000Z`);

    const { seriesId } = await schedule(c.animator, c.slug, { timeZone: 'Etc/GMT+5', repeat: { freq: 'weekly', interval: 1, count: 3 } });
    const feed = parse(await communityCalendar(db(), c.slug));
    expect(feed.raw).not.toContain('TZID');
    expect(feed.raw).not.toContain('RRULE');
    const ids = await occurrenceIds(seriesId!);
    expect(feed.events.map((e) => e.uid).sort()).toEqual([single.id, ...ids].map((id) => `${id}@${host()}`).sort());
  });

  it('has no feed for a private, hidden or unknown community, and answers 404 there', async () => {
    const privateOne = await community('private');
    const hidden = await community('hidden');
    await schedule(privateOne.animator, privateOne.slug, { audience: 'public' });
    for (const slug of [privateOne.slug, hidden.slug, 'nulle-part']) {
      expect(await outcome(communityCalendar(db(), slug))).toBe('not_found');
      expect(await status(communityFile.GET, null, { slug })).toBe(404);
    }
  });

  it('never puts a members-only event in the public feed, nor in anyone else’s hands', async () => {
    const member = await person(db(), 'Marc Roy');
    const outsider = await person(db(), 'Ana Silva');
    const c = await community('public', member);
    const open = await schedule(c.animator, c.slug, { title: 'Ouvert à tous' });
    const closed = await schedule(c.animator, c.slug, { title: 'Entre membres', audience: 'members', repeat: { freq: 'weekly', interval: 1, count: 3 } });
    const [closedFirst] = await occurrenceIds(closed.seriesId!);

    const publicFeed = parse(await communityCalendar(db(), c.slug));
    expect(publicFeed.events.map((e) => e.uid)).toEqual([`${open.id}@${host()}`]);
    expect(publicFeed.raw).not.toContain('Entre membres');
    expect(publicFeed.raw).not.toContain(closed.seriesId!);
    // The member asks for the public feed: it is still what a visitor sees.
    expect(await (await get(communityFile.GET, { slug: c.slug }, member)).text()).not.toContain('Entre membres');

    for (const who of [null, outsider]) expect(await outcome(eventCalendar(db(), who, closedFirst!))).toBe('not_found');
    expect(await status(eventFile.GET, null, { id: closedFirst! })).toBe(404);
    expect(parse(await eventCalendar(db(), member, closedFirst!)).events).toHaveLength(1);
    const mine = parse(await personalCalendar(db(), secretOf((await createCalendarFeed(db(), member)).url)));
    expect(mine.byUid(`${closed.seriesId}@${host()}`)).toBeDefined();
    expect(mine.byUid(`${open.id}@${host()}`)).toBeDefined();
    const theirs = parse(await personalCalendar(db(), secretOf((await createCalendarFeed(db(), outsider)).url)));
    expect(theirs.events).toHaveLength(0);
  });

  it('gives the meeting link to registered participants only, in their .ics and their feed', async () => {
    const going = await person(db(), 'Chloé Martin');
    const notGoing = await person(db(), 'Paul Girard');
    const c = await community('public', going, notGoing);
    const { id, seriesId } = await schedule(c.animator, c.slug, { format: 'hybrid', address: 'Centre de santé, Hearst', repeat: { freq: 'weekly', interval: 1, count: 3 } });
    const ids = await occurrenceIds(seriesId!);
    expect(ids[0]).toBe(id);
    await rsvp(db(), going, ids[1]!, { status: 'going' });
    await rsvp(db(), notGoing, ids[1]!, { status: 'maybe' });

    const hasLink = (ics: string) => ics.replace(/\r\n[ \t]/g, '').replace(/\\([;,\\])/g, '$1').includes(meeting);
    expect(hasLink(await eventCalendar(db(), going, ids[1]!))).toBe(true);
    expect(hasLink(await eventCalendar(db(), going, ids[0]!))).toBe(false);
    expect(hasLink(await eventCalendar(db(), notGoing, ids[1]!))).toBe(false);
    expect(hasLink(await eventCalendar(db(), null, ids[1]!))).toBe(false);
    expect(hasLink(await eventCalendar(db(), c.animator, ids[1]!))).toBe(true);
    expect(hasLink(await communityCalendar(db(), c.slug))).toBe(false);

    // In the participant's feed the link is on their occurrence alone, an exception to the series.
    const feed = parse(await personalCalendar(db(), secretOf((await createCalendarFeed(db(), going)).url)));
    const master = feed.byUid(`${seriesId}@${host()}`)!;
    expect(text(master.description)).not.toContain(meeting);
    const instances = instancesOf(master);
    expect(instances.map((i) => i.isOverride)).toEqual([false, true, false]);
    expect(text(instances[1]!.event.description)).toContain(meeting);
    expect(text(instances[1]!.event.location)).toBe('Centre de santé, Hearst');
    expect(hasLink(await personalCalendar(db(), secretOf((await createCalendarFeed(db(), notGoing)).url)))).toBe(false);
  });

  it('serves a personal feed at a secret address until it is replaced or revoked, then 404', async () => {
    const member = await person(db(), 'Inès Côté');
    const c = await community('private', member);
    const { id } = await schedule(c.animator, c.slug, { audience: 'members', title: 'Cercle de lecture' });
    expect(await activeCalendarFeed(db(), member)).toBeNull();

    const first = await createCalendarFeed(db(), member);
    expect(first.url).toMatch(new RegExp(`^${instance.config.origin}/calendar/cal_[\\w-]{43}\\.ics$`));
    expect((await calendarFeedOwner(db(), secretOf(first.url)))?.id).toBe(member.id);
    const response = await get(personalFile.GET, { token: secretOf(first.url) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    expect(parse(await response.text()).byUid(`${id}@${host()}`)).toBeDefined();

    // Only a hash is kept.
    const stored = await db().selectFrom('calendar_feeds').select('token_hash').where('user_id', '=', member.id).execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(secretOf(first.url));

    const second = await createCalendarFeed(db(), member);
    expect(await outcome(personalCalendar(db(), secretOf(first.url)))).toBe('not_found');
    expect(await status(personalFile.GET, null, { token: secretOf(first.url) })).toBe(404);
    expect(await outcome(personalCalendar(db(), secretOf(second.url)))).toBe('ok');
    expect(await activeCalendarFeed(db(), member)).not.toBeNull();

    await revokeCalendarFeed(db(), member);
    expect(await outcome(personalCalendar(db(), secretOf(second.url)))).toBe('not_found');
    expect(await status(personalFile.GET, null, { token: secretOf(second.url) })).toBe(404);
    expect(await status(personalFile.GET, null, { token: 'cal_inconnu' })).toBe(404);
    expect(await activeCalendarFeed(db(), member)).toBeNull();
  });

  it('drops the events of a community from the personal feed as soon as the member leaves it', async () => {
    const member = await person(db(), 'Samir Haddad');
    const c = await community('private', member);
    const elsewhere = await community('public');
    const kept = await schedule(elsewhere.animator, elsewhere.slug, { title: 'Conférence ouverte' });
    const gone = await schedule(c.animator, c.slug, { title: 'Réunion interne', audience: 'members' });
    await rsvp(db(), member, kept.id, { status: 'going' });
    await rsvp(db(), member, gone.id, { status: 'going' });
    const secret = secretOf((await createCalendarFeed(db(), member)).url);
    const uids = async () => parse(await personalCalendar(db(), secret)).events.map((e) => e.uid).sort();
    expect(await uids()).toEqual([`${kept.id}@${host()}`, `${gone.id}@${host()}`].sort());

    await endMembership(db(), member, c.slug, member.id, 'left');
    expect(await uids()).toEqual([`${kept.id}@${host()}`]);
  });

  it('serves the files with calendar headers: a short public cache for a community, none for one event', async () => {
    const c = await community('public');
    const { id } = await schedule(c.animator, c.slug);
    const feed = await get(communityFile.GET, { slug: c.slug });
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(feed.headers.get('cache-control')).toBe('public, max-age=300');
    expect(parse(await feed.text()).events).toHaveLength(1);
    const one = await get(eventFile.GET, { id });
    expect(one.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(one.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('conditional requests for feeds', () => {
  it('answers 304 to a calendar whose copy of a community feed is current, and the new text once an event changes', async () => {
    const c = await community('public');
    const { id } = await schedule(c.animator, c.slug, { title: 'Atelier du mardi' });
    const first = await get(communityFile.GET, { slug: c.slug });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(await first.text()).toContain('Atelier du mardi');

    const again = await get(communityFile.GET, { slug: c.slug }, null, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=300');
    // Weak comparison, and one of several tags, as clients send them.
    expect((await get(communityFile.GET, { slug: c.slug }, null, { 'if-none-match': `"autre", W/${etag}` })).status).toBe(304);

    await updateEvent(db(), c.animator, id, { title: 'Atelier du mercredi' });
    const changed = await get(communityFile.GET, { slug: c.slug }, null, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const body = await changed.text();
    expect(body).toContain('Atelier du mercredi');
    expect(body).not.toContain('Atelier du mardi');

    // A new event, a cancelled one: the ETag moves each time.
    const seen = new Set([etag, changed.headers.get('etag')]);
    const added = await schedule(c.animator, c.slug, { title: 'Café rencontre', startsAt: `${year}-10-22T12:00`, endsAt: `${year}-10-22T13:00` });
    const withAdded = await get(communityFile.GET, { slug: c.slug });
    expect(seen.has(withAdded.headers.get('etag'))).toBe(false);
    expect(await withAdded.text()).toContain('Café rencontre');
    seen.add(withAdded.headers.get('etag'));
    await cancelEvent(db(), c.animator, added.id);
    const withCancelled = await get(communityFile.GET, { slug: c.slug });
    expect(seen.has(withCancelled.headers.get('etag'))).toBe(false);
    expect(byUidOf(await withCancelled.text(), `${added.id}@${host()}`).status).toBe('CANCELLED');
  });

  it('never answers a personal feed with another member’s text or a 304 meant for them', async () => {
    const ana = await person(db(), 'Ana Tremblay');
    const jo = await person(db(), 'Jo Bouchard');
    const c = await community('private', ana, jo);
    const { id } = await schedule(c.animator, c.slug, { audience: 'members', title: 'Cercle privé', format: 'online' });
    await rsvp(db(), ana, id, { status: 'going' });
    const anaSecret = secretOf((await createCalendarFeed(db(), ana)).url);
    const joSecret = secretOf((await createCalendarFeed(db(), jo)).url);

    const anas = await get(personalFile.GET, { token: anaSecret });
    const anaTag = anas.headers.get('etag')!;
    expect(anas.headers.get('cache-control')).toBe('private, no-cache');
    expect(await anas.text()).toContain('Ana Tremblay');
    expect((await get(personalFile.GET, { token: anaSecret }, null, { 'if-none-match': anaTag })).status).toBe(304);

    // Jo sees the same event, without the link: Ana's ETag is not his, whatever he sends.
    const jos = await get(personalFile.GET, { token: joSecret }, null, { 'if-none-match': anaTag });
    expect(jos.status).toBe(200);
    expect(jos.headers.get('etag')).not.toBe(anaTag);
    const text = await jos.text();
    expect(text).toContain('Jo Bouchard');
    expect(text).not.toContain('Ana Tremblay');
    expect(text.replace(/\r\n[ \t]/g, '').replace(/\\([;,\\])/g, '$1')).not.toContain(meeting);

    // Her own registration changes what her feed says (the link goes): a new ETag, the new text.
    await rsvp(db(), ana, id, { status: 'not_going' });
    const after = await get(personalFile.GET, { token: anaSecret }, null, { 'if-none-match': anaTag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(anaTag);
    expect((await after.text()).replace(/\r\n[ \t]/g, '').replace(/\\([;,\\])/g, '$1')).not.toContain(meeting);

    // A revoked address answers 404, an ETag or not.
    await revokeCalendarFeed(db(), ana);
    expect(await status(personalFile.GET, null, { token: anaSecret }, { 'if-none-match': anaTag })).toBe(404);
  });
});

function byUidOf(ics: string, uid: string): VEvent {
  const found = parse(ics).byUid(uid);
  expect(found).toBeDefined();
  return found!;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a route handler, called with the part of its event it reads
type Handler = (event: any) => Promise<Response> | Response;

async function get(handler: Handler, params: Record<string, string>, user: Actor | null = null, headers: Record<string, string> = {}): Promise<Response> {
  return handler({ params, locals: { user }, request: new Request('http://localhost/', { headers }) });
}

/** The status a route answers with, an error thrown by SvelteKit's `error()` included. */
async function status(handler: Handler, user: Actor | null, params: Record<string, string>, headers: Record<string, string> = {}): Promise<number> {
  try {
    return (await get(handler, params, user, headers)).status;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

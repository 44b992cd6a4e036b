import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { eventListItemSchema, eventViewSchema, feedbackSummarySchema, participantSchema } from '$lib/server/api/events';
import { pageOf } from '$lib/server/api/pagination';
import { translate } from '$lib/i18n';
import * as events from './+server';
import * as load from './load/+server';
import * as event from './[id]/+server';
import * as occurrences from './[id]/occurrences/+server';
import * as rsvp from './[id]/rsvp/+server';
import * as participants from './[id]/participants/+server';
import * as attendance from './[id]/participants/[userId]/attendance/+server';
import * as feedback from './[id]/feedback/+server';
import * as materials from './[id]/materials/+server';
import * as material from './[id]/materials/[materialId]/+server';
import * as calendar from '../me/calendar/+server';

const instance = useTestInstance();
const db = () => instance.db;

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

const hour = 60 * 60 * 1000;
/** An instant `hours` from now, as ISO 8601 with its offset. */
const inHours = (hours: number) => new Date(Date.now() + hours * hour).toISOString();

function schedule(as: Actor, json: Record<string, unknown>) {
  return call(events.POST, 'POST', '/events', { as, json });
}

async function scheduled(as: Actor, slug: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await schedule(as, { communities: [slug], title: 'Webinaire', startsAt: inHours(48), endsAt: inHours(49), timeZone: 'America/Toronto', ...extra });
  expect(created.status).toBe(201);
  return created.body.id;
}

const going = (as: Actor, id: string, status = 'going') => call(rsvp.PUT, 'PUT', `/events/${id}/rsvp`, { as, params: { id }, json: { status } });

describe('scheduling through the API', () => {
  it('schedules from the smallest body, and reads it back', async () => {
    const c = await community('public');
    const created = await schedule(c.animator, { communities: [c.slug], title: '5 à 7 de décembre', startsAt: '2026-12-10T17:00', endsAt: '2026-12-10T19:00', timeZone: 'America/Toronto' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), seriesId: null, occurrences: 1 });
    const { id } = created.body;

    const read = await call(event.GET, 'GET', `/events/${id}`, { params: { id } });
    expect(read.status).toBe(200);
    expect(eventViewSchema.strict().parse(read.body)).toMatchObject({
      title: '5 à 7 de décembre',
      kind: 'webinar',
      audience: 'public',
      startsAt: Date.parse('2026-12-10T22:00:00Z'),
      hosts: [{ slug: c.slug }],
      viewer: { signedIn: false, canManage: false }
    });
    const alone = await call(occurrences.GET, 'GET', `/events/${id}/occurrences`, { params: { id } });
    expect(alone.body).toEqual({ items: [{ id, startsAt: Date.parse('2026-12-10T22:00:00Z'), status: 'scheduled' }], nextCursor: null });
  });

  it('refuses bad input with a problem naming each field, and schedules nothing', async () => {
    const c = await community('public');
    const base = { communities: [c.slug], title: 'Atelier', startsAt: '2026-12-10T17:00', endsAt: '2026-12-10T19:00', timeZone: 'America/Toronto' };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...base, endsAt: '2026-12-10T16:00' }, 'endsAt', 'events.errors.end_before_start'],
      [{ ...base, timeZone: 'Mars/Olympus' }, 'timeZone', 'events.errors.unknown_time_zone'],
      [{ ...base, startsAt: 'demain' }, 'startsAt', 'events.errors.bad_time'],
      [{ ...base, title: ' ' }, 'title', 'events.errors.title_required'],
      [{ ...base, communities: [] }, 'communities', 'events.errors.community_required']
    ];
    for (const [json, path, key] of cases) {
      const refused = await schedule(c.animator, json);
      expect(refused.status).toBe(400);
      expect(refused.type).toBe('application/problem+json');
      expect(refused.body.errors).toEqual([{ path, message: translate('en', key as Parameters<typeof translate>[1]) }]);
    }
    const { title, ...untitled } = base;
    expect(title).toBe('Atelier');
    expect((await schedule(c.animator, untitled)).body.errors).toEqual([{ path: 'title', message: translate('en', 'api.validation.required') }]);
    expect((await call(events.POST, 'POST', '/events', { json: base })).status).toBe(401);

    const stored = await db().selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', 'Atelier').executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
    const listed = await call(events.GET, 'GET', '/events', { as: c.animator, query: { community: c.slug, when: 'upcoming' } });
    expect(listed.body).toEqual({ items: [], nextCursor: null });
    expect((await call(events.GET, 'GET', '/events', { query: { when: 'soon' } })).body.errors.map((e: { path: string }) => e.path)).toEqual(['when']);
    expect((await call(events.GET, 'GET', '/events', { query: { from: 'hier' } })).body.errors).toEqual([{ path: 'from', message: translate('en', 'events.errors.bad_time') }]);
  });

  it('refuses a capacity below those already going, and changes nothing', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const id = await scheduled(c.animator, c.slug, { capacity: 5 });
    await going(bob, id);
    await going(carol, id);
    const refused = await call(event.PATCH, 'PATCH', `/events/${id}`, { as: c.animator, params: { id }, json: { capacity: 1, title: 'Autre titre' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'capacity', message: translate('en', 'events.errors.capacity_below_registered') }]);
    const unchanged = await call(event.GET, 'GET', `/events/${id}`, { as: bob, params: { id } });
    expect(unchanged.body).toMatchObject({ title: 'Webinaire', capacity: 5, going: 2 });

    const changed = await call(event.PATCH, 'PATCH', `/events/${id}`, { as: c.animator, params: { id }, json: { capacity: 2, title: 'Webinaire complet' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ title: 'Webinaire complet', capacity: 2, placesLeft: 0, sequence: 1 });
    expect((await call(event.PATCH, 'PATCH', `/events/${id}`, { as: bob, params: { id }, json: { title: 'À moi' } })).status).toBe(403);
  });

  it('hides a members-only event from outsiders, in the agenda and by its id', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const outsider = await person(db(), 'Zoé Dehors');
    const c = await community('public', bob);
    const hidden = await scheduled(c.animator, c.slug, { audience: 'members', title: 'Entre membres' });
    const open = await scheduled(c.animator, c.slug, { title: 'Pour tous' });

    for (const as of [outsider, null]) {
      const read = await call(event.GET, 'GET', `/events/${hidden}`, { as, params: { id: hidden } });
      expect(read.status).toBe(404);
      expect(read.type).toBe('application/problem+json');
      expect((await call(occurrences.GET, 'GET', `/events/${hidden}/occurrences`, { as, params: { id: hidden } })).status).toBe(404);
      const agenda = await call(events.GET, 'GET', '/events', { as, query: { community: c.slug } });
      expect(agenda.body.items.map((i: { id: string }) => i.id)).toEqual([open]);
    }
    const member = await call(events.GET, 'GET', '/events', { as: bob, query: { community: c.slug, limit: '1' } });
    expect(pageOf(eventListItemSchema.strict()).parse(member.body).items).toHaveLength(1);
    const next = await call(events.GET, 'GET', '/events', { as: bob, query: { community: c.slug, limit: '1', cursor: member.body.nextCursor } });
    expect([...member.body.items, ...next.body.items].map((i: { id: string }) => i.id).sort()).toEqual([hidden, open].sort());
    expect(next.body.nextCursor).toBeNull();
  });

  it('lists a series’ occurrences, and cancels one and those after it', async () => {
    const c = await community('public');
    const created = await schedule(c.animator, {
      communities: [c.slug], title: 'Club de lecture', startsAt: inHours(24), endsAt: inHours(25), timeZone: 'America/Toronto', repeat: { freq: 'weekly', count: 3 }
    });
    expect(created.body).toMatchObject({ seriesId: expect.any(String), occurrences: 3 });
    const { id } = created.body;
    const series = await call(occurrences.GET, 'GET', `/events/${id}/occurrences`, { params: { id } });
    expect(series.body.items).toHaveLength(3);
    const second: string = series.body.items[1].id;
    expect((await call(event.DELETE, 'DELETE', `/events/${second}`, { as: c.animator, params: { id: second }, query: { scope: 'following' } })).status).toBe(204);
    const after = await call(occurrences.GET, 'GET', `/events/${second}/occurrences`, { params: { id: second } });
    expect(after.body.items.map((o: { status: string }) => o.status)).toEqual(['scheduled', 'cancelled', 'cancelled']);
    expect((await call(event.DELETE, 'DELETE', `/events/${id}`, { as: c.animator, params: { id }, query: { scope: 'all' } })).status).toBe(400);
  });
});

describe('registering through the API', () => {
  it('waitlists past the capacity and promotes the first waiting when a place frees', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const id = await scheduled(c.animator, c.slug, { capacity: 1 });

    expect((await going(bob, id)).body).toEqual({ status: 'going', position: null });
    expect((await going(carol, id)).body).toEqual({ status: 'waitlisted', position: 1 });
    expect((await call(event.GET, 'GET', `/events/${id}`, { as: carol, params: { id } })).body).toMatchObject({ going: 1, waitlisted: 1, placesLeft: 0, myStatus: 'waitlisted' });

    expect((await going(bob, id, 'not_going')).body).toEqual({ status: 'not_going', position: null });
    const promoted = await call(event.GET, 'GET', `/events/${id}`, { as: carol, params: { id } });
    expect(promoted.body).toMatchObject({ going: 1, waitlisted: 0, viewer: { status: 'going' } });

    expect((await going(carol, id, 'perhaps')).status).toBe(400);
    expect((await call(rsvp.PUT, 'PUT', `/events/${id}/rsvp`, { params: { id }, json: { status: 'going' } })).status).toBe(401);
  });

  it('gives the meeting link only to a participant who is going, and the participant list only to organisers', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const id = await scheduled(c.animator, c.slug, { meetingUrl: 'https://visio.example.org/atelier', questions: [{ label: 'Votre organisme ?', required: true }] });

    const missing = await call(rsvp.PUT, 'PUT', `/events/${id}/rsvp`, { as: bob, params: { id }, json: { status: 'going' } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: 'answers.0', message: translate('en', 'events.errors.answer_required') }]);
    const registered = await call(rsvp.PUT, 'PUT', `/events/${id}/rsvp`, { as: bob, params: { id }, json: { status: 'going', answers: { '0': 'CDC Centre' } } });
    expect(registered.body.status).toBe('going');
    const maybe = await call(rsvp.PUT, 'PUT', `/events/${id}/rsvp`, { as: carol, params: { id }, json: { status: 'maybe', answers: { '0': 'Ville' } } });
    expect(maybe.body).toEqual({ status: 'maybe', position: null });

    expect((await call(event.GET, 'GET', `/events/${id}`, { as: bob, params: { id } })).body.meetingUrl).toBe('https://visio.example.org/atelier');
    expect((await call(event.GET, 'GET', `/events/${id}`, { as: carol, params: { id } })).body.meetingUrl).toBeNull();
    expect((await call(event.GET, 'GET', `/events/${id}`, { params: { id } })).body.meetingUrl).toBeNull();
    expect((await call(events.GET, 'GET', '/events', { as: bob, query: { community: c.slug } })).body.items[0]).not.toHaveProperty('meetingUrl');

    const refused = await call(participants.GET, 'GET', `/events/${id}/participants`, { as: bob, params: { id } });
    expect(refused.status).toBe(403);
    expect(refused.type).toBe('application/problem+json');
    const list = await call(participants.GET, 'GET', `/events/${id}/participants`, { as: c.animator, params: { id } });
    expect(pageOf(participantSchema.strict()).parse(list.body).items.map((p) => [p.name, p.status, p.answers])).toEqual([
      ['Bob Tremblay', 'going', { '0': 'CDC Centre' }],
      ['Carole Roy', 'maybe', { '0': 'Ville' }]
    ]);
  });
});

describe('after the event through the API', () => {
  it('marks attendance, collects feedback for organisers in aggregate, and keeps materials', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    // Started an hour ago: registration is still open, feedback already is.
    const id = await scheduled(c.animator, c.slug, { startsAt: inHours(-1), endsAt: inHours(1) });
    await going(bob, id);

    const mark = (userId: string, attended: boolean | null, as: Actor = c.animator) =>
      call(attendance.PUT, 'PUT', `/events/${id}/participants/${userId}/attendance`, { as, params: { id, userId }, json: { attended } });
    expect((await mark(bob.id, true)).status).toBe(204);
    expect((await mark(carol.id, true)).status).toBe(404);
    expect((await mark(bob.id, false, bob)).status).toBe(403);

    const give = (as: Actor, json: unknown) => call(feedback.POST, 'POST', `/events/${id}/feedback`, { as, params: { id }, json });
    expect((await give(bob, { rating: 6 })).body.errors).toEqual([{ path: 'rating', message: translate('en', 'events.errors.rating') }]);
    expect((await give(carol, { rating: 5 })).status).toBe(403);
    expect((await give(bob, { rating: 2 })).status).toBe(204);
    expect((await give(bob, { rating: 4, comment: 'Très utile' })).status).toBe(204);

    expect((await call(feedback.GET, 'GET', `/events/${id}/feedback`, { as: bob, params: { id } })).status).toBe(403);
    const summary = await call(feedback.GET, 'GET', `/events/${id}/feedback`, { as: c.animator, params: { id } });
    expect(feedbackSummarySchema.strict().parse(summary.body)).toEqual({ formId: expect.any(String), count: 1, average: 4, ratings: [0, 0, 0, 1, 0], comments: ['Très utile'] });
    const list = await call(participants.GET, 'GET', `/events/${id}/participants`, { as: c.animator, params: { id } });
    expect(list.body.items[0]).toMatchObject({ userId: bob.id, attended: true });

    const add = (json: unknown) => call(materials.POST, 'POST', `/events/${id}/materials`, { as: c.animator, params: { id }, json });
    const added = await add({ title: 'Diapositives', url: 'https://example.org/diapos.pdf' });
    expect(added.status).toBe(201);
    expect((await add({ title: 'Lien', url: 'javascript:alert(1)' })).body.errors).toEqual([{ path: 'url', message: translate('en', 'events.errors.bad_url') }]);
    const shown = await call(materials.GET, 'GET', `/events/${id}/materials`, { params: { id } });
    expect(shown.body).toEqual({ items: [{ id: added.body.id, kind: 'link', title: 'Diapositives', url: 'https://example.org/diapos.pdf', fileName: null, size: null }], nextCursor: null });
    const materialId: string = added.body.id;
    expect((await call(material.DELETE, 'DELETE', `/events/${id}/materials/${materialId}`, { as: bob, params: { id, materialId } })).status).toBe(403);
    expect((await call(material.DELETE, 'DELETE', `/events/${id}/materials/${materialId}`, { as: c.animator, params: { id, materialId } })).status).toBe(204);
  });
});

describe('the frequency guard and the calendar address through the API', () => {
  it('counts the members’ activities around a date, for animators only', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const c = await community('public', bob);
    await scheduled(c.animator, c.slug);
    const query = { communities: c.slug, startsAt: inHours(72).slice(0, 16), timeZone: 'America/Toronto' };
    const counted = await call(load.GET, 'GET', '/events/load', { as: c.animator, query });
    expect(counted.status).toBe(200);
    expect(counted.body).toMatchObject({ members: 2, busiest: 1 });
    expect((await call(load.GET, 'GET', '/events/load', { as: bob, query })).status).toBe(403);
    const bad = await call(load.GET, 'GET', '/events/load', { as: c.animator, query: { ...query, startsAt: 'bientôt' } });
    expect(bad.body.errors).toEqual([{ path: 'startsAt', message: translate('en', 'events.errors.bad_time') }]);
  });

  it('makes a secret calendar address and revokes it', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const made = await call(calendar.POST, 'POST', '/me/calendar', { as: bob });
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(/\/calendar\/cal_[\w-]+\.ics$/);
    expect((await call(calendar.DELETE, 'DELETE', '/me/calendar', { as: bob })).status).toBe(204);
    expect((await call(calendar.POST, 'POST', '/me/calendar')).status).toBe(401);
  });
});

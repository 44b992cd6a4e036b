import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { createCommunity, joinCommunity } from '../communities';
import ical from 'node-ical';
import { buildMessage } from '../mail/message';
import { renderRaw } from '../mail/transport';
import { cancelEvent, createEvent, listEvents, participants, readEvent, rsvp, updateEvent } from '.';

const instance = useTestInstance();
const db = () => instance.db;
const page = { limit: 50 } as const;
const zone = 'America/Toronto';

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

/** What a call ended with: 'ok', the domain's refusal, or the first message of invalid input. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    return await outcome(promise);
  } catch (error) {
    if (error instanceof ZodError) return `invalid:${error.issues[0]!.message}`;
    throw error;
  }
}

const local = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');

describe('scheduling', () => {
  it('makes a weekly series that keeps its wall-clock time across the change to standard time', async () => {
    const c = await community('public');
    const { id, seriesId, occurrences } = await createEvent(db(), c.animator, {
      communities: [c.slug],
      title: 'Webinaire du mardi',
      startsAt: '2026-10-20T12:00',
      endsAt: '2026-10-20T13:00',
      timeZone: zone,
      repeat: { freq: 'weekly', interval: 1, count: 4 }
    });
    expect(seriesId).not.toBeNull();
    expect(occurrences).toBe(4);
    const view = await readEvent(db(), null, id);
    const starts = [view.startsAt, ...view.series.map((s) => s.startsAt)];
    expect(starts.map(local)).toEqual(['2026-10-20 12:00', '2026-10-27 12:00', '2026-11-03 12:00', '2026-11-10 12:00']);
    // The same wall clock is a different instant once daylight saving time ends (1 November 2026).
    expect(new Date(starts[1]!).toISOString()).toBe('2026-10-27T16:00:00.000Z');
    expect(new Date(starts[2]!).toISOString()).toBe('2026-11-03T17:00:00.000Z');
  });

  it('refuses an end before the start, an unknown time zone and a series without an end, creating nothing', async () => {
    const c = await community('public');
    const base = { communities: [c.slug], title: 'Atelier', startsAt: '2026-12-03T12:00', endsAt: '2026-12-03T13:00', timeZone: zone };
    expect(await refusal(createEvent(db(), c.animator, { ...base, endsAt: '2026-12-03T11:00' }))).toBe('invalid:events.errors.end_before_start');
    expect(await refusal(createEvent(db(), c.animator, { ...base, timeZone: 'Mars/Olympus' }))).toBe('invalid:events.errors.unknown_time_zone');
    expect(await refusal(createEvent(db(), c.animator, { ...base, repeat: { freq: 'weekly', interval: 1 } }))).toBe('invalid:events.errors.repeat_needs_end');
    const member = await person(db(), 'Bob Roy');
    await joinCommunity(db(), member, c.slug);
    expect(await refusal(createEvent(db(), member, base))).toBe('forbidden');
    expect((await listEvents(db(), c.animator, { community: c.slug, when: 'upcoming' }, page, Date.parse('2026-11-01'))).items).toHaveLength(0);
  });

  it('shows a members-only event and its meeting link only to those it is for', async () => {
    const member = await person(db(), 'Bob Roy');
    const outsider = await person(db(), 'Zoé Inconnue');
    const c = await community('public', member);
    const { id } = await createEvent(db(), c.animator, {
      communities: [c.slug],
      title: 'Cercle de lecture',
      startsAt: '2036-12-03T12:00',
      endsAt: '2036-12-03T13:00',
      timeZone: zone,
      audience: 'members',
      meetingUrl: 'https://visio.example.org/cercle'
    });
    const at = Date.parse('2036-11-01');
    expect((await listEvents(db(), outsider, { when: 'upcoming' }, page, at)).items.map((e) => e.id)).not.toContain(id);
    expect((await listEvents(db(), null, { when: 'upcoming' }, page, at)).items.map((e) => e.id)).not.toContain(id);
    expect(await outcome(readEvent(db(), outsider, id))).toBe('not_found');
    expect((await listEvents(db(), member, { when: 'upcoming', mine: true }, page, at)).items.map((e) => e.id)).toContain(id);
    expect((await readEvent(db(), member, id, at)).meetingUrl).toBeNull();
    await rsvp(db(), member, id, { status: 'going' });
    expect((await readEvent(db(), member, id, at)).meetingUrl).toBe('https://visio.example.org/cercle');
    expect((await readEvent(db(), c.animator, id, at)).meetingUrl).toBe('https://visio.example.org/cercle');
  });
});

describe('registering', () => {
  it('puts people on a waitlist once full and gives a freed place to the first waiting, who is told', async () => {
    const [a, b, c2] = [await person(db(), 'Ana'), await person(db(), 'Ben'), await person(db(), 'Cléo')];
    const c = await community('public', a, b, c2);
    const { id } = await createEvent(db(), c.animator, {
      communities: [c.slug],
      title: '5 à 7 de décembre',
      kind: 'cinq_a_sept',
      format: 'in_person',
      address: '12 rue King, Sherbrooke',
      startsAt: '2030-12-03T17:00',
      endsAt: '2030-12-03T19:00',
      timeZone: zone,
      capacity: 1,
      questions: [{ label: 'Allergies ?', required: true }]
    });
    expect(await refusal(rsvp(db(), a, id, { status: 'going' }))).toBe('invalid:events.errors.answer_required');
    expect(await rsvp(db(), a, id, { status: 'going', answers: { '0': 'aucune' } })).toEqual({ status: 'going', position: null });
    expect(await rsvp(db(), b, id, { status: 'going', answers: { '0': 'noix' } })).toEqual({ status: 'waitlisted', position: 1 });
    expect(await rsvp(db(), c2, id, { status: 'going', answers: { '0': '—' } })).toEqual({ status: 'waitlisted', position: 2 });
    expect(await refusal(updateEvent(db(), c.animator, id, { capacity: 0 }))).toMatch(/^invalid:/);

    await rsvp(db(), a, id, { status: 'not_going' });
    const list = await participants(db(), c.animator, id);
    expect(list.map((p) => [p.name, p.status])).toEqual([['Ben', 'going'], ['Cléo', 'waitlisted'], ['Ana', 'not_going']]);
    const told = await db().selectFrom('emails').select(['to_address', 'subject']).where('to_address', '=', b.email).where('subject', 'like', '%5 à 7%').execute();
    expect(told.map((e) => e.subject)).toEqual(['Une place s’est libérée : « 5 à 7 de décembre »']);
    expect(await outcome(participants(db(), b, id))).toBe('forbidden');

    // Raising the capacity lets the next one in; lowering it under those going is refused.
    await updateEvent(db(), c.animator, id, { capacity: 2 });
    expect((await readEvent(db(), c2, id)).viewer.status).toBe('going');
    expect(await refusal(updateEvent(db(), c.animator, id, { capacity: 1 }))).toBe('invalid:events.errors.capacity_below_registered');
  });

  it('confirms a place taken with a calendar invitation the member’s own calendar accepts', async () => {
    const a = await person(db(), 'Ana');
    const c = await community('public', a);
    const { id } = await createEvent(db(), c.animator, { communities: [c.slug], title: 'Midi-conférence', startsAt: '2030-12-05T12:00', endsAt: '2030-12-05T13:00', timeZone: zone, meetingUrl: 'https://visio.example.org/midi' });
    await rsvp(db(), a, id, { status: 'going' });
    const email = await db().selectFrom('emails').selectAll().where('to_address', '=', a.email).where('subject', 'like', '%Midi-conférence%').executeTakeFirstOrThrow();
    expect(email.subject).toBe('Inscription confirmée : « Midi-conférence »');
    const parsed = ical.sync.parseICS(email.calendar!);
    const event = Object.values(parsed).find((item) => item?.type === 'VEVENT') as ical.VEvent;
    expect(email.calendar).toMatch(/^METHOD:REQUEST\r?$/m);
    expect(new Date(event.start).toISOString()).toBe('2030-12-05T17:00:00.000Z');
    expect(event.uid).toBe(`${id}@${new URL(instance.config.origin).host}`);
    expect(JSON.stringify(event.attendee)).toContain(a.email);
    expect(String(event.description)).toContain('https://visio.example.org/midi');
    expect((await renderRaw(buildMessage(email)!)).toString()).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    // Answering again changes nothing: no second invitation.
    await rsvp(db(), a, id, { status: 'going' });
    expect((await db().selectFrom('emails').select('id').where('to_address', '=', a.email).where('subject', 'like', 'Inscription%').execute())).toHaveLength(1);
  });

  it('announces a change and a cancellation to those registered, raising the sequence each time', async () => {
    const a = await person(db(), 'Ana');
    const c = await community('public', a);
    const { id } = await createEvent(db(), c.animator, { communities: [c.slug], title: 'Atelier', startsAt: '2030-12-03T12:00', endsAt: '2030-12-03T13:00', timeZone: zone });
    await rsvp(db(), a, id, { status: 'maybe' });
    await updateEvent(db(), c.animator, id, { description: 'Plus de détails.' });
    expect((await readEvent(db(), a, id)).sequence).toBe(0);
    await updateEvent(db(), c.animator, id, { startsAt: '2030-12-04T12:00', endsAt: '2030-12-04T13:00' });
    expect((await readEvent(db(), a, id)).sequence).toBe(1);
    await cancelEvent(db(), c.animator, id);
    const view = await readEvent(db(), a, id);
    expect([view.status, view.sequence, view.viewer.canRegister]).toEqual(['cancelled', 2, false]);
    const subjects = (await db().selectFrom('emails').select('subject').where('to_address', '=', a.email).where('subject', 'like', '%Atelier%').orderBy('created_at').execute()).map((e) => e.subject);
    expect(subjects).toEqual(['Changement : « Atelier »', 'Annulé : « Atelier »']);
    expect(await refusal(rsvp(db(), a, id, { status: 'going' }))).toBe('forbidden:events.errors.cancelled');
  });

  it('cancels one occurrence of a series without touching the others', async () => {
    const c = await community('public');
    const { id } = await createEvent(db(), c.animator, {
      communities: [c.slug],
      title: 'Club de lecture',
      startsAt: '2030-01-08T19:00',
      endsAt: '2030-01-08T20:00',
      timeZone: zone,
      repeat: { freq: 'monthly_weekday', interval: 1, count: 3 }
    });
    const first = await readEvent(db(), null, id);
    expect([first.startsAt, ...first.series.map((s) => s.startsAt)].map(local)).toEqual(['2030-01-08 19:00', '2030-02-12 19:00', '2030-03-12 19:00']);
    await cancelEvent(db(), c.animator, first.series[0]!.id);
    const after = await readEvent(db(), null, id);
    expect([after.status, ...after.series.map((s) => s.status)]).toEqual(['scheduled', 'cancelled', 'scheduled']);
  });
});

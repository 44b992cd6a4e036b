// Registering: going, maybe or not going, with a waitlist once the places are taken. A place that
// frees (someone cancels, the capacity grows) goes at once to the first person waiting, who is told.
// Counting and deciding happen in one transaction with the event row locked, so two people never get
// the last place.
import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { RegistrationStatus } from '../db/schema';
import { assertOnEvent, findEvent, requireMember } from '../access';
import { forUpdate } from '../db/dialect';
import { invalid } from '../errors';
import { now } from '../ids';
import type { Executor } from '../jobs/queue';
import { record } from '../journal';
import { announcePromotion, confirmRegistration } from './announce';
import { rsvpSchema, type RsvpInput } from './schemas';

async function countGoing(db: Executor, eventId: string, except: string | null = null): Promise<number> {
  let q = db.selectFrom('registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where('status', '=', 'going');
  if (except) q = q.where('user_id', '!=', except);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Where a member stands on an event's waitlist (1 is next), or null when they are not on it. */
export async function waitlistPosition(db: Executor, eventId: string, userId: string): Promise<number | null> {
  const mine = await db.selectFrom('registrations').select(['status', 'waitlisted_at']).where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
  if (mine?.status !== 'waitlisted' || mine.waitlisted_at === null) return null;
  const since = mine.waitlisted_at;
  const ahead = await db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'waitlisted')
    .where((eb) => eb.or([eb('waitlisted_at', '<', since), eb.and([eb('waitlisted_at', '=', since), eb('user_id', '<', userId)])]))
    .executeTakeFirstOrThrow();
  return Number(ahead.n) + 1;
}

/** Fills free places from the waitlist, first come first served; each promoted person is told. */
export async function promoteWaitlist(db: Executor, eventId: string): Promise<string[]> {
  const event = await db.selectFrom('events').select(['capacity', 'status', 'ends_at']).where('id', '=', eventId).executeTakeFirstOrThrow();
  if (event.status !== 'scheduled' || event.ends_at < now()) return [];
  const free = event.capacity === null ? Number.MAX_SAFE_INTEGER : event.capacity - (await countGoing(db, eventId));
  if (free <= 0) return [];
  const waiting = await db
    .selectFrom('registrations')
    .select('user_id')
    .where('event_id', '=', eventId)
    .where('status', '=', 'waitlisted')
    .orderBy('waitlisted_at')
    .orderBy('user_id')
    .limit(Math.min(free, 1000))
    .execute();
  const at = now();
  for (const { user_id } of waiting) {
    await db.updateTable('registrations').set({ status: 'going', waitlisted_at: null, updated_at: at }).where('event_id', '=', eventId).where('user_id', '=', user_id).execute();
    await record(db, { kind: 'event.promoted', actorId: null, payload: { eventId, userId: user_id } });
    await announcePromotion(db, eventId, user_id);
  }
  return waiting.map((w) => w.user_id);
}

/**
 * The member answers. Going when the event is full puts them on the waitlist (keeping their place if
 * they were already on it). Answers to required questions are needed to go or wait.
 */
export async function rsvp(db: DB, actor: Actor | null, eventId: string, raw: RsvpInput): Promise<{ status: RegistrationStatus; position: number | null }> {
  const member = requireMember(actor);
  const input = rsvpSchema.parse(raw);
  const relation = await findEvent(db, member, eventId);
  assertOnEvent(member, 'register', relation);
  const questions = JSON.parse(relation.event.questions) as { label: string; required: boolean }[];
  const answers = Object.fromEntries(Object.entries(input.answers).filter(([key, value]) => value && Number(key) >= 0 && Number(key) < questions.length));
  if (input.status !== 'not_going') {
    const missing = questions.findIndex((q, index) => q.required && !answers[String(index)]);
    if (missing >= 0) throw invalid([{ path: `answers.${missing}`, message: 'events.errors.answer_required' }]);
  }
  const outcome = await db.transaction().execute(async (tx) => {
    const event = await forUpdate(tx, tx.selectFrom('events').select(['capacity']).where('id', '=', eventId)).executeTakeFirstOrThrow();
    const before = await tx.selectFrom('registrations').select(['status', 'waitlisted_at']).where('event_id', '=', eventId).where('user_id', '=', member.id).executeTakeFirst();
    const at = now();
    let status: RegistrationStatus = input.status;
    let waitlistedAt: number | null = null;
    if (status === 'going' && before?.status !== 'going' && event.capacity !== null && (await countGoing(tx, eventId, member.id)) >= event.capacity) {
      status = 'waitlisted';
      waitlistedAt = before?.status === 'waitlisted' ? before.waitlisted_at : at;
    }
    await tx
      .insertInto('registrations')
      .values({ event_id: eventId, user_id: member.id, status, answers: JSON.stringify(answers), waitlisted_at: waitlistedAt, attended: null, created_at: at, updated_at: at })
      .onConflict((oc) => oc.columns(['event_id', 'user_id']).doUpdateSet({ status, answers: JSON.stringify(answers), waitlisted_at: waitlistedAt, updated_at: at }))
      .execute();
    await record(tx, { kind: 'event.registered', actorId: member.id, payload: { eventId, status } });
    if (before?.status === 'going' && status !== 'going') await promoteWaitlist(tx, eventId);
    const position = status === 'waitlisted' ? await waitlistPosition(tx, eventId, member.id) : null;
    return { status, position, newlyGoing: status === 'going' && before?.status !== 'going' };
  });
  if (outcome.newlyGoing) await confirmRegistration(db, eventId, member.id);
  return { status: outcome.status, position: outcome.position };
}

export type Participant = {
  userId: string;
  name: string;
  email: string;
  handle: string | null;
  status: RegistrationStatus;
  answers: Record<string, string>;
  attended: boolean | null;
  registeredAt: number;
};

/** Everyone who answered, for the event's organisers: going first, then maybe, waiting, not going. */
export async function participants(db: DB, actor: Actor | null, eventId: string): Promise<Participant[]> {
  const relation = await findEvent(db, requireMember(actor), eventId);
  assertOnEvent(actor, 'manage', relation);
  const rows = await db
    .selectFrom('registrations')
    .innerJoin('users', 'users.id', 'registrations.user_id')
    .leftJoin('profiles', 'profiles.user_id', 'users.id')
    .select(['registrations.user_id', 'users.name', 'users.email', 'profiles.handle', 'registrations.status', 'registrations.answers', 'registrations.attended', 'registrations.created_at', 'registrations.waitlisted_at'])
    .where('registrations.event_id', '=', eventId)
    .execute();
  const order: RegistrationStatus[] = ['going', 'maybe', 'waitlisted', 'not_going'];
  return rows
    .sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || (a.waitlisted_at ?? a.created_at) - (b.waitlisted_at ?? b.created_at) || a.name.localeCompare(b.name))
    .map((r) => ({
      userId: r.user_id,
      name: r.name,
      email: r.email,
      handle: r.handle ?? null,
      status: r.status,
      answers: JSON.parse(r.answers) as Record<string, string>,
      attended: r.attended === null ? null : r.attended === 1,
      registeredAt: r.created_at
    }));
}

/** The participant list as CSV (UTF-8 with a BOM, so spreadsheets read the accents), for organisers. */
export async function participantsCsv(db: DB, actor: Actor | null, eventId: string, headers: string[], statusLabel: (status: RegistrationStatus) => string): Promise<string> {
  const list = await participants(db, actor, eventId);
  const questions = JSON.parse((await db.selectFrom('events').select('questions').where('id', '=', eventId).executeTakeFirstOrThrow()).questions) as { label: string }[];
  const rows = list.map((p) => [p.name, p.email, statusLabel(p.status), p.attended === null ? '' : p.attended ? '1' : '0', new Date(p.registeredAt).toISOString(), ...questions.map((_, index) => p.answers[String(index)] ?? '')]);
  return `\uFEFF${stringify([[...headers, ...questions.map((q) => q.label)], ...rows])}`;
}

// Telling participants: a change or a cancellation reaches everyone registered (going, maybe, or on
// the waitlist), and a place freed reaches whoever it goes to. In the app this is the journal (the
// notifications issue shows it); by email when the member keeps the default or chose email.
import { DateTime } from 'luxon';
import { isLocale } from '../../i18n';
import { config } from '../config';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import { composeEmail } from '../mail/compose';
import { queueEmail } from '../mail/outbox';
import { wantsEmail } from '../preferences';
import { mailFrom } from '../mail/message';
import { invitationCalendar } from './ical';
import { unsubscribeHeaders } from '../digests/render';
import { unsubscribeUrl } from '../digests/unsubscribe';

/** "jeudi 3 décembre 2026, 12 h 00 (America/Toronto)", in the reader's language, on the event's clock. */
export function whenText(locale: 'fr' | 'en', startsAt: number, timeZone: string): string {
  const time = DateTime.fromMillis(startsAt, { zone: timeZone }).setLocale(locale === 'fr' ? 'fr-CA' : 'en-CA');
  return `${time.toLocaleString(DateTime.DATETIME_HUGE)} (${timeZone})`;
}

async function tell(db: Executor, eventId: string, userIds: string[], what: 'changed' | 'cancelled' | 'promoted' | 'registered'): Promise<void> {
  if (userIds.length === 0) return;
  const event = await db.selectFrom('events').select(['id', 'title', 'starts_at', 'time_zone']).where('id', '=', eventId).executeTakeFirstOrThrow();
  const people = await db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role']).where('id', 'in', userIds).execute();
  for (const person of people) {
    if (!(await wantsEmail(db, person.id, 'event_updates'))) continue;
    const locale = isLocale(person.locale) ? person.locale : 'fr';
    // A place taken comes with an invitation, so the event lands in the member's own calendar.
    const calendar =
      what === 'registered' || what === 'promoted'
        ? await invitationCalendar(db as DB, { id: person.id, name: person.name, email: person.email, role: person.role, locale, emailVerified: true }, eventId, (({ name, address }) => ({ name, email: address }))(mailFrom()))
        : undefined;
    // Activity changes are urgent (they go past the weekly ceiling) but may still be stopped in one click.
    const stop = await unsubscribeUrl(db, person.id, { kind: 'notification', notification: 'event_updates' });
    await queueEmail(
      db,
      {
        calendar,
        headers: unsubscribeHeaders(stop),
        ...composeEmail(person.email, locale, {
        subject: `email.event_${what}_subject`,
        paragraphs: [`email.event_${what}_body`],
        params: { name: person.name, title: event.title, when: whenText(locale, event.starts_at, event.time_zone), instance: config().instanceName },
          action: { label: 'email.event_action', url: `${config().origin}/e/${event.id}` }
        })
      }
    );
  }
}

/** After a change or a cancellation: everyone registered hears of it. */
export async function announceChange(db: Executor, eventId: string, what: 'changed' | 'cancelled'): Promise<void> {
  const registered = await db.selectFrom('registrations').select('user_id').where('event_id', '=', eventId).where('status', 'in', ['going', 'maybe', 'waitlisted']).execute();
  await tell(db, eventId, registered.map((r) => r.user_id), what);
}

/** A member took a place: the confirmation carries the calendar invitation. */
export async function confirmRegistration(db: Executor, eventId: string, userId: string): Promise<void> {
  await tell(db, eventId, [userId], 'registered');
}

/** A place freed went to someone on the waitlist: they are told they are in. */
export async function announcePromotion(db: Executor, eventId: string, userId: string): Promise<void> {
  await tell(db, eventId, [userId], 'promoted');
}

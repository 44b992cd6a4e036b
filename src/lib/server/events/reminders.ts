// Reminders before an event (a day and an hour by default; each event chooses), by email to those
// going, through the durable outbox. A reminder is recorded in event_reminders_sent in the same
// transaction as its email: the primary key makes a second one impossible, whatever the number of
// workers or runs.
import { isLocale } from '../../i18n';
import { config } from '../config';
import { now } from '../ids';
import { composeEmail } from '../mail/compose';
import { queueEmail } from '../mail/outbox';
import { whenText } from './announce';
import type { DB } from '../db';
import { wantsEmail } from '../preferences';
import { unsubscribeHeaders } from '../digests/render';
import { unsubscribeUrl } from '../digests/unsubscribe';

export const REMINDERS_JOB = 'events.reminders';
/** The longest reminder an event may ask for (two weeks), to bound the search. */
const horizon = 14 * 24 * 60 * 60 * 1000;

/** Sends the reminders due now; returns how many went out. Safe to run as often and as many times as one likes. */
export async function sendDueReminders(db: DB, at = now()): Promise<number> {
  const events = await db
    .selectFrom('events')
    .select(['id', 'title', 'starts_at', 'time_zone', 'reminders', 'format', 'address'])
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', at)
    .where('starts_at', '<=', at + horizon)
    .execute();
  let sent = 0;
  for (const event of events) {
    const due = (JSON.parse(event.reminders) as number[]).filter((minutes) => event.starts_at - minutes * 60_000 <= at);
    if (due.length === 0) continue;
    // Only the shortest due reminder: an event created an hour before does not send "tomorrow" too.
    const minutes = Math.min(...due);
    const going = await db
      .selectFrom('registrations')
      .innerJoin('users', 'users.id', 'registrations.user_id')
      .leftJoin('event_reminders_sent as sent', (join) =>
        join.onRef('sent.event_id', '=', 'registrations.event_id').onRef('sent.user_id', '=', 'registrations.user_id').on('sent.minutes_before', '<=', minutes)
      )
      .select(['users.id', 'users.email', 'users.name', 'users.locale'])
      .where('registrations.event_id', '=', event.id)
      .where('registrations.status', '=', 'going')
      .where('sent.user_id', 'is', null)
      .execute();
    for (const person of going) {
      const inserted = await db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('event_reminders_sent')
          .values({ event_id: event.id, user_id: person.id, minutes_before: minutes, sent_at: at })
          .onConflict((oc) => oc.doNothing())
          .returning('user_id')
          .executeTakeFirst();
        if (!row) return false;
        // A member who wants news of their activities in the app only gets no reminder by email either.
        if (!(await wantsEmail(tx, person.id, 'event_updates'))) return false;
        const locale = isLocale(person.locale) ? person.locale : 'fr';
        const stop = await unsubscribeUrl(tx, person.id, { kind: 'notification', notification: 'event_updates' });
        await queueEmail(tx, {
          ...composeEmail(person.email, locale, {
            subject: 'email.event_reminder_subject',
            paragraphs: ['email.event_reminder_body'],
            params: { name: person.name, title: event.title, when: whenText(locale, event.starts_at, event.time_zone) },
            action: { label: 'email.event_action', url: `${config().origin}/e/${event.id}` }
          }),
          headers: unsubscribeHeaders(stop)
        });
        return true;
      });
      if (inserted) sent++;
    }
  }
  return sent;
}

// Every email goes through the durable outbox: a row written with the caller's transaction, and a
// job that sends it. The Message-ID is fixed here, once, so a retried send is recognisably the same.
import { config } from '../config';
import { newId, now } from '../ids';
import { enqueueJob, type Executor } from '../jobs/queue';
import type { Locale } from '../../i18n';

export type OutgoingEmail = {
  to: string;
  locale: Locale;
  subject: string;
  text: string;
  html?: string;
  /** An iCalendar METHOD:REQUEST to send along, so the event lands in the recipient's calendar. */
  calendar?: string;
  /** Extra headers (`List-…`, `X-Ruche-…` only; see buildMessage), e.g. a digest's one-click unsubscribe. */
  headers?: Record<string, string>;
};

export const SEND_EMAIL_JOB = 'email.send';

/** Strips CR/LF so a value can never start a new header line. */
export function headerSafe(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

export async function queueEmail(db: Executor, email: OutgoingEmail): Promise<string> {
  const id = newId();
  const host = new URL(config().origin).hostname || 'localhost';
  await db
    .insertInto('emails')
    .values({
      id,
      message_id: `<${id}@${host}>`,
      to_address: headerSafe(email.to),
      locale: email.locale,
      subject: headerSafe(email.subject),
      text_body: email.text,
      html_body: email.html ?? null,
      calendar: email.calendar ?? null,
      headers: email.headers && Object.keys(email.headers).length ? JSON.stringify(email.headers) : null,
      status: 'pending',
      attempts: 0,
      last_error: null,
      created_at: now(),
      sent_at: null
    })
    .execute();
  await enqueueJob(db, { kind: SEND_EMAIL_JOB, payload: { emailId: id }, dedupeKey: `email:${id}` });
  return id;
}

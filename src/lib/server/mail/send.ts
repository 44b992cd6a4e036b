// The email.send job. An email is never sent twice: the row moves pending → sending before the
// transport is called and sending → sent after. Finding a row already `sending` means an earlier
// attempt stopped between the two, so it is resolved without sending blindly again:
// - file transport: the .eml is written atomically, so it exists exactly when that attempt delivered;
// - SMTP: the server may or may not have accepted it; the email becomes `unknown` and an admin
//   decides whether to resend it (a possible duplicate is their call, not the machine's).
// While an email is `sending`, sent_at holds when that attempt started: a recent one is presumed
// alive (its job still holds its lease), so a second run waits instead of judging it interrupted.
import type { DB } from '../db';
import type { Email, EmailStatus } from '../db/schema';
import { now } from '../ids';
import { PermanentJobError } from '../jobs/registry';
import { LEASE_MS } from '../jobs/runner';
import { buildMessage } from './message';
import { mailTransport, type MailTransport } from './transport';

export type SendOutcome = 'sent' | 'already_sent' | 'unknown' | 'taken';

async function move(db: DB, id: string, from: EmailStatus, to: Partial<Email>): Promise<boolean> {
  const result = await db.updateTable('emails').set(to).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Settles an email left `sending` by an interrupted attempt; returns null when it may be sent again. */
async function resolveInterrupted(db: DB, email: Email, transport: MailTransport): Promise<SendOutcome | null> {
  const delivered = await transport.wasDelivered(email.id);
  if (delivered === true) {
    await move(db, email.id, 'sending', { status: 'sent', sent_at: now() });
    return 'already_sent';
  }
  if (delivered === null) {
    await move(db, email.id, 'sending', {
      status: 'unknown',
      last_error: 'interrupted after handing the email to the SMTP server; it may or may not have been delivered'
    });
    return 'unknown';
  }
  return null;
}

/** SMTP 5xx replies and refused envelopes will not improve with time; everything else is retried. */
function isPermanent(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: number; code?: string };
  return (typeof responseCode === 'number' && responseCode >= 500) || code === 'EENVELOPE';
}

export async function sendQueuedEmail(db: DB, emailId: string, transport: MailTransport = mailTransport()): Promise<SendOutcome> {
  const email = await db.selectFrom('emails').selectAll().where('id', '=', emailId).executeTakeFirst();
  if (!email) throw new PermanentJobError('email not found');
  if (email.status === 'sent') return 'already_sent';
  if (email.status === 'unknown') return 'unknown';
  if (email.status === 'sending') {
    if (email.sent_at !== null && now() - email.sent_at < LEASE_MS) throw new Error('another attempt is sending this email');
    const settled = await resolveInterrupted(db, email, transport);
    if (settled) return settled;
  }

  const message = buildMessage(email);
  if (!message) throw new PermanentJobError('the recipient is not a single valid address');

  // Conditional on the status just read: of two runs racing for the same email, one sends.
  const claimed = await move(db, email.id, email.status, { status: 'sending', attempts: email.attempts + 1, sent_at: now() });
  if (!claimed) return 'taken';

  try {
    await transport.deliver(message, email.id);
  } catch (error) {
    // The transport reported a failure, so nothing was accepted: the email may be tried again.
    const reason = error instanceof Error ? error.message : String(error);
    await move(db, email.id, 'sending', { status: 'pending', sent_at: null, last_error: reason.slice(0, 2000) });
    if (isPermanent(error)) throw new PermanentJobError(reason);
    throw error;
  }
  await move(db, email.id, 'sending', { status: 'sent', sent_at: now(), last_error: null });
  return 'sent';
}

/** When the job gives up: the email is `failed` with the reason, unless an interrupted send is pending resolution. */
export async function recordEmailGivenUp(db: DB, emailId: string, reason: string, transport: MailTransport = mailTransport()): Promise<void> {
  const email = await db.selectFrom('emails').selectAll().where('id', '=', emailId).executeTakeFirst();
  if (!email) return;
  if (email.status === 'sending' && (await resolveInterrupted(db, email, transport))) return;
  await db
    .updateTable('emails')
    .set({ status: 'failed', sent_at: null, last_error: reason.slice(0, 2000) })
    .where('id', '=', emailId)
    .where('status', 'in', ['pending', 'sending'])
    .execute();
}

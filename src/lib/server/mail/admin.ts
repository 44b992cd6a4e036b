// The outbox as admins see it: emails newest first, one email's headers and text, its .eml file,
// and resending the ones that failed or whose fate is unknown.
import fs from 'node:fs/promises';
import type { DB } from '../db';
import type { Email, EmailStatus } from '../db/schema';
import type { Actor } from '../auth/actor';
import { requireAdmin } from '../access';
import { conflict, notFound } from '../errors';
import { newId } from '../ids';
import { enqueueJob } from '../jobs/queue';
import { paginate, type Page, type PageQuery } from '../api/pagination';
import { mailFrom } from './message';
import { SEND_EMAIL_JOB } from './outbox';
import { emlExists, emlPath } from './transport';

export const emailStatuses = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const satisfies readonly EmailStatus[];
const resendable: EmailStatus[] = ['failed', 'unknown'];

export type OutboxItem = {
  id: string;
  to: string;
  subject: string;
  status: EmailStatus;
  createdAt: number;
  sentAt: number | null;
};

export type OutboxEmail = OutboxItem & {
  messageId: string;
  from: string;
  language: string;
  attempts: number;
  lastError: string | null;
  text: string;
  hasHtml: boolean;
  emlAvailable: boolean;
  canResend: boolean;
};

function toItem(row: Pick<Email, 'id' | 'to_address' | 'subject' | 'status' | 'created_at' | 'sent_at'>): OutboxItem {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    status: row.status,
    createdAt: row.created_at,
    // While `sending`, sent_at holds when the attempt started, not a delivery time.
    sentAt: row.status === 'sent' ? row.sent_at : null
  };
}

export async function listOutbox(
  db: DB,
  actor: Actor | null,
  query: PageQuery & { status?: EmailStatus }
): Promise<Page<OutboxItem>> {
  requireAdmin(actor);
  let select = db.selectFrom('emails').select(['id', 'to_address', 'subject', 'status', 'created_at', 'sent_at']);
  if (query.status) select = select.where('status', '=', query.status);
  const page = await paginate(select, { columns: ['created_at', 'id'], direction: 'desc' }, query);
  return { items: page.items.map(toItem), nextCursor: page.nextCursor };
}

async function findEmail(db: DB, id: string): Promise<Email> {
  const row = await db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function getOutboxEmail(db: DB, actor: Actor | null, id: string): Promise<OutboxEmail> {
  requireAdmin(actor);
  const row = await findEmail(db, id);
  const from = mailFrom();
  return {
    ...toItem(row),
    messageId: row.message_id,
    from: `${from.name} <${from.address}>`,
    language: row.locale,
    attempts: row.attempts,
    lastError: row.last_error,
    text: row.text_body,
    hasHtml: row.html_body !== null,
    emlAvailable: await emlExists(row.id),
    canResend: resendable.includes(row.status)
  };
}

/** The raw message as written to the outbox folder; not_found when there is no file. */
export async function readEmlFile(db: DB, actor: Actor | null, id: string): Promise<Buffer> {
  requireAdmin(actor);
  const row = await findEmail(db, id);
  try {
    return await fs.readFile(emlPath(row.id));
  } catch {
    throw notFound();
  }
}

/**
 * Sends a failed or unknown email again, with the same Message-ID, so a recipient's mail program
 * can recognise a duplicate when an `unknown` email had in fact arrived.
 */
export async function resendEmail(db: DB, actor: Actor | null, id: string): Promise<void> {
  requireAdmin(actor);
  await findEmail(db, id);
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('emails')
      .set({ status: 'pending', last_error: null, sent_at: null })
      .where('id', '=', id)
      .where('status', 'in', resendable)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw conflict('only failed or unknown emails can be resent');
    await enqueueJob(trx, { kind: SEND_EMAIL_JOB, payload: { emailId: id }, dedupeKey: `email:${id}:resend:${newId()}` });
  });
}

export async function countEmailsByStatus(db: DB): Promise<Record<EmailStatus, number>> {
  const rows = await db
    .selectFrom('emails')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(emailStatuses.map((s) => [s, 0])) as Record<EmailStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

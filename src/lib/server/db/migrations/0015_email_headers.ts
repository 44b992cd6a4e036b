// An email may carry a few extra headers (a digest's List-Unsubscribe and List-Unsubscribe-Post), kept
// with the outbox row so the send job, however late or retried, sends exactly what was queued.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('emails').addColumn('headers', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('emails').dropColumn('headers').execute();
}

// The weekly email budget counts a member's emails of the last seven days (before each notification
// email, for an animator's "near their ceiling", for a digest's folded notifications): without an
// index each count read the whole outbox, which grows by an email per member per week.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('emails_recipient_created').on('emails').columns(['to_address', 'created_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('emails_recipient_created').execute();
}

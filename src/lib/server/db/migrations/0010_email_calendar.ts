// An email may carry a calendar invitation (an iCalendar METHOD:REQUEST), so a registration lands in
// the member's own calendar.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('emails').addColumn('calendar', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('emails').dropColumn('calendar').execute();
}

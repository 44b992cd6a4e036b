// The in-app copy of a community's welcome message: when it was sent to a member and when they put
// it away. One per membership, so two columns rather than a table; notifications may absorb it later.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('memberships').addColumn('welcome_sent_at', 'bigint').execute();
  await db.schema.alterTable('memberships').addColumn('welcome_seen_at', 'bigint').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('memberships').dropColumn('welcome_seen_at').execute();
  await db.schema.alterTable('memberships').dropColumn('welcome_sent_at').execute();
}

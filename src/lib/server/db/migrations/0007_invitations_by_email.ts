// The home page looks up the open invitations sent to the signed-in member's address on every visit;
// the existing index starts with the community, so this one lets that lookup skip the table scan.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('invitations_email').on('invitations').column('email').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invitations_email').execute();
}

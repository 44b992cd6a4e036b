// Pictures: a community's logo and who may see a member's avatar. Both columns hold a storage key
// (src/lib/server/storage), never a path the uploader chose.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('communities').addColumn('logo_path', 'text').execute();
  await db.schema
    .alterTable('profiles')
    .addColumn('avatar_visibility', 'text', (c) => c.notNull().defaultTo('instance'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('profiles').dropColumn('avatar_visibility').execute();
  await db.schema.alterTable('communities').dropColumn('logo_path').execute();
}

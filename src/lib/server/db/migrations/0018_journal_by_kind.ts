// A digest run reads the answers marked since the earliest watermark of the run: by kind and date,
// a few rows, instead of a walk of the whole journal (which grows with everything that happens).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('journal_kind_created').on('journal').columns(['kind', 'created_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('journal_kind_created').execute();
}

// A form's results are counted from its answer rows; they change only when answers do. Every change
// to a form's answers adds one to `answers_revision`, in the same transaction, so that counted
// results can be kept under (form, revision) and reused by every view until the next answer.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('forms').addColumn('answers_revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('forms').dropColumn('answers_revision').execute();
}

// The welcome survey (issue 18): a community's open form of purpose `welcome` is asked of each member
// who joined after it was written, on the community's page, until they answer it or put it aside
// twice. A row here is a member's "not now": how many times, and when last, so the second asking
// waits a week and there is no third.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('form_prompts')
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('skips', 'integer', (c) => c.notNull())
    .addColumn('skipped_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('form_prompts_pk', ['form_id', 'user_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('form_prompts').execute();
}

// Polls in publications (issue 18, use 3). A poll is what a publication may carry, as a proposal is:
// a side table keyed by the publication, its options, and one row per option a member chose. The
// counts are kept on the rows, recounted in the transaction of each vote, so the feed shows them
// without counting.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('polls')
    .addColumn('post_id', 'text', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    // 0 or 1, as booleans are on both dialects.
    .addColumn('multiple', 'integer', (c) => c.notNull())
    .addColumn('closes_at', 'bigint')
    // after_vote, after_close
    .addColumn('results_visibility', 'text', (c) => c.notNull())
    .addColumn('voter_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('poll_options')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('polls.post_id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('vote_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('poll_options_position', ['post_id', 'position'])
    .execute();

  await db.schema
    .createTable('poll_votes')
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('option_id', 'text', (c) => c.notNull().references('poll_options.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_votes_pk', ['post_id', 'option_id', 'user_id'])
    .execute();
  // A member's own choice, read on every view of the poll and replaced on every vote.
  await db.schema.createIndex('poll_votes_voter').on('poll_votes').columns(['post_id', 'user_id']).execute();
  // The recount of one option.
  await db.schema.createIndex('poll_votes_option').on('poll_votes').columns(['option_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('poll_votes').execute();
  await db.schema.dropTable('poll_options').execute();
  await db.schema.dropTable('polls').execute();
}

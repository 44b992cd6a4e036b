// Topic proposals (issue 18). A proposal is a publication of kind `proposal`: it has the thread,
// comments, reactions, search and moderation of every publication. What it adds lives here: what it
// is for (an activity or a resource), where it stands (open, planned with the event made of it, or
// declined with a reason), and who supports it and who volunteers to help. The counts are kept on
// the row, recounted in the transaction of each support, so lists sort by them without counting.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('proposals')
    .addColumn('post_id', 'text', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    // activity, resource
    .addColumn('target', 'text', (c) => c.notNull())
    // open, planned, declined
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision_reason', 'text')
    .addColumn('event_id', 'text', (c) => c.references('events.id').onDelete('set null'))
    .addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'bigint')
    .addColumn('support_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('volunteer_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Where it was proposed is the publication's community (and follows it when it is moved).
  await db.schema.createIndex('proposals_ranking').on('proposals').columns(['status', 'support_count']).execute();

  for (const table of ['proposal_supports', 'proposal_volunteers']) {
    await db.schema
      .createTable(table)
      .addColumn('post_id', 'text', (c) => c.notNull().references('proposals.post_id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['post_id', 'user_id'])
      .execute();
    await db.schema.createIndex(`${table}_user`).on(table).columns(['user_id']).execute();
  }

  // How many open proposals a member may support at once in this community: null for as many as
  // they like (approval voting), k for "your k favourites" (top-k).
  await db.schema.alterTable('communities').addColumn('proposal_support_limit', 'integer').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('communities').dropColumn('proposal_support_limit').execute();
  await db.schema.dropTable('proposal_volunteers').execute();
  await db.schema.dropTable('proposal_supports').execute();
  await db.schema.dropTable('proposals').execute();
}

// Notifications, private messages and digests: in-app notifications fanned out from the journal,
// conversations between members with their messages and blocks, each member's digest choices per
// community with a watermark per frequency (so nothing is sent twice or skipped), and a weekly
// email budget a member may set below the instance's default.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // Similar notifications share a key ("comments on this publication") and show as one group.
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('community_id', 'text', (c) => c.references('communities.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.references('posts.id').onDelete('cascade'))
    .addColumn('comment_id', 'text')
    .addColumn('event_id', 'text', (c) => c.references('events.id').onDelete('cascade'))
    .addColumn('resource_id', 'text', (c) => c.references('resources.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text')
    // The journal entry it came from: fanning out twice never notifies twice.
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addUniqueConstraint('notifications_once', ['user_id', 'source_id', 'kind'])
    .execute();
  await db.schema.createIndex('notifications_inbox').on('notifications').columns(['user_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('notifications_unread').on('notifications').columns(['user_id', 'read_at']).execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('subject', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_message_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('conversation_members')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addColumn('left_at', 'bigint')
    .addColumn('last_read_at', 'bigint')
    .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
    .execute();
  await db.schema.createIndex('conversation_members_user').on('conversation_members').columns(['user_id', 'conversation_id']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('messages_conversation').on('messages').columns(['conversation_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('member_blocks')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('blocked_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_blocks_pk', ['user_id', 'blocked_id'])
    .execute();

  // A member's digest for one community: none, daily or weekly (no row: weekly, the default).
  await db.schema
    .createTable('digest_subscriptions')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_subscriptions_pk', ['user_id', 'community_id'])
    .execute();

  // When each member's digest of a frequency was last built: the next gathers what came after.
  await db.schema
    .createTable('digest_watermarks')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('covered_until', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addPrimaryKeyConstraint('digest_watermarks_pk', ['user_id', 'frequency'])
    .execute();

  // The member's digest day (0 Sunday … 6 Saturday) and hour on their clock, their weekly email
  // ceiling (null: the instance's default), and who may write to them.
  await db.schema.alterTable('users').addColumn('digest_weekday', 'integer').execute();
  await db.schema.alterTable('users').addColumn('digest_hour', 'integer').execute();
  await db.schema.alterTable('users').addColumn('email_budget', 'integer').execute();
  await db.schema.alterTable('profiles').addColumn('messages_from', 'text', (c) => c.notNull().defaultTo('communities')).execute();

  // What happened before notifications existed is history, not news: nobody is notified (or emailed)
  // about it when an instance upgrades.
  await db.updateTable('journal').set((eb) => ({ processed_at: eb.ref('created_at') })).where('processed_at', 'is', null).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('profiles').dropColumn('messages_from').execute();
  for (const column of ['email_budget', 'digest_hour', 'digest_weekday']) await db.schema.alterTable('users').dropColumn(column).execute();
  for (const table of ['digest_watermarks', 'digest_subscriptions', 'member_blocks', 'messages', 'conversation_members', 'conversations', 'notifications']) {
    await db.schema.dropTable(table).execute();
  }
}

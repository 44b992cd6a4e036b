// Activities: events hosted by one or more communities, recurring series whose occurrences are rows
// of their own (each with its registrations), presenters, registrations with a waitlist, reminders
// sent (so never twice), feedback, materials, and the secret addresses of personal calendar feeds.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A recurring series: its rule, in the wall-clock time of its time zone. Occurrences are events.
  await db.schema
    .createTable('event_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('series_id', 'text', (c) => c.references('event_series.id').onDelete('cascade'))
    // For an occurrence: where the rule put it (UTC ms), its RECURRENCE-ID even after it moved.
    .addColumn('series_start', 'bigint')
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('description_html', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('meeting_url', 'text')
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('registration_deadline', 'bigint')
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('reminders', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('recording_url', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_starts').on('events').columns(['starts_at', 'id']).execute();
  await db.schema.createIndex('events_series').on('events').columns(['series_id', 'starts_at']).execute();

  // Every community hosting an event (co-hosting), the first host included, with the start copied so
  // a community's agenda is one index range.
  await db.schema
    .createTable('event_communities')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_communities_pk', ['event_id', 'community_id'])
    .execute();
  await db.schema.createIndex('event_communities_agenda').on('event_communities').columns(['community_id', 'starts_at', 'event_id']).execute();

  await db.schema
    .createTable('event_organisers')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('event_organisers_pk', ['event_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('event_presenters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('affiliation', 'text')
    .addColumn('bio', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_presenters_event').on('event_presenters').columns(['event_id', 'position']).execute();

  await db.schema
    .createTable('event_tags')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_tags_pk', ['event_id', 'tag'])
    .execute();

  // One answer per member and occurrence: going, maybe, not going, or waiting for a place (in order).
  await db.schema
    .createTable('registrations')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('waitlisted_at', 'bigint')
    .addColumn('attended', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('registrations_pk', ['event_id', 'user_id'])
    .execute();
  await db.schema.createIndex('registrations_user').on('registrations').columns(['user_id', 'event_id']).execute();
  await db.schema.createIndex('registrations_status').on('registrations').columns(['event_id', 'status', 'waitlisted_at']).execute();

  // A reminder sent is recorded before it leaves: the primary key makes a second one impossible.
  await db.schema
    .createTable('event_reminders_sent')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('minutes_before', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_reminders_sent_pk', ['event_id', 'user_id', 'minutes_before'])
    .execute();

  await db.schema
    .createTable('event_feedback')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_feedback_pk', ['event_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('event_materials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('storage_key', 'text')
    .addColumn('file_name', 'text')
    .addColumn('mime', 'text')
    .addColumn('size', 'integer')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_materials_event').on('event_materials').columns(['event_id', 'created_at']).execute();

  // Personal calendar feeds: the address holds a secret whose hash is kept; revoking ends it.
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('calendar_feeds_user').on('calendar_feeds').column('user_id').execute();

  // The frequency guard: past this many events for the same members within four weeks, warn.
  await db.schema.alterTable('communities').addColumn('event_load_limit', 'integer', (c) => c.notNull().defaultTo(4)).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('communities').dropColumn('event_load_limit').execute();
  for (const table of [
    'calendar_feeds',
    'event_materials',
    'event_feedback',
    'event_reminders_sent',
    'registrations',
    'event_tags',
    'event_presenters',
    'event_organisers',
    'event_communities',
    'events',
    'event_series'
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

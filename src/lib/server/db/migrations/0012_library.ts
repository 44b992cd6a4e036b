// The shared repertoire: resources (notes, files, links, references, collective works) with their
// authors, linked communities, categories, every revision as a full snapshot, the links between
// notes (backlinks), "I applied this" stories and the publications that discuss them; notebooks
// (carnets) that order resources, with their managers, contributors and communities.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    // Markdown of a note or a collective work; a description for the other kinds.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('licence_note', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('link_url', 'text')
    .addColumn('link_preview', 'text')
    // A reference's bibliographic entry as CSL-JSON, and its DOI normalised so imports merge on it.
    .addColumn('reference', 'text')
    .addColumn('doi', 'text')
    .addColumn('storage_key', 'text')
    .addColumn('file_name', 'text')
    .addColumn('mime', 'text')
    .addColumn('size', 'integer')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('applied_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addColumn('deleted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('resources_recent').on('resources').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('resources_doi').on('resources').columns(['doi']).execute();
  await db.schema.createIndex('resources_added_by').on('resources').columns(['added_by']).execute();

  // Authors in order: members (user_id) or people outside the instance (name only).
  await db.schema
    .createTable('resource_authors')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_authors_pk', ['resource_id', 'position'])
    .execute();
  await db.schema.createIndex('resource_authors_user').on('resource_authors').columns(['user_id', 'resource_id']).execute();

  await db.schema
    .createTable('resource_communities')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_communities_pk', ['resource_id', 'community_id'])
    .execute();
  await db.schema.createIndex('resource_communities_library').on('resource_communities').columns(['community_id', 'created_at', 'resource_id']).execute();

  await db.schema
    .createTable('resource_categories')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_categories_pk', ['resource_id', 'category'])
    .execute();
  await db.schema.createIndex('resource_categories_category').on('resource_categories').columns(['category', 'resource_id']).execute();

  // Every saved state, the current one included: revision N is what the Nth save left.
  await db.schema
    .createTable('resource_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('editor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('message', 'text')
    // JSON ResourceSnapshot (src/lib/server/library/snapshot.ts).
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('resource_revisions_number', ['resource_id', 'number'])
    .execute();

  // A note linking to another resource with [[id]]: what the target shows as "linked from".
  await db.schema
    .createTable('resource_links')
    .addColumn('source_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('target_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('resource_links_pk', ['source_id', 'target_id'])
    .execute();
  await db.schema.createIndex('resource_links_target').on('resource_links').columns(['target_id', 'source_id']).execute();

  // "I applied this": a member used the resource in their practice, with an optional story.
  await db.schema
    .createTable('resource_applications')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('story', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_applications_pk', ['resource_id', 'user_id'])
    .execute();

  // The publication that discusses a resource, one per community at most.
  await db.schema
    .createTable('resource_discussions')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_discussions_pk', ['resource_id', 'community_id'])
    .execute();
  await db.schema.createIndex('resource_discussions_post').on('resource_discussions').columns(['post_id']).execute();

  await db.schema
    .createTable('notebooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('description_html', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('notebooks_recent').on('notebooks').columns(['updated_at', 'id']).execute();

  await db.schema
    .createTable('notebook_members')
    .addColumn('notebook_id', 'text', (c) => c.notNull().references('notebooks.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notebook_members_pk', ['notebook_id', 'user_id'])
    .execute();
  await db.schema.createIndex('notebook_members_user').on('notebook_members').columns(['user_id', 'notebook_id']).execute();

  await db.schema
    .createTable('notebook_items')
    .addColumn('notebook_id', 'text', (c) => c.notNull().references('notebooks.id').onDelete('cascade'))
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notebook_items_pk', ['notebook_id', 'resource_id'])
    .execute();
  await db.schema.createIndex('notebook_items_order').on('notebook_items').columns(['notebook_id', 'position']).execute();
  await db.schema.createIndex('notebook_items_resource').on('notebook_items').columns(['resource_id']).execute();

  await db.schema
    .createTable('notebook_communities')
    .addColumn('notebook_id', 'text', (c) => c.notNull().references('notebooks.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notebook_communities_pk', ['notebook_id', 'community_id'])
    .execute();
  await db.schema.createIndex('notebook_communities_community').on('notebook_communities').columns(['community_id', 'notebook_id']).execute();

  await db.schema
    .createTable('notebook_categories')
    .addColumn('notebook_id', 'text', (c) => c.notNull().references('notebooks.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notebook_categories_pk', ['notebook_id', 'category'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'notebook_categories',
    'notebook_communities',
    'notebook_items',
    'notebook_members',
    'notebooks',
    'resource_discussions',
    'resource_applications',
    'resource_links',
    'resource_revisions',
    'resource_categories',
    'resource_communities',
    'resource_authors',
    'resources'
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

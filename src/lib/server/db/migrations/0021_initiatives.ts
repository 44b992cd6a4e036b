// The initiative map (cartographie, issue 17): what members and organisations do where. An
// initiative has a region (free text, the list groups by it), optional coordinates (the map shows
// only those that have them), themes, the communities it belongs to, and a visibility with the
// library's levels. Members contact its contact person through the platform's messages.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('initiatives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('description_html', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('contact_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('initiatives_recent').on('initiatives').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('initiatives_region').on('initiatives').columns(['region', 'id']).execute();
  await db.schema.createIndex('initiatives_created_by').on('initiatives').columns(['created_by']).execute();

  await db.schema
    .createTable('initiative_communities')
    .addColumn('initiative_id', 'text', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('initiative_communities_pk', ['initiative_id', 'community_id'])
    .execute();
  await db.schema.createIndex('initiative_communities_community').on('initiative_communities').columns(['community_id', 'initiative_id']).execute();

  await db.schema
    .createTable('initiative_themes')
    .addColumn('initiative_id', 'text', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
    .addColumn('theme', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('initiative_themes_pk', ['initiative_id', 'theme'])
    .execute();
  await db.schema.createIndex('initiative_themes_theme').on('initiative_themes').columns(['theme', 'initiative_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('initiative_themes').execute();
  await db.schema.dropTable('initiative_communities').execute();
  await db.schema.dropTable('initiatives').execute();
}

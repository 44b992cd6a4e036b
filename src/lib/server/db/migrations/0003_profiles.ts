// Member profiles (each field with its own visibility), organisations as first-class entries, and
// the organisations a community names as partners.
import { sql, type Kysely } from 'kysely';

const fields = ['pronouns', 'organisation', 'discipline', 'region', 'languages', 'expertise', 'interests', 'bio', 'links'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('website', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  let profiles = db.schema
    .createTable('profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('handle', 'text', (c) => c.notNull().unique())
    .addColumn('pronouns', 'text')
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('discipline', 'text')
    .addColumn('region', 'text')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('expertise', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('interests', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('bio', 'text')
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('avatar_path', 'text');
  for (const field of fields) {
    profiles = profiles.addColumn(`${field}_visibility`, 'text', (c) => c.notNull().defaultTo('instance'));
  }
  await profiles
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('profiles_organisation').on('profiles').column('organisation_id').execute();
  await db.schema.createIndex('profiles_region').on('profiles').column('region').execute();

  await db.schema
    .createTable('community_partners')
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('community_partners_pk', ['community_id', 'organisation_id'])
    .execute();

  // Members who signed up before profiles existed get one, with a handle made from their id.
  await sql`insert into profiles (user_id, handle, created_at, updated_at)
            select id, 'membre-' || substr(replace(id, '-', ''), 21, 12), 0, 0 from users`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['community_partners', 'profiles', 'organisations']) {
    await db.schema.dropTable(table).execute();
  }
}

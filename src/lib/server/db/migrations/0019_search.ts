// Full-text search (issue 17): one row per searchable thing in `search_documents`, and each
// database's own engine over it. SQLite: an FTS5 table without a copy of the text (contentless,
// deletable), its rowid the document's `seq`. PostgreSQL: two tsvector columns with GIN indexes.
// Both index the same terms, made by the application (src/lib/server/search/analyse.ts).
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  let table = db.schema
    .createTable('search_documents')
    .addColumn('seq', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
    // "post:<id>", "comment:<id>", "member:<user id>:<level>"…: what is replaced when it changes.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    // A comment's publication, a message's conversation.
    .addColumn('parent_id', 'text')
    // A member's profile is indexed once per circle of readers: `instance` (what signed-in members
    // may see of it) and `communities` (everything, for those who share a community with them).
    .addColumn('level', 'text')
    .addColumn('language', 'text')
    // 1 for an accepted answer and a question that has one: they rank first.
    .addColumn('boost', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('at', 'bigint', (c) => c.notNull());
  if (postgres) {
    table = table.addColumn('stems', sql`tsvector`, (c) => c.notNull()).addColumn('words', sql`tsvector`, (c) => c.notNull());
  }
  await table.execute();
  await db.schema.createIndex('search_documents_object').on('search_documents').columns(['object_id', 'kind']).execute();
  await db.schema.createIndex('search_documents_parent').on('search_documents').column('parent_id').execute();
  if (postgres) {
    await sql`CREATE INDEX search_documents_stems ON search_documents USING gin (stems)`.execute(db);
    await sql`CREATE INDEX search_documents_words ON search_documents USING gin (words)`.execute(db);
  } else {
    // title and body hold stems, words the folded words (phrases and prefixes). Prefix indexes of
    // 3 and 4 letters make typing fast.
    await sql`CREATE VIRTUAL TABLE search_index USING fts5(title, body, words, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='3 4')`.execute(db);
  }
  // What `ruche search reindex` has done so far, so that it resumes after an interruption.
  await db.schema
    .createTable('search_reindex')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('after_id', 'text')
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  // An instance that already has content gets it indexed by a job (search.reindex), so the upgrade
  // itself stays quick; `ruche search reindex` does the same by hand.
  const at = Date.now();
  await sql`
    INSERT INTO jobs (id, kind, payload, status, run_at, attempts, max_attempts, locked_by, locked_until, last_error, dedupe_key, created_at, updated_at, finished_at)
    SELECT ${`search-reindex-${at}`}, 'search.reindex', '{}', 'pending', ${at}, 0, 8, NULL, NULL, NULL, 'search.reindex', ${at}, ${at}, NULL
    WHERE EXISTS (SELECT 1 FROM users)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`DROP TABLE IF EXISTS search_index`.execute(db);
  await db.schema.dropTable('search_reindex').execute();
  await db.schema.dropTable('search_documents').execute();
}

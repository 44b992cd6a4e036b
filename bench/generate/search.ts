// The search index (issue 17). The generator writes its rows in bulk, past the domain functions that
// index in their own transactions, so after the load `search_documents` is empty: it is built here
// by the application's own `reindexAll` (what `ruche search reindex` and the `search.reindex` job
// run), timed, on the finished instance (every index in place, as on a live one). Then checked: one
// document per searchable thing (two per member), and on SQLite the FTS5 table in step with them.
import { sql } from 'kysely';
import type { Actor } from '../../src/lib/server/auth/actor';
import type { DB } from '../../src/lib/server/db';
import type { SearchKind } from '../../src/lib/server/db/schema';
import type { AppModules } from '../app-modules';
import type { Instance, Manifest } from '../instance';
import { searchQueries } from '../load/scenarios';

export type SearchIndexSummary = {
  /** Right after the load, or on `--reuse` of an instance that had no (or an incomplete) index. */
  builtOn: 'generation' | 'reuse';
  builtAt: string;
  /** Wall time of `reindexAll` (restart), the orphan sweep included. */
  seconds: number;
  documents: number;
  byKind: Record<string, number>;
  /**
   * For each search scenario, the documents its query matches that the first `many` reader may read
   * (what the query ranks before the page's limit), and their share of all documents.
   */
  matches: { id: string; q: string; matches: number; share: number }[];
};

/** The kinds a search without `type` looks through (search.ts: every type but messages). */
const searchedKinds: SearchKind[] = ['post', 'comment', 'resource', 'event', 'member', 'community'];

function actorOf(reader: Manifest['readers'][number]): Actor {
  return { id: reader.id, name: reader.name, email: reader.email, role: 'member', locale: 'fr', emailVerified: true };
}

async function count(db: DB, statement: string): Promise<number> {
  const result = await sql.raw<{ n: number | string }>(statement).execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** What the index must hold, by kind: what each indexer keeps (documents.ts). */
async function expectedDocuments(db: DB): Promise<Record<string, number>> {
  return {
    community: await count(db, 'SELECT count(*) AS n FROM communities'),
    // Two documents per member with a profile: `instance` and `communities` (indexMember).
    member: 2 * (await count(db, 'SELECT count(*) AS n FROM users u WHERE EXISTS (SELECT 1 FROM profiles p WHERE p.user_id = u.id)')),
    post: await count(db, 'SELECT count(*) AS n FROM posts WHERE deleted_at IS NULL'),
    comment: await count(db, 'SELECT count(*) AS n FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL'),
    resource: await count(db, 'SELECT count(*) AS n FROM resources WHERE deleted_at IS NULL'),
    event: await count(db, 'SELECT count(*) AS n FROM events'),
    message: await count(db, 'SELECT count(*) AS n FROM messages WHERE deleted_at IS NULL')
  };
}

async function documentsByKind(db: DB): Promise<Record<string, number>> {
  const rows = await db.selectFrom('search_documents').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

/** Differences between what the index holds and what it must hold, as invariant violations. */
async function checkIndex(db: DB, dialect: Instance['dialect']): Promise<{ rule: string; rows: number }[]> {
  const violations: { rule: string; rows: number }[] = [];
  const expected = await expectedDocuments(db);
  const actual = await documentsByKind(db);
  for (const kind of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const missing = (expected[kind] ?? 0) - (actual[kind] ?? 0);
    if (missing !== 0) violations.push({ rule: `search documents of kind ${kind}: ${expected[kind] ?? 0} expected, ${actual[kind] ?? 0} indexed`, rows: Math.abs(missing) });
  }
  if (dialect === 'sqlite') {
    // The contentless FTS5 table: a row per document (rowid = seq), and its own structure sound.
    const documents = await count(db, 'SELECT count(*) AS n FROM search_documents');
    const ftsRows = await count(db, 'SELECT count(*) AS n FROM search_index');
    if (ftsRows !== documents) violations.push({ rule: `search_index (FTS5) rows: ${ftsRows} for ${documents} documents`, rows: Math.abs(ftsRows - documents) });
    const unindexed = await count(db, 'SELECT count(*) AS n FROM search_documents d WHERE NOT EXISTS (SELECT 1 FROM search_index i WHERE i.rowid = d.seq)');
    if (unindexed > 0) violations.push({ rule: 'search documents without an FTS5 row', rows: unindexed });
    try {
      await sql`INSERT INTO search_index (search_index) VALUES ('integrity-check')`.execute(db);
    } catch (error) {
      violations.push({ rule: `search_index integrity-check: ${error instanceof Error ? error.message : String(error)}`, rows: 1 });
    }
  } else {
    const gin = await count(db, `SELECT count(*) AS n FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'search_documents' AND indexdef LIKE '%USING gin%'`);
    if (gin !== 2) violations.push({ rule: `search_documents has ${gin} GIN indexes, not 2 (stems, words)`, rows: 1 });
  }
  return violations;
}

/** How many documents each scenario's query matches for the first `many` reader (all of them, not a page). */
async function countMatches(app: NonNullable<AppModules['search']>, db: DB, manifest: Pick<Manifest, 'readers'>, documents: number): Promise<SearchIndexSummary['matches']> {
  const reader = manifest.readers.find((r) => r.kind === 'many');
  if (!reader) return [];
  const out: SearchIndexSummary['matches'] = [];
  for (const query of searchQueries) {
    // (A commit from before readableMatches counts through matchedDocuments, which saw every match then.)
    const parsed = app.query.parseQuery(query.q);
    const matched = app.search.readableMatches
      ? app.search.readableMatches(db, actorOf(reader), parsed, searchedKinds)
      : app.search.matchedDocuments(db, actorOf(reader), parsed, searchedKinds, Date.now());
    const row = await db.selectFrom(matched.as('hits')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out.push({ id: query.id, q: query.q, matches: Number(row.n), share: documents ? Number(row.n) / documents : 0 });
  }
  return out;
}

export type SearchIndexOutcome = { summary: SearchIndexSummary; violations: { rule: string; rows: number }[] };

/**
 * Builds the index with `reindexAll` and checks it. `migrate` first brings a kept instance to the
 * latest schema (the server would at its start, and migration 0019 would then queue a reindex job
 * that the inline worker runs while the scenarios are measured): that job is removed once the index
 * is built, since it would only build it again.
 */
export async function buildSearchIndex(
  app: AppModules,
  instance: Instance,
  manifest: Pick<Manifest, 'readers'>,
  options: { builtOn: SearchIndexSummary['builtOn']; migrate: boolean; progress: (message: string) => void }
): Promise<SearchIndexOutcome | null> {
  if (!app.search) return null;
  const db = app.db.createDb(instance.databaseUrl, { poolSize: 2 });
  try {
    if (options.migrate) await app.migrate.migrateToLatest(db);
    let lastReport = performance.now();
    const started = performance.now();
    const result = await app.search.reindex.reindexAll(db, {
      restart: true,
      onProgress: (p) => {
        if (performance.now() - lastReport < 10_000) return;
        lastReport = performance.now();
        options.progress(`  reindex: ${p.kind} ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      }
    });
    const seconds = (performance.now() - started) / 1000;
    await db.deleteFrom('jobs').where('kind', '=', app.search.reindex.REINDEX_JOB).where('finished_at', 'is', null).execute();
    // What autovacuum gives a table soon after it was filled (statistics, visibility map); SQLite gets
    // no ANALYZE, as the application never runs one.
    if (instance.dialect === 'postgres') await sql`VACUUM ANALYZE search_documents`.execute(db);
    const byKind = await documentsByKind(db);
    const documents = Object.values(byKind).reduce((a, b) => a + b, 0);
    options.progress(`search index: ${documents.toLocaleString('en')} documents (${result.indexed.toLocaleString('en')} things indexed, ${result.swept} swept) by reindexAll in ${seconds.toFixed(1)} s`);
    const violations = await checkIndex(db, instance.dialect);
    options.progress(`search index checked: ${violations.length === 0 ? 'a document per searchable thing, the engine in step' : JSON.stringify(violations)}`);
    const matches = await countMatches(app.search, db, manifest, documents);
    for (const m of matches) options.progress(`  ${m.id} (“${m.q}”): ${m.matches.toLocaleString('en')} documents match for a many reader (${(m.share * 100).toFixed(2)} %)`);
    return { summary: { builtOn: options.builtOn, builtAt: new Date().toISOString(), seconds, documents, byKind, matches }, violations };
  } finally {
    await db.destroy();
  }
}

/**
 * `--reuse`: an instance kept before the index existed (or whose index is incomplete, or was built
 * by the server's job rather than timed here) gets it built now; a complete one is left alone.
 */
export async function ensureSearchIndex(app: AppModules, instance: Instance, manifest: Manifest, progress: (message: string) => void): Promise<SearchIndexOutcome | null> {
  if (!app.search) return null;
  const db = app.db.createDb(instance.databaseUrl, { poolSize: 2 });
  let complete: boolean;
  try {
    await app.migrate.migrateToLatest(db);
    complete = (await checkIndex(db, instance.dialect)).length === 0;
    if (complete && manifest.generation.search) {
      // Built here before and still whole: nothing to do but drop a reindex job a migration may have queued.
      await db.deleteFrom('jobs').where('kind', '=', app.search.reindex.REINDEX_JOB).where('finished_at', 'is', null).execute();
      return null;
    }
  } finally {
    await db.destroy();
  }
  progress(complete ? 'the kept instance has a search index this bench did not time: building it again' : 'the kept instance has no (or an incomplete) search index: building it with reindexAll');
  return buildSearchIndex(app, instance, manifest, { builtOn: 'reuse', migrate: false, progress });
}

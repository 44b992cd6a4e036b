// Search documents' `seq` now follows their date (engines.ts), so that the engines can walk the
// newest matches first and stop. Documents indexed before keep their old seqs until they are written
// again: the search.reindex job rewrites them all, from the start (no schema change is needed).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('search_reindex').execute();
  const at = Date.now();
  await sql`
    INSERT INTO jobs (id, kind, payload, status, run_at, attempts, max_attempts, locked_by, locked_until, last_error, dedupe_key, created_at, updated_at, finished_at)
    SELECT ${`search-reindex-${at}`}, 'search.reindex', '{}', 'pending', ${at}, 0, 8, NULL, NULL, NULL, 'search.reindex@0022', ${at}, ${at}, NULL
    WHERE EXISTS (SELECT 1 FROM search_documents)
      AND NOT EXISTS (SELECT 1 FROM jobs WHERE kind = 'search.reindex' AND status IN ('pending', 'running'))`.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: old and new seqs are both valid keys.
}

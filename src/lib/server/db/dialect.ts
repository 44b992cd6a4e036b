// Every difference between SQLite and PostgreSQL lives here, so the rest of the code is written once.
import { Kysely, PostgresAdapter, sql, type SelectQueryBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column type for the Date columns better-auth writes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function authDateType(db: Kysely<any>) {
  return dialectOf(db) === 'postgres' ? sql`timestamptz` : sql`text`;
}

/**
 * Lock the selected rows so that concurrent workers skip them. SQLite has a single writer, so the
 * surrounding transaction already serialises claims there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function skipLocked<QB extends SelectQueryBuilder<any, any, any>>(db: Kysely<any>, qb: QB): QB {
  return dialectOf(db) === 'postgres' ? (qb.forUpdate().skipLocked() as QB) : qb;
}

/**
 * A moment as the better-auth tables store it (timestamptz on PostgreSQL, ISO text on SQLite), for
 * comparisons such as "expired before now".
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function authDateValue(db: Kysely<any>, date: Date): Date | string {
  return dialectOf(db) === 'postgres' ? date : date.toISOString();
}

/**
 * Lock the selected rows until the transaction ends, so that a check made after it (e.g. "another
 * animator remains") cannot be raced by a concurrent transaction. SQLite has a single writer: the
 * surrounding transaction already runs alone there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function forUpdate<QB extends SelectQueryBuilder<any, any, any>>(db: Kysely<any>, qb: QB): QB {
  return dialectOf(db) === 'postgres' ? (qb.forUpdate() as QB) : qb;
}

// Opens the database named by DATABASE_URL: embedded SQLite by default, PostgreSQL for postgres:// URLs.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { log } from '../log';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase } from 'kysely';
import type { Database } from './schema';
import { config } from '../config';
import type { DialectName } from './dialect';
import { withoutNul } from './without-nul';

export type DB = Kysely<Database>;

// bigint columns hold epoch milliseconds, well inside Number's safe range.
pg.types.setTypeParser(20, (value) => Number(value));

export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}

export function dialectForUrl(url: string): DialectName {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return database;
}

// A transaction that reads, then writes, after another process (a worker, `ruche`, a second web
// process) wrote meanwhile gets SQLITE_BUSY at once, without waiting: SQLite cannot upgrade a stale
// read snapshot. Taking the write lock when the transaction begins makes it wait its turn instead
// (busy_timeout). Writes are short, so serialising whole transactions costs little.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * Kysely prepares every query afresh; a page runs the same few dozen statements each time, and
 * SQLite's `prepare` was ~7 % of a feed page's CPU (bench finding 3). Statements are kept by their
 * SQL text, most recently used last, up to `statementCacheSize`. Reusing one is safe: the driver runs
 * one query at a time on the one connection, and SQLite re-prepares a statement whose schema changed.
 */
const statementCacheSize = 256;

function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= statementCacheSize) statements.delete(statements.keys().next().value as string);
      }
      statements.set(sql, statement);
      return statement;
    }
  };
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;
  constructor(database: SQLite.Database) {
    const cached = withStatementCache(database);
    super({ database: cached });
    this.#database = cached;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

export function createDb(url: string, options: { poolSize?: number } = {}): DB {
  if (dialectForUrl(url) === 'postgres') {
    // allowExitOnIdle: once the server has closed, idle connections do not hold the process open for
    // their 10 s idle timeout (a restart, or each stop in the browser journeys, waited that long).
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, allowExitOnIdle: true });
    // An idle connection the server closes (restart, failover, a dropped test database) is replaced on
    // the next query; unhandled, pg would turn it into an uncaught exception that stops the process.
    pool.on('error', (error) => log('db_connection_lost', { message: error.message }));
    return new Kysely<Database>({ dialect: withoutNul(new PostgresDialect({ pool })) });
  }
  return new Kysely<Database>({ dialect: withoutNul(new ImmediateSqliteDialect(openSqlite(sqlitePath(url)))) });
}

let shared: DB | null = null;

/** The process-wide database of the configured instance. */
export function db(): DB {
  shared ??= createDb(config().databaseUrl);
  return shared;
}

/** Tests swap in their own database; the CLI closes it before exiting. */
export function setDb(next: DB | null): void {
  shared = next;
}

export async function closeDb(): Promise<void> {
  const current = shared;
  shared = null;
  await current?.destroy();
}

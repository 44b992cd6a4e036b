// Bulk loading into a freshly migrated database: rows are buffered per table and written as
// multi-row INSERTs (SQLite: prepared statements of a few hundred rows inside large transactions;
// PostgreSQL: one INSERT … SELECT FROM unnest(arrays) of thousands of rows, COPY-like, with up to two
// statements in flight). Secondary indexes are dropped first and recreated from their own stored
// definitions afterwards, so the result has exactly the indexes the migrations made.
import type { Insertable } from 'kysely';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import type { Database } from '../../src/lib/server/db/schema';

export type Table = keyof Database;
export type Row<T extends Table> = Insertable<Database[T]>;
type Value = string | number | boolean | null;

export interface BulkWriter {
  readonly dialect: 'sqlite' | 'postgres';
  /** Buffers a row; every row of a table must name the same columns. */
  add<T extends Table>(table: T, row: Row<T>): void;
  /** Writes the tables whose buffers are full; call it often (after each publication, say). */
  drain(): Promise<void>;
  /** Writes everything buffered and commits. */
  flush(): Promise<void>;
  /** Runs one statement (schema changes, updates after the load); parameters are written `?`. */
  run(statement: string, params?: Value[]): Promise<void>;
  all<R>(statement: string, params?: Value[]): Promise<R[]>;
  dropSecondaryIndexes(tables: readonly Table[]): Promise<void>;
  restoreIndexes(): Promise<number>;
  /**
   * Every index and table of the schema with its definition (SQLite: autoindexes and FTS5 shadow
   * tables included; PostgreSQL: GIN indexes included), to check that dropping and restoring the
   * secondary indexes left the schema exactly as the migrations made it.
   */
  schemaSnapshot(): Promise<string[]>;
  /** Rows written per table. */
  readonly written: Map<Table, number>;
  close(): Promise<void>;
}

type Buffer = { columns: string[]; rows: Value[][] };

abstract class BufferedWriter {
  protected buffers = new Map<Table, Buffer>();
  readonly written = new Map<Table, number>();
  protected abstract batchRows(table: Table, columns: string[]): number;

  add<T extends Table>(table: T, row: Row<T>): void {
    let buffer = this.buffers.get(table);
    const record = row as Record<string, unknown>;
    if (!buffer) {
      buffer = { columns: Object.keys(record), rows: [] };
      this.buffers.set(table, buffer);
    }
    const values: Value[] = new Array(buffer.columns.length);
    for (let i = 0; i < buffer.columns.length; i++) {
      const value = record[buffer.columns[i]!];
      if (value === undefined) throw new Error(`${table}: every row must give ${buffer.columns[i]}`);
      values[i] = value as Value;
    }
    buffer.rows.push(values);
  }

  protected full(): [Table, Buffer][] {
    return [...this.buffers].filter(([table, buffer]) => buffer.rows.length >= this.batchRows(table, buffer.columns));
  }

  protected count(table: Table, rows: number): void {
    this.written.set(table, (this.written.get(table) ?? 0) + rows);
  }
}

export class SqliteWriter extends BufferedWriter implements BulkWriter {
  readonly dialect = 'sqlite' as const;
  private statements = new Map<string, SQLite.Statement>();
  private sinceCommit = 0;
  private dropped: { name: string; sql: string }[] = [];

  constructor(private database: SQLite.Database) {
    super();
    // Speed over durability while loading: a failed load is simply built again. WAL comes back at the end.
    database.pragma('journal_mode = OFF');
    database.pragma('synchronous = OFF');
    database.pragma('foreign_keys = OFF');
    database.pragma('cache_size = -262144');
    database.pragma('temp_store = MEMORY');
    database.exec('BEGIN');
  }

  protected batchRows(_table: Table, columns: string[]): number {
    return Math.min(250, Math.floor(32766 / columns.length));
  }

  private statement(table: Table, columns: string[], rows: number): SQLite.Statement {
    const key = `${table}:${rows}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const tuple = `(${columns.map(() => '?').join(',')})`;
      statement = this.database.prepare(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${new Array(rows).fill(tuple).join(',')}`);
      this.statements.set(key, statement);
    }
    return statement;
  }

  private write(table: Table, buffer: Buffer, all: boolean): void {
    const size = this.batchRows(table, buffer.columns);
    const rows = buffer.rows;
    let offset = 0;
    while (rows.length - offset >= size) {
      const params: Value[] = [];
      for (let r = offset; r < offset + size; r++) for (const value of rows[r]!) params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
      this.statement(table, buffer.columns, size).run(params);
      offset += size;
    }
    if (all) {
      for (; offset < rows.length; offset++) {
        this.statement(table, buffer.columns, 1).run(rows[offset]!.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value)));
      }
    }
    this.count(table, offset);
    this.sinceCommit += offset;
    buffer.rows = rows.slice(offset);
  }

  async drain(): Promise<void> {
    for (const [table, buffer] of this.full()) this.write(table, buffer, false);
    if (this.sinceCommit > 500_000) {
      this.database.exec('COMMIT');
      this.database.exec('BEGIN');
      this.sinceCommit = 0;
    }
  }

  async flush(): Promise<void> {
    for (const [table, buffer] of this.buffers) this.write(table, buffer, true);
    this.database.exec('COMMIT');
    this.database.exec('BEGIN');
    this.sinceCommit = 0;
  }

  async run(statement: string, params: Value[] = []): Promise<void> {
    this.database.prepare(statement).run(params);
  }

  async all<R>(statement: string, params: Value[] = []): Promise<R[]> {
    return this.database.prepare(statement).all(params) as R[];
  }

  async dropSecondaryIndexes(tables: readonly Table[]): Promise<void> {
    // Only indexes the migrations wrote (`sql` not NULL: autoindexes of primary keys and UNIQUE stay),
    // and never on a virtual table (FTS5's search_index) or one of its shadow tables
    // (search_index_data, _idx, _docsize, _config), whose structure belongs to the FTS5 module.
    const rows = this.database
      .prepare(
        `SELECT name, sql FROM sqlite_master m WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(',')})
           AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'
                           AND (m.tbl_name = v.name OR substr(m.tbl_name, 1, length(v.name) + 1) = v.name || '_'))`
      )
      .all([...tables]) as { name: string; sql: string }[];
    for (const row of rows) this.database.exec(`DROP INDEX ${row.name}`);
    this.dropped.push(...rows);
  }

  async restoreIndexes(): Promise<number> {
    for (const row of this.dropped) this.database.exec(row.sql);
    const count = this.dropped.length;
    this.dropped = [];
    return count;
  }

  async schemaSnapshot(): Promise<string[]> {
    const rows = this.database.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY type, name`).all() as {
      type: string;
      name: string;
      tbl_name: string;
      sql: string | null;
    }[];
    return rows.map((r) => `${r.type} ${r.name} on ${r.tbl_name}: ${r.sql ?? '(automatic)'}`);
  }

  async close(): Promise<void> {
    this.database.exec('COMMIT');
    // Back to what the application expects of the file (src/lib/server/db/index.ts sets WAL too).
    this.database.pragma('journal_mode = WAL');
    this.database.pragma('wal_checkpoint(TRUNCATE)');
    this.database.close();
  }
}

const arrayTypes: Record<string, string> = {
  text: 'text[]',
  bigint: 'int8[]',
  integer: 'int4[]',
  boolean: 'bool[]',
  'timestamp with time zone': 'timestamptz[]',
  'double precision': 'float8[]'
};

/** `?` placeholders as PostgreSQL numbers them. */
function numbered(statement: string): string {
  let n = 0;
  return statement.replace(/\?/g, () => `$${++n}`);
}

export class PostgresWriter extends BufferedWriter implements BulkWriter {
  readonly dialect = 'postgres' as const;
  private types = new Map<string, string>();
  private inFlight: Promise<unknown>[] = [];
  private failure: unknown = null;
  private dropped: { name: string; definition: string }[] = [];

  constructor(private client: pg.Client) {
    super();
  }

  /** Reads the column types (for the unnest casts) and loosens the session for loading. */
  async prepare(): Promise<void> {
    const result = await this.client.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'`
    );
    for (const row of result.rows) this.types.set(`${row.table_name}.${row.column_name}`, row.data_type);
    // Foreign-key triggers off while loading (superuser only): the generator keeps the references right
    // and the verification step checks them afterwards.
    await this.client.query(`SET session_replication_role = replica`);
    await this.client.query(`SET synchronous_commit = off`);
    await this.client.query(`SET maintenance_work_mem = '256MB'`);
  }

  protected batchRows(table: Table): number {
    return table === 'posts' || table === 'revisions' ? 2_000 : 8_000;
  }

  private send(table: Table, buffer: Buffer, count: number): void {
    const rows = buffer.rows.slice(0, count);
    buffer.rows = buffer.rows.slice(count);
    const columns = buffer.columns;
    const arrays: Value[][] = columns.map(() => new Array<Value>(rows.length));
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let c = 0; c < columns.length; c++) arrays[c]![r] = row[c]!;
    }
    const casts = columns.map((column, i) => {
      const type = this.types.get(`${table}.${column}`);
      const array = type ? arrayTypes[type] : undefined;
      if (!array) throw new Error(`no array type for ${table}.${column} (${type ?? 'unknown column'})`);
      return `$${i + 1}::${array}`;
    });
    const statement = `INSERT INTO ${table} (${columns.join(',')}) SELECT * FROM unnest(${casts.join(',')})`;
    const pending = this.client.query(statement, arrays).then(
      () => this.count(table, rows.length),
      (error: unknown) => {
        this.failure ??= error;
      }
    );
    this.inFlight.push(pending);
  }

  private async settle(max: number): Promise<void> {
    while (this.inFlight.length > max) await this.inFlight.shift();
    if (this.failure) throw this.failure;
  }

  async drain(): Promise<void> {
    for (const [table, buffer] of this.full()) {
      await this.settle(1);
      this.send(table, buffer, this.batchRows(table));
    }
  }

  async flush(): Promise<void> {
    for (const [table, buffer] of this.buffers) {
      while (buffer.rows.length > 0) {
        await this.settle(1);
        this.send(table, buffer, Math.min(buffer.rows.length, this.batchRows(table)));
      }
    }
    await this.settle(0);
  }

  async run(statement: string, params: Value[] = []): Promise<void> {
    await this.settle(0);
    await this.client.query(numbered(statement), params);
  }

  async all<R>(statement: string, params: Value[] = []): Promise<R[]> {
    await this.settle(0);
    return (await this.client.query(numbered(statement), params)).rows as R[];
  }

  async dropSecondaryIndexes(tables: readonly Table[]): Promise<void> {
    // Indexes that back a primary key or unique constraint stay: they are part of the table's rules.
    const rows = (
      await this.client.query<{ name: string; definition: string }>(
        `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
         WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
        [[...tables]]
      )
    ).rows;
    for (const row of rows) await this.client.query(`DROP INDEX ${row.name}`);
    this.dropped.push(...rows);
  }

  async restoreIndexes(): Promise<number> {
    await this.settle(0);
    for (const row of this.dropped) await this.client.query(row.definition);
    const count = this.dropped.length;
    this.dropped = [];
    return count;
  }

  async schemaSnapshot(): Promise<string[]> {
    await this.settle(0);
    const result = await this.client.query<{ line: string }>(
      `SELECT 'index ' || indexname || ' on ' || tablename || ': ' || indexdef AS line FROM pg_indexes WHERE schemaname = 'public'
       UNION ALL SELECT 'table ' || tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`
    );
    return result.rows.map((r) => r.line);
  }

  async close(): Promise<void> {
    await this.settle(0);
    await this.client.query(`SET session_replication_role = origin`);
    // What autovacuum does soon after a load on a live instance: statistics and the visibility map.
    await this.client.query('VACUUM ANALYZE');
    await this.client.end();
  }
}

/** Whether the migrations made this table: a commit from before a capability lacks its tables (`--build COMMIT`). */
export async function hasTable(writer: BulkWriter, table: Table): Promise<boolean> {
  const rows =
    writer.dialect === 'sqlite'
      ? await writer.all<{ n: number }>(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?`, [table])
      : await writer.all<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ?`, [table]);
  return Number(rows[0]?.n ?? 0) > 0;
}

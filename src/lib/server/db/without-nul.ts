// PostgreSQL cannot store U+0000 in text and fails the whole statement; SQLite stores it. Members'
// text never needs it (it comes from pasted binary or a fuzzer), so every string value written or
// compared through Kysely loses it, on both databases alike, instead of answering 500 on one.
//
// It is done on the compiled statement's parameters, where every value ends up, just before the
// driver runs it: a plugin rewriting each query's tree did the same for 5–7 % of a page's CPU.
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, TransactionSettings } from 'kysely';

const strip = (value: unknown) => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value);

function cleaned(query: CompiledQuery): CompiledQuery {
  const hasNul = query.parameters.some((value) => typeof value === 'string' && value.includes('\u0000'));
  return hasNul ? { ...query, parameters: query.parameters.map(strip) } : query;
}

class CleanConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}
  executeQuery<R>(query: CompiledQuery) {
    return this.inner.executeQuery<R>(cleaned(query));
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number) {
    return this.inner.streamQuery<R>(cleaned(query), chunkSize);
  }
}

type Compile = QueryCompiler['compileQuery'];
type SavepointStep = (connection: DatabaseConnection, name: string, compile: Compile) => Promise<void>;

/** A savepoint step the wrapped driver lacks fails as Kysely's own check would, never silently. */
function supported(step: SavepointStep | undefined): SavepointStep {
  return step ?? (() => Promise.reject(new Error('savepoints are not supported by this driver')));
}

/** The dialect's driver hands out connections that clean parameters; it gets its own connections back. */
class CleanDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, CleanConnection>();
  constructor(private readonly inner: Driver) {}
  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) this.#wrapped.set(connection, (wrapped = new CleanConnection(connection)));
    return wrapped;
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(innerOf(connection), settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(innerOf(connection));
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(innerOf(connection));
  }
  savepoint(connection: DatabaseConnection, name: string, compile: Compile) {
    return supported(this.inner.savepoint?.bind(this.inner))(innerOf(connection), name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Compile) {
    return supported(this.inner.rollbackToSavepoint?.bind(this.inner))(innerOf(connection), name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Compile) {
    return supported(this.inner.releaseSavepoint?.bind(this.inner))(innerOf(connection), name, compile);
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(innerOf(connection));
  }
  destroy() {
    return this.inner.destroy();
  }
}

const innerOf = (connection: DatabaseConnection) => (connection instanceof CleanConnection ? connection.inner : connection);

/** The same dialect, with U+0000 removed from every string parameter of every statement. */
export function withoutNul(dialect: Dialect): Dialect {
  return {
    createDriver: () => new CleanDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db)
  };
}

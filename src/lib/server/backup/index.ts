// `ruche backup` and `ruche restore`. SQLite: SQLite's online backup API, consistent while the server
// runs; restore swaps the file in place and keeps the previous one. PostgreSQL: pg_dump / pg_restore.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import SQLite from 'better-sqlite3';
import { dialectForUrl, sqlitePath } from '../db';

export class BackupError extends Error {}

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const PG_CUSTOM_MAGIC = 'PGDMP';

function readMagic(file: string, length: number): string {
  const handle = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = fs.readSync(handle, buffer, 0, length, 0);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    fs.closeSync(handle);
  }
}

/** A Ruche SQLite backup is a SQLite database that has been migrated by Ruche and holds accounts. */
export function isSqliteBackup(file: string): boolean {
  if (!fs.existsSync(file) || readMagic(file, 16) !== SQLITE_MAGIC) return false;
  const database = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = database
      .prepare("select name from sqlite_master where type = 'table' and name in ('schema_migrations', 'users')")
      .all();
    return tables.length === 2 && database.pragma('quick_check', { simple: true }) === 'ok';
  } catch {
    return false;
  } finally {
    database.close();
  }
}

export function isPostgresBackup(file: string): boolean {
  return fs.existsSync(file) && readMagic(file, 5) === PG_CUSTOM_MAGIC;
}

/** libpq reads the connection from the environment, so the password never shows in `ps`. */
function libpqEnv(url: string): { env: NodeJS.ProcessEnv; database: string } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.hostname) env.PGHOST = decodeURIComponent(parsed.hostname);
  if (parsed.port) env.PGPORT = parsed.port;
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return { env, database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres' };
}

function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupError(`${program} was not found: install the PostgreSQL client tools (e.g. apt install postgresql-client), same major version as the server`)
          : error
      );
    });
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const reason = stderr.trim().split('\n').filter(Boolean).pop() ?? `exit code ${code}`;
      reject(new BackupError(`${program} failed: ${reason}`));
    });
  });
}

/** Writes a backup of the instance's database to `file`, which must not exist yet. */
export async function backupDatabase(url: string, file: string): Promise<void> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new BackupError(`${file} already exists; choose a new file name`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Written beside the target and renamed at the end, so FILE is never a half-written backup.
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    if (dialectForUrl(url) === 'postgres') {
      const { env, database } = libpqEnv(url);
      await run('pg_dump', ['--format=custom', `--file=${partial}`, `--dbname=${database}`], env);
    } else {
      const source = sqlitePath(url);
      if (!fs.existsSync(source)) throw new BackupError(`no database at ${source}`);
      const live = new SQLite(source, { fileMustExist: true });
      try {
        await live.backup(partial);
      } finally {
        live.close();
      }
    }
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/**
 * Replaces the instance's database with the backup in `file`. SQLite: the server and workers must be
 * stopped; the replaced database is kept beside it and its path returned.
 */
export async function restoreDatabase(url: string, file: string): Promise<{ kept: string | null }> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new BackupError(`${file} does not exist`);
  if (dialectForUrl(url) === 'postgres') {
    if (!isPostgresBackup(source)) throw new BackupError(`${file} is not a PostgreSQL backup made by ruche backup (pg_dump --format=custom)`);
    const { env, database } = libpqEnv(url);
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${database}`, source], env);
    return { kept: null };
  }
  if (!isSqliteBackup(source)) throw new BackupError(`${file} is not a Ruche SQLite backup`);
  const target = path.resolve(sqlitePath(url));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const incoming = `${target}.restoring`;
  fs.copyFileSync(source, incoming);
  let kept: string | null = null;
  if (fs.existsSync(target)) {
    // Fold the write-ahead log into the old file first, so the copy we keep is complete.
    const old = new SQLite(target, { fileMustExist: true });
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(target, kept);
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  fs.renameSync(incoming, target);
  return { kept };
}

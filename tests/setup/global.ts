// Prepares, once per run, a migrated template database that each test file copies: on PostgreSQL a
// template database cloned with CREATE DATABASE … TEMPLATE, on SQLite a migrated file copied as is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { Kysely, PostgresDialect } from 'kysely';
import { createDb } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
    /** A migrated SQLite file, closed (its journal folded in), to copy; null on PostgreSQL. */
    sqliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (process.env.TEST_DIALECT !== 'postgres' || !url) {
    project.provide('pgTemplate', null);
    return sqliteTemplate(project);
  }
  project.provide('sqliteTemplate', null);
  const template = `ruche_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const db = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDatabase(url, template), max: 1 }) })
  });
  await migrateToLatest(db);
  await db.destroy();
  project.provide('pgTemplate', template);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}

/** Migrating a SQLite file takes every migration's commits; copying one already migrated, a file copy. */
async function sqliteTemplate(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-template-'));
  const file = path.join(dir, 'ruche.sqlite');
  const db = createDb(`sqlite:${file}`);
  await migrateToLatest(db);
  // Closing the last connection checkpoints the write-ahead log into the file and removes it.
  await db.destroy();
  if (fs.existsSync(`${file}-wal`)) throw new Error(`The SQLite template kept a write-ahead log: ${file}-wal`);
  project.provide('sqliteTemplate', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

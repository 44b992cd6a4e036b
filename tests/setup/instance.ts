// Gives each test file its own instance: a fresh, migrated database (a copy of the run's migrated
// SQLite file, or a clone of the PostgreSQL template) and its own data directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { readConfig, setConfig, type Config } from '../../src/lib/server/config';
import { createDb, setDb, type DB } from '../../src/lib/server/db';
import { newId } from '../../src/lib/server/ids';
import { withDatabase } from './global';

export type TestInstance = { db: DB; config: Config; dialect: 'sqlite' | 'postgres' };

export const testDialect: 'sqlite' | 'postgres' =
  process.env.TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

/** A database url of the current dialect, fresh and migrated. Returns a cleanup function. */
export async function freshDatabaseUrl(dataDir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = inject('pgTemplate');
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (testDialect === 'postgres' && template && adminUrl) {
    const name = `ruche_t_${newId().replace(/-/g, '')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    return {
      url: withDatabase(adminUrl, name),
      drop: async () => {
        const again = new pg.Client({ connectionString: adminUrl });
        await again.connect();
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await again.end();
      }
    };
  }
  const file = path.join(dataDir, 'ruche.sqlite');
  const url = `sqlite:${file}`;
  const sqliteTemplate = inject('sqliteTemplate');
  if (!sqliteTemplate) throw new Error('No migrated SQLite template: tests/setup/global.ts is the global setup that makes it');
  fs.copyFileSync(sqliteTemplate, file);
  return { url, drop: async () => {} };
}

/** Call at the top of a test file; the returned object is filled before the tests run. */
export function useTestInstance(env: Record<string, string> = {}): TestInstance {
  const instance = {} as TestInstance;
  let drop = async () => {};
  let dataDir = '';
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-test-'));
    const fresh = await freshDatabaseUrl(dataDir);
    drop = fresh.drop;
    const config = readConfig({ DATA_DIR: dataDir, DATABASE_URL: fresh.url, WORKER: 'off', ...env });
    setConfig(config);
    const db = createDb(fresh.url, { poolSize: 4 });
    setDb(db);
    Object.assign(instance, { db, config, dialect: testDialect });
  });
  afterAll(async () => {
    await instance.db?.destroy();
    setDb(null);
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return instance;
}

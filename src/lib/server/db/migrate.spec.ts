import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb } from '.';
import { migrateAllDown, migrateToLatest } from './migrate';
import { migrations } from './migrations';
import { freshDatabaseUrl } from '../../../../tests/setup/instance';

async function tableNames(db: ReturnType<typeof createDb>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables.map((t) => t.name).filter((n) => !n.startsWith('schema_migrations')).sort();
}

describe('migrations', () => {
  it('run up, down and up again, leaving the same tables', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-migrate-'));
    const fresh = await freshDatabaseUrl(dir);
    const db = createDb(fresh.url, { poolSize: 2 });
    try {
      await migrateToLatest(db);
      const first = await tableNames(db);
      expect(first).toContain('users');
      expect(first).toContain('jobs');

      const reverted = await migrateAllDown(db);
      expect(reverted.sort()).toEqual(Object.keys(migrations).sort());
      expect(await tableNames(db)).toEqual([]);

      await migrateToLatest(db);
      expect(await tableNames(db)).toEqual(first);
      const { rows } = await sql<{ n: number }>`select count(*) as n from users`.execute(db);
      expect(Number(rows[0]?.n)).toBe(0);
    } finally {
      await db.destroy();
      await fresh.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Several processes write to one SQLite file (web, `ruche worker`, the `ruche` command): a transaction
// that reads and then writes must not fail because another process wrote in between.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, openSqlite } from '.';
import { sql } from 'kysely';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruche-busy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.runIf((process.env.TEST_DIALECT ?? 'sqlite') === 'sqlite')('SQLite transactions across processes', () => {
  it('hold the write lock from their start, so a read-then-write transaction is never refused midway', async () => {
    const file = path.join(dir, 'shared.sqlite');
    const db = createDb(`sqlite:${file}`);
    await sql`create table counters (id integer primary key, n integer not null)`.execute(db);
    await sql`insert into counters (id, n) values (1, 0)`.execute(db);
    // Another process, impatient: it does not wait for the lock.
    const other = openSqlite(file);
    other.pragma('busy_timeout = 0');

    let otherOutcome = '';
    await db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ n: number }>`select n from counters where id = 1`.execute(tx);
      try {
        other.prepare('update counters set n = n + 100 where id = 1').run();
        otherOutcome = 'wrote';
      } catch (error) {
        otherOutcome = (error as { code?: string }).code ?? 'failed';
      }
      await sql`update counters set n = ${rows[0]!.n + 1} where id = 1`.execute(tx);
    });

    expect(otherOutcome).toBe('SQLITE_BUSY');
    const { rows } = await sql<{ n: number }>`select n from counters where id = 1`.execute(db);
    expect(rows[0]!.n).toBe(1);
    other.close();
    await db.destroy();
  });
});

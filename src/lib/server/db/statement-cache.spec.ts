import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type DB } from '.';

// SQLite statements are kept between queries (db/index.ts): what a reused statement returns must be
// what a fresh one would, whatever happened to the schema or the data meanwhile.
describe('the SQLite statement cache', () => {
  let db: DB;
  afterEach(() => db?.destroy());

  it('answers a repeated query with the current rows, the current columns, and after hundreds of other statements', async () => {
    db = createDb('sqlite::memory:');
    await sql`create table notes (id integer primary key, body text)`.execute(db);
    const all = () => sql<Record<string, unknown>>`select * from notes order by id`.execute(db).then((r) => r.rows);
    await sql`insert into notes (body) values (${'un'})`.execute(db);
    expect(await all()).toEqual([{ id: 1, body: 'un' }]);
    await sql`insert into notes (body) values (${'deux'})`.execute(db);
    expect(await all()).toEqual([{ id: 1, body: 'un' }, { id: 2, body: 'deux' }]);
    // A column added after the statement was first prepared shows up in `select *`.
    await sql`alter table notes add column lang text default 'fr'`.execute(db);
    expect((await all())[0]).toEqual({ id: 1, body: 'un', lang: 'fr' });
    // More distinct statements than the cache keeps: the oldest are let go, and prepared again.
    for (let n = 0; n < 300; n++) await sql.raw(`select ${n} as n`).execute(db);
    expect(await all()).toHaveLength(2);
    // A transaction's statements are reused too, and still roll back.
    await db.transaction().execute(async (tx) => {
      await sql`insert into notes (body) values (${'trois'})`.execute(tx);
    });
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`insert into notes (body) values (${'quatre'})`.execute(tx);
        throw new Error('abandon');
      })
    ).rejects.toThrow('abandon');
    expect((await all()).map((row) => row.body)).toEqual(['un', 'deux', 'trois']);
  });
});

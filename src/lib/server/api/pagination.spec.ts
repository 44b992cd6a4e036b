import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { newId } from '../ids';
import { problemFromError } from '../http/problem';
import { encodeCursor, pageQuery, paginate } from './pagination';

const instance = useTestInstance();
const keyset = { columns: ['created_at', 'id'], direction: 'desc' } as const;

async function seedTokens(userId: string, count: number) {
  const stamp = new Date().toISOString();
  await instance.db
    .insertInto('users')
    .values({ id: userId, name: 'P', email: `${userId}@example.org`, email_verified: 0, image: null, created_at: stamp, updated_at: stamp })
    .execute();
  // Several rows share a timestamp, so the id must break ties for no row to be skipped or repeated.
  for (let i = 0; i < count; i++) {
    await instance.db
      .insertInto('api_tokens')
      .values({ id: newId(), user_id: userId, name: `t${i}`, token_hash: newId(), token_prefix: 'ruche_x', created_at: 1_700_000_000_000 + Math.floor(i / 3) })
      .execute();
  }
}

function tokensOf(userId: string) {
  return instance.db.selectFrom('api_tokens').select(['id', 'name', 'created_at']).where('user_id', '=', userId);
}

describe('cursor pagination', () => {
  it('walks every row once, newest first, and ends with a null cursor', async () => {
    const userId = newId();
    await seedTokens(userId, 11);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await paginate(tokensOf(userId), keyset, pageQuery.parse({ cursor, limit: '4' }));
      seen.push(...page.items.map((row) => row.name));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(11);
    const all = await tokensOf(userId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    expect(seen).toEqual(all.map((row) => row.name));
  });

  it('defaults to 20 items and refuses more than 100', () => {
    expect(pageQuery.parse({}).limit).toBe(20);
    expect(pageQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(pageQuery.safeParse({ limit: '0' }).success).toBe(false);
  });

  it('answers a tampered cursor with a 400 problem naming the cursor', async () => {
    const userId = newId();
    await seedTokens(userId, 2);
    for (const cursor of ['%%%', encodeCursor(['only-one']), Buffer.from('{"a":1}').toString('base64url'), 'bm90IGpzb24']) {
      const failure = await paginate(tokensOf(userId), keyset, { cursor, limit: 5 }).catch((e: unknown) => e);
      const response = problemFromError(failure, 'en');
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.errors).toEqual([{ path: 'cursor', message: expect.stringContaining('cursor') }]);
    }
  });
});

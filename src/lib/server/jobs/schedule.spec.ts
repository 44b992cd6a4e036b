import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { enqueueScheduledRuns, nextRunAt, registerSchedule } from './schedule';
import { cleanupExpired, DONE_JOBS_KEPT_MS } from './cleanup';
import { authDateValue } from '../db/dialect';
import { newId } from '../ids';

const instance = useTestInstance();

describe('scheduled jobs', () => {
  it('computes the next run in UTC', () => {
    const at = Date.parse('2026-03-01T10:00:00Z');
    expect(new Date(nextRunAt('17 3 * * *', at)).toISOString()).toBe('2026-03-02T03:17:00.000Z');
  });

  it('refuses a malformed cron expression when the schedule is registered', () => {
    expect(() => registerSchedule('broken', 'every day please', 'test.nothing')).toThrow();
  });

  it('queues exactly one next run even when two workers schedule at the same time', async () => {
    registerSchedule('test-hourly', '0 * * * *', 'test.hourly', { scope: 'all' });
    const at = Date.parse('2026-03-01T10:20:00Z');
    const created = await Promise.all([enqueueScheduledRuns(instance.db, { at }), enqueueScheduledRuns(instance.db, { at })]);
    await enqueueScheduledRuns(instance.db, { at: at + 60_000 });

    const jobs = await instance.db.selectFrom('jobs').selectAll().where('kind', '=', 'test.hourly').execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      dedupe_key: 'test-hourly@2026-03-01T11:00:00.000Z',
      run_at: Date.parse('2026-03-01T11:00:00Z'),
      payload: JSON.stringify({ scope: 'all' })
    });
    expect(created.filter((n) => n > 0)).toHaveLength(1);
  });
});

describe('daily cleanup', () => {
  it('removes expired verifications and sessions and old finished jobs, and keeps the rest', async () => {
    const db = instance.db;
    const at = Date.now();
    const date = (ms: number) => authDateValue(db, new Date(ms));
    const userId = newId();
    await db
      .insertInto('users')
      .values({ id: userId, name: 'Léa', email: `lea-${userId}@example.org`, email_verified: 0, image: null, created_at: date(at), updated_at: date(at) })
      .execute();
    for (const [id, expires] of [['v-old', at - 1000], ['v-new', at + 60_000]] as const) {
      await db.insertInto('verifications').values({ id, identifier: 'x', value: 'y', expires_at: date(expires), created_at: date(at), updated_at: date(at) }).execute();
    }
    for (const [id, expires] of [['s-old', at - 1000], ['s-new', at + 60_000]] as const) {
      await db
        .insertInto('sessions')
        .values({ id, user_id: userId, token: id, expires_at: date(expires), ip_address: null, user_agent: null, created_at: date(at), updated_at: date(at) })
        .execute();
    }
    const job = (id: string, status: 'done' | 'failed', finished: number) => ({
      id, kind: 'test.old', payload: '{}', status, run_at: finished, attempts: 1, max_attempts: 1, locked_by: null,
      locked_until: null, last_error: null, dedupe_key: null, created_at: finished, updated_at: finished, finished_at: finished
    });
    await db.insertInto('jobs').values([
      job('j-old-done', 'done', at - DONE_JOBS_KEPT_MS - 1000),
      job('j-recent-done', 'done', at - 1000),
      job('j-old-failed', 'failed', at - DONE_JOBS_KEPT_MS - 1000)
    ]).execute();

    expect(await cleanupExpired(db, at)).toEqual({ verifications: 1, sessions: 1, jobs: 1 });
    expect((await db.selectFrom('verifications').select('id').execute()).map((r) => r.id)).toEqual(['v-new']);
    expect((await db.selectFrom('sessions').select('id').execute()).map((r) => r.id)).toEqual(['s-new']);
    const left = (await db.selectFrom('jobs').select('id').where('kind', '=', 'test.old').orderBy('id').execute()).map((r) => r.id);
    expect(left).toEqual(['j-old-failed', 'j-recent-done']);
  });
});

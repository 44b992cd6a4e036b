import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { useTestInstance } from '../../../../tests/setup/instance';
import { createDb } from '../db';
import { enqueueJob } from './queue';
import { PermanentJobError, registerJobHandler } from './registry';
import { backoffDelay, claimNextJob, drainJobs, recoverExpiredLeases, runDueJobs, LEASE_MS } from './runner';

const instance = useTestInstance();

async function jobRow(id: string) {
  return instance.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function makeDue(id: string) {
  await instance.db.updateTable('jobs').set({ run_at: Date.now() - 1 }).where('id', '=', id).execute();
}

describe('job runner', () => {
  it('runs a job once and marks it done', async () => {
    const seen: unknown[] = [];
    registerJobHandler('test.once', async (payload) => {
      seen.push(payload);
    });
    const id = (await enqueueJob(instance.db, { kind: 'test.once', payload: { n: 1 } }))!;

    expect(await drainJobs(instance.db)).toBe(1);
    expect(await drainJobs(instance.db)).toBe(0);

    expect(seen).toEqual([{ n: 1 }]);
    const row = await jobRow(id);
    expect(row).toMatchObject({ status: 'done', attempts: 1, locked_by: null });
    expect(row.finished_at).toBeGreaterThan(0);
  });

  it('keeps one job waiting per "pending:" key, and frees the key once a worker claims it', async () => {
    registerJobHandler('test.burst', async () => {});
    const first = await enqueueJob(instance.db, { kind: 'test.burst', dedupeKey: 'pending:test.burst' });
    expect(first).not.toBeNull();
    expect(await enqueueJob(instance.db, { kind: 'test.burst', dedupeKey: 'pending:test.burst' })).toBeNull();
    const claimed = await claimNextJob(instance.db, 'worker-a', Date.now(), ['test.burst']);
    expect(claimed?.id).toBe(first);
    expect(claimed?.dedupe_key).toBeNull();
    // Work arriving while the first runs queues the next run; an ordinary key stays taken.
    expect(await enqueueJob(instance.db, { kind: 'test.burst', dedupeKey: 'pending:test.burst' })).not.toBeNull();
    await enqueueJob(instance.db, { kind: 'test.burst', dedupeKey: 'hourly@12' });
    await claimNextJob(instance.db, 'worker-a', Date.now(), ['test.burst']);
    await claimNextJob(instance.db, 'worker-a', Date.now(), ['test.burst']);
    expect(await enqueueJob(instance.db, { kind: 'test.burst', dedupeKey: 'hourly@12' })).toBeNull();
    await instance.db.deleteFrom('jobs').where('kind', '=', 'test.burst').execute();
  });

  it('does not run a job before its time', async () => {
    let runs = 0;
    registerJobHandler('test.later', async () => {
      runs += 1;
    });
    await enqueueJob(instance.db, { kind: 'test.later', runAt: Date.now() + 60_000 });
    await drainJobs(instance.db);
    expect(runs).toBe(0);
  });

  it('retries a failing job with growing delays, then marks it failed with the last error', async () => {
    let calls = 0;
    registerJobHandler('test.flaky', async () => {
      calls += 1;
      throw new Error(`boom ${calls}`);
    });
    const id = (await enqueueJob(instance.db, { kind: 'test.flaky', maxAttempts: 4 }))!;

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await drainJobs(instance.db);
      const row = await jobRow(id);
      expect(row.status).toBe('pending');
      expect(row.last_error).toBe(`boom ${attempt}`);
      delays.push(row.run_at - row.updated_at);
      await makeDue(id);
    }
    await drainJobs(instance.db);

    const [first = 0, second = 0, third = 0] = delays;
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
    const row = await jobRow(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 4, last_error: 'boom 4' });
    expect(calls).toBe(4);
  });

  it('keeps backoff delays growing whatever the jitter', () => {
    for (let attempt = 1; attempt < 10; attempt++) {
      expect(backoffDelay(attempt + 1, () => 0)).toBeGreaterThan(backoffDelay(attempt, () => 0.999));
    }
  });

  it('fails at once on a permanent error and tells the handler it gave up', async () => {
    const gaveUp: string[] = [];
    registerJobHandler(
      'test.permanent',
      async () => {
        throw new PermanentJobError('no such thing');
      },
      { onGiveUp: async (_payload, _context, reason) => void gaveUp.push(reason) }
    );
    const id = (await enqueueJob(instance.db, { kind: 'test.permanent' }))!;
    await drainJobs(instance.db);
    expect(await jobRow(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'no such thing' });
    expect(gaveUp).toEqual(['no such thing']);
  });

  it('picks a job again when the worker that held it stopped before its lease ran out', async () => {
    let runs = 0;
    registerJobHandler('test.crashy', async () => {
      runs += 1;
    });
    const id = (await enqueueJob(instance.db, { kind: 'test.crashy' }))!;
    const claimed = await claimNextJob(instance.db, 'worker-that-dies');
    expect(claimed?.id).toBe(id);

    // While the lease holds, nobody else takes it.
    expect(await runDueJobs(instance.db, { workerId: 'other' })).toBe(0);
    expect(await recoverExpiredLeases(instance.db)).toBe(0);

    expect(await recoverExpiredLeases(instance.db, Date.now() + LEASE_MS + 1)).toBe(1);
    await drainJobs(instance.db);
    expect(runs).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('never gives the same job to two runners working in parallel', async () => {
    const runsById = new Map<string, number>();
    registerJobHandler('test.parallel', async (_payload, { job }) => {
      runsById.set(job.id, (runsById.get(job.id) ?? 0) + 1);
      await sleep(1);
    });
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push((await enqueueJob(instance.db, { kind: 'test.parallel', payload: { i } }))!);

    // Separate connection pools, as two worker processes would have.
    const first = createDb(instance.config.databaseUrl, { poolSize: 3 });
    const second = createDb(instance.config.databaseUrl, { poolSize: 3 });
    try {
      const runner = (db: typeof first, workerId: string) => runDueJobs(db, { workerId, limit: 1000 });
      const counts = await Promise.all([
        runner(first, 'a1'),
        runner(first, 'a2'),
        runner(second, 'b1'),
        runner(second, 'b2')
      ]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(60);
    } finally {
      await first.destroy();
      await second.destroy();
    }
    expect(ids.map((id) => runsById.get(id))).toEqual(ids.map(() => 1));
    const statuses = await instance.db.selectFrom('jobs').select('status').where('kind', '=', 'test.parallel').execute();
    expect(statuses.every((row) => row.status === 'done')).toBe(true);
  });

  it('leaves a job of a kind it does not know for a worker that knows it', async () => {
    const id = (await enqueueJob(instance.db, { kind: 'test.newer-kind' }))!;
    await drainJobs(instance.db);
    expect(await jobRow(id)).toMatchObject({ status: 'pending', attempts: 0 });

    registerJobHandler('test.newer-kind', async () => {});
    await drainJobs(instance.db);
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 1 });
  });
});

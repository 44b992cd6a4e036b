// Claims due jobs one at a time and runs them: done, retried later with backoff, or failed for good.
// Several runners (web processes, `ruche worker`) share the table; the claim is one atomic statement.
import type { DB } from '../db';
import { sql, type Updateable } from 'kysely';
import type { Job, JobsTable } from '../db/schema';
import { skipLocked } from '../db/dialect';
import { now } from '../ids';
import { log } from '../log';
import { jobHandler, PermanentJobError, registeredKinds, type JobContext } from './registry';
import { releasedOnClaim } from './queue';

/** How long a claimed job may run before other runners assume its worker died. */
export const LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 6 * 60 * 60_000;

/**
 * Delay before retry number `attempt` (1 after the first failure): doubles each time, plus up to a
 * quarter of random jitter so that jobs failing together do not retry in lockstep. The jitter stays
 * below the doubling, so delays always grow until the cap.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1), BACKOFF_CAP_MS);
  return Math.round(base * (1 + random() * 0.25));
}

/**
 * Takes the oldest due job of a kind this process can run, or nothing. Safe under concurrency on
 * both databases.
 */
export async function claimNextJob(
  db: DB,
  workerId: string,
  at: number = now(),
  kinds: string[] = registeredKinds()
): Promise<Job | undefined> {
  if (kinds.length === 0) return undefined;
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      locked_by: workerId,
      locked_until: at + LEASE_MS,
      attempts: eb('attempts', '+', 1),
      updated_at: at,
      // A "one waiting at a time" key is free again once the job runs: later work queues the next run.
      dedupe_key: sql<string | null>`case when ${sql.ref('dedupe_key')} like ${`${releasedOnClaim}%`} then null else ${sql.ref('dedupe_key')} end`
    }))
    .where('id', '=', (eb) =>
      skipLocked(
        db,
        eb
          .selectFrom('jobs')
          .select('id')
          .where('status', '=', 'pending')
          .where('run_at', '<=', at)
          .where('kind', 'in', kinds)
          .orderBy('run_at')
          .orderBy('id')
          .limit(1)
      )
    )
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 2000);
}

function contextFor(db: DB, job: Job): JobContext {
  return { db, job, attempt: job.attempts, isLastAttempt: job.attempts >= job.max_attempts };
}

async function giveUp(db: DB, job: Job, reason: string): Promise<void> {
  const registration = jobHandler(job.kind);
  if (!registration?.onGiveUp) return;
  try {
    await registration.onGiveUp(JSON.parse(job.payload), contextFor(db, job), reason);
  } catch (error) {
    log('job_give_up_error', { kind: job.kind, id: job.id, message: reasonOf(error).slice(0, 200) });
  }
}

/** Runs one claimed job and records the outcome. */
export async function runClaimedJob(db: DB, job: Job, workerId: string): Promise<Job['status']> {
  const started = performance.now();
  // Only the worker still holding the lease records the outcome.
  const record = (values: Updateable<JobsTable>) =>
    db
      .updateTable('jobs')
      .set(values)
      .where('id', '=', job.id)
      .where('status', '=', 'running')
      .where('locked_by', '=', workerId)
      .execute();
  const registration = jobHandler(job.kind);
  let status: Job['status'];
  let reason: string | undefined;
  try {
    if (!registration) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
    await registration.run(JSON.parse(job.payload), contextFor(db, job));
    const at = now();
    await record({ status: 'done', locked_by: null, locked_until: null, finished_at: at, updated_at: at });
    status = 'done';
  } catch (error) {
    reason = reasonOf(error);
    const at = now();
    const final = error instanceof PermanentJobError || error instanceof SyntaxError || job.attempts >= job.max_attempts;
    if (final) {
      await record({ status: 'failed', last_error: reason, locked_by: null, locked_until: null, finished_at: at, updated_at: at });
      await giveUp(db, job, reason);
      status = 'failed';
    } else {
      await record({
        status: 'pending',
        last_error: reason,
        locked_by: null,
        locked_until: null,
        run_at: at + backoffDelay(job.attempts),
        updated_at: at
      });
      status = 'pending';
    }
  }
  log('job', {
    kind: job.kind,
    id: job.id,
    status: status === 'pending' ? 'retry' : status,
    ms: Math.round(performance.now() - started),
    attempt: job.attempts,
    // Error messages name what went wrong (an SMTP reply, a missing row), never the payload.
    error: reason?.slice(0, 200)
  });
  return status;
}

/**
 * Jobs left `running` past their lease belonged to a worker that crashed: they go back to pending,
 * or fail if that was their last attempt.
 */
export async function recoverExpiredLeases(db: DB, at: number = now()): Promise<number> {
  const expired = await db
    .selectFrom('jobs')
    .selectAll()
    .where('status', '=', 'running')
    .where('locked_until', '<', at)
    .limit(100)
    .execute();
  let recovered = 0;
  for (const job of expired) {
    const exhausted = job.attempts >= job.max_attempts;
    const reason = 'lease expired: the worker stopped while running this job';
    const result = await db
      .updateTable('jobs')
      .set(
        exhausted
          ? { status: 'failed', last_error: reason, locked_by: null, locked_until: null, finished_at: at, updated_at: at }
          : { status: 'pending', last_error: reason, locked_by: null, locked_until: null, updated_at: at }
      )
      .where('id', '=', job.id)
      .where('status', '=', 'running')
      .where('locked_until', '<', at)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) continue;
    recovered += 1;
    log('job', { kind: job.kind, id: job.id, status: exhausted ? 'failed' : 'lease_expired', attempt: job.attempts });
    if (exhausted) await giveUp(db, job, reason);
  }
  return recovered;
}

export type RunOptions = { workerId: string; limit?: number; signal?: AbortSignal };

/** Runs up to `limit` due jobs, one after the other; returns how many ran. */
export async function runDueJobs(db: DB, options: RunOptions): Promise<number> {
  const limit = options.limit ?? 20;
  let ran = 0;
  while (ran < limit && !options.signal?.aborted) {
    const job = await claimNextJob(db, options.workerId);
    if (!job) break;
    await runClaimedJob(db, job, options.workerId);
    ran += 1;
  }
  return ran;
}

/** Runs every job that is due now until none is left (jobs retried later are not waited for). */
export async function drainJobs(db: DB): Promise<number> {
  const workerId = `drain:${process.pid}`;
  let total = 0;
  await recoverExpiredLeases(db);
  for (;;) {
    const ran = await runDueJobs(db, { workerId, limit: 100 });
    total += ran;
    if (ran === 0) return total;
  }
}

// Putting work on the job table. Callers pass their transaction so the job exists only if their write does.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { newId, now } from '../ids';

export type Executor = Kysely<Database> | Transaction<Database>;

export type JobInput = {
  kind: string;
  payload?: unknown;
  /** When to run, epoch ms; now by default. */
  runAt?: number;
  maxAttempts?: number;
  /**
   * A job with the same key is queued at most once (scheduled runs). A key that starts with
   * `releasedOnClaim` is given up when a worker claims the job: at most one such job *waiting*.
   */
  dedupeKey?: string;
};

export const releasedOnClaim = 'pending:';

/** Queues a job; returns its id, or null when a job with the same dedupe key already exists. */
export async function enqueueJob(db: Executor, input: JobInput): Promise<string | null> {
  const id = newId();
  const at = now();
  const result = await db
    .insertInto('jobs')
    .values({
      id,
      kind: input.kind,
      payload: JSON.stringify(input.payload ?? {}),
      status: 'pending',
      run_at: input.runAt ?? at,
      attempts: 0,
      max_attempts: input.maxAttempts ?? 8,
      locked_by: null,
      locked_until: null,
      last_error: null,
      dedupe_key: input.dedupeKey ?? null,
      created_at: at,
      updated_at: at,
      finished_at: null
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? id : null;
}

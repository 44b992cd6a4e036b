// Background jobs as admins see them: what waits, what runs, what failed and why; retrying a failure.
import type { DB } from '../db';
import type { Job, JobStatus } from '../db/schema';
import type { Actor } from '../auth/actor';
import { requireAdmin } from '../access';
import { conflict, notFound } from '../errors';
import { now } from '../ids';
import { paginate, type Page, type PageQuery } from '../api/pagination';

/** Finished jobs are not listed: they are many and say nothing an admin must act on. */
export const visibleJobStatuses = ['pending', 'running', 'failed'] as const satisfies readonly JobStatus[];
export type VisibleJobStatus = (typeof visibleJobStatuses)[number];

export type JobItem = {
  id: string;
  kind: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  lastError: string | null;
  updatedAt: number;
};

function toItem(row: Pick<Job, 'id' | 'kind' | 'status' | 'attempts' | 'max_attempts' | 'run_at' | 'last_error' | 'updated_at'>): JobItem {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lastError: row.last_error,
    updatedAt: row.updated_at
  };
}

/** Jobs newest first; payloads stay out, they may carry what admins need not read. */
export async function listJobs(
  db: DB,
  actor: Actor | null,
  query: PageQuery & { status?: VisibleJobStatus }
): Promise<Page<JobItem>> {
  requireAdmin(actor);
  const select = db
    .selectFrom('jobs')
    .select(['id', 'kind', 'status', 'attempts', 'max_attempts', 'run_at', 'last_error', 'updated_at', 'created_at'])
    .where('status', 'in', query.status ? [query.status] : [...visibleJobStatuses]);
  const page = await paginate(select, { columns: ['created_at', 'id'], direction: 'desc' }, query);
  return { items: page.items.map(toItem), nextCursor: page.nextCursor };
}

/** Gives a failed job a fresh set of attempts, starting now. */
export async function retryJob(db: DB, actor: Actor | null, id: string): Promise<void> {
  requireAdmin(actor);
  const at = now();
  const result = await db
    .updateTable('jobs')
    .set({ status: 'pending', attempts: 0, run_at: at, finished_at: null, locked_by: null, locked_until: null, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) return;
  const exists = await db.selectFrom('jobs').select('id').where('id', '=', id).executeTakeFirst();
  throw exists ? conflict('only failed jobs can be retried') : notFound();
}

export async function countJobsByStatus(db: DB): Promise<Record<VisibleJobStatus, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .where('status', 'in', [...visibleJobStatuses])
    .groupBy('status')
    .execute();
  const counts = { pending: 0, running: 0, failed: 0 };
  for (const row of rows) counts[row.status as VisibleJobStatus] = Number(row.count);
  return counts;
}

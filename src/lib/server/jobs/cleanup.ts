// The daily housekeeping job: expired sign-in material and old finished jobs.
import type { DB } from '../db';
import { authDateValue } from '../db/dialect';
import { now } from '../ids';

export const CLEANUP_JOB = 'maintenance.cleanup';
export const DONE_JOBS_KEPT_MS = 30 * 24 * 60 * 60_000;

export async function cleanupExpired(db: DB, at: number = now()): Promise<{ verifications: number; sessions: number; jobs: number }> {
  const moment = authDateValue(db, new Date(at));
  const verifications = await db.deleteFrom('verifications').where('expires_at', '<', moment).executeTakeFirst();
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<', moment).executeTakeFirst();
  const jobs = await db
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('finished_at', '<', at - DONE_JOBS_KEPT_MS)
    .executeTakeFirst();
  return {
    verifications: Number(verifications.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
    jobs: Number(jobs.numDeletedRows)
  };
}

// Cron-like schedules. Each worker enqueues the next run of every schedule with a dedupe key made of
// the schedule's name and the run's time, so any number of workers create that run exactly once.
import { CronExpressionParser } from 'cron-parser';
import type { Executor } from './queue';
import { enqueueJob } from './queue';
import { now } from '../ids';

type Schedule = { name: string; cron: string; kind: string; payload: unknown };

const schedules = new Map<string, Schedule>();

/** Cron expressions are read in UTC so every worker, whatever its machine's zone, agrees. */
export function nextRunAt(cron: string, after: number): number {
  return CronExpressionParser.parse(cron, { currentDate: new Date(after), tz: 'UTC' }).next().getTime();
}

export function registerSchedule(name: string, cronExpression: string, kind: string, payload: unknown = {}): void {
  nextRunAt(cronExpression, now()); // a typo fails at start-up, not at 3 a.m.
  schedules.set(name, { name, cron: cronExpression, kind, payload });
}

export function registeredSchedules(): Schedule[] {
  return [...schedules.values()];
}

/**
 * Makes sure the next run of every schedule is queued. `memo` lets a long-running worker skip the
 * insert when it already queued that run; the dedupe key is what guarantees a single run.
 */
export async function enqueueScheduledRuns(
  db: Executor,
  options: { at?: number; memo?: Map<string, number> } = {}
): Promise<number> {
  const at = options.at ?? now();
  let created = 0;
  for (const schedule of schedules.values()) {
    const runAt = nextRunAt(schedule.cron, at);
    if (options.memo?.get(schedule.name) === runAt) continue;
    const id = await enqueueJob(db, {
      kind: schedule.kind,
      payload: schedule.payload,
      runAt,
      maxAttempts: 3,
      dedupeKey: `${schedule.name}@${new Date(runAt).toISOString()}`
    });
    if (id) created += 1;
    options.memo?.set(schedule.name, runAt);
  }
  return created;
}

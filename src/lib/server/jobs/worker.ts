// The job loop, shared by the web process (WORKER=inline) and `ruche worker`.
import os from 'node:os';
import type { DB } from '../db';
import { db as instanceDb } from '../db';
import { newId } from '../ids';
import { log } from '../log';
import { registerBuiltInJobs } from './handlers';
import { drainJobs as drainDueJobs, recoverExpiredLeases, runDueJobs } from './runner';
import { enqueueScheduledRuns } from './schedule';

/** Runs every job that is due now with the instance's handlers (tests, the CLI, end-to-end runs). */
export async function drainJobs(db: DB): Promise<number> {
  registerBuiltInJobs();
  return drainDueJobs(db);
}

export type WorkerOptions = { db: DB; workerId: string; pollMs?: number; signal: AbortSignal; batch?: number };

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Polls for due jobs until `signal` aborts; the job in progress is finished first. */
export async function startWorker({ db, workerId, pollMs = 1000, signal, batch = 20 }: WorkerOptions): Promise<void> {
  const memo = new Map<string, number>();
  log('worker', { status: 'started', worker: workerId });
  while (!signal.aborted) {
    let ran = 0;
    try {
      await recoverExpiredLeases(db);
      await enqueueScheduledRuns(db, { memo });
      ran = await runDueJobs(db, { workerId, limit: batch, signal });
    } catch (error) {
      // A database hiccup must not kill the loop; the next round tries again.
      log('worker', { status: 'error', worker: workerId, message: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
    }
    if (ran === 0) await pause(pollMs, signal);
  }
  log('worker', { status: 'stopped', worker: workerId });
}

export function workerIdentity(): string {
  return `${os.hostname()}:${process.pid}:${newId().slice(-8)}`;
}

/**
 * Runs the instance's worker until `signal` aborts, or, without a signal, until SIGTERM or SIGINT.
 * Used by `ruche worker` and by the web process when WORKER=inline.
 */
export async function runWorker(options: { signal?: AbortSignal } = {}): Promise<void> {
  registerBuiltInJobs();
  let signal = options.signal;
  let detach = () => {};
  if (!signal) {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    detach = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    };
    signal = controller.signal;
  }
  const pollMs = Number(process.env.WORKER_POLL_MS ?? 1000);
  try {
    await startWorker({ db: instanceDb(), workerId: workerIdentity(), pollMs: pollMs > 0 ? pollMs : 1000, signal });
  } finally {
    detach();
  }
}

// Which code runs each kind of job. Modules register their handlers once, at import time
// (see handlers.ts), so the web process, the CLI worker and the tests all know the same kinds.
import type { DB } from '../db';
import type { Job } from '../db/schema';

export type JobContext = {
  db: DB;
  job: Job;
  /** 1 for the first try. */
  attempt: number;
  isLastAttempt: boolean;
};

export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

export type JobHandlerOptions = {
  /**
   * Called once when the job is given up for good (attempts exhausted, a permanent error, or a
   * lease that expired on the last attempt), so the domain can record the failure on its own row.
   */
  onGiveUp?: (payload: unknown, context: JobContext, reason: string) => Promise<void>;
};

type Registration = { run: JobHandler } & JobHandlerOptions;

const handlers = new Map<string, Registration>();

export function registerJobHandler(kind: string, run: JobHandler, options: JobHandlerOptions = {}): void {
  handlers.set(kind, { run, ...options });
}

/** The kinds this process can run: a worker claims only those, so an older worker never takes a newer kind. */
export function registeredKinds(): string[] {
  return [...handlers.keys()];
}

export function jobHandler(kind: string): Registration | undefined {
  return handlers.get(kind);
}

/** Thrown by a handler when retrying cannot help (bad payload, refused recipient…). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

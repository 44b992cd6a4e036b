// The journal: what happened (a publication written, a call to all, a comment, a mention, an answer
// marked), recorded in the same transaction as the change itself. Notifications and digests fan out
// from here later, idempotently, marking each entry processed; nothing is lost if they fail.
import type { Executor } from '../jobs/queue';
import { newId, now } from '../ids';
import { enqueueJob, releasedOnClaim } from '../jobs/queue';
import { dialectOf } from '../db/dialect';

export type JournalKind =
  | 'post.created'
  | 'post.call_to_all'
  | 'post.edited'
  | 'post.deleted'
  | 'post.moved'
  | 'post.pinned'
  | 'post.unpinned'
  | 'post.locked'
  | 'post.unlocked'
  | 'comment.created'
  | 'mention'
  | 'answer.marked'
  | 'event.created'
  | 'event.changed'
  | 'event.cancelled'
  | 'event.registered'
  | 'event.promoted'
  | 'resource.created'
  | 'initiative.created'
  | 'form.created'
  | 'form.opened'
  | 'form.closed'
  | 'form.deleted'
  | 'form.reminded'
  | 'resource.revised'
  | 'notebook.item_added'
  | 'membership.requested'
  | 'membership.approved'
  | 'proposal.decided';

export type JournalEntry = {
  kind: JournalKind;
  actorId: string | null;
  communityId?: string | null;
  postId?: string | null;
  commentId?: string | null;
  payload?: Record<string, unknown>;
};

/** The job that turns journal entries into notifications (src/lib/server/notifications/fanout.ts). */
export const FANOUT_JOB = 'notifications.fanout';

/** What someone is told about; the rest of the journal feeds digests and dashboards only. */
const notifying = new Set<JournalKind>([
  'comment.created',
  'mention',
  'answer.marked',
  'post.call_to_all',
  'event.changed',
  'event.cancelled',
  'event.promoted',
  'notebook.item_added',
  'membership.requested',
  'membership.approved',
  'form.reminded',
  'proposal.decided'
]);

export async function record(db: Executor, entry: JournalEntry): Promise<void> {
  await db
    .insertInto('journal')
    .values({
      id: newId(),
      kind: entry.kind,
      actor_id: entry.actorId,
      community_id: entry.communityId ?? null,
      post_id: entry.postId ?? null,
      comment_id: entry.commentId ?? null,
      payload: JSON.stringify(entry.payload ?? {}),
      created_at: now(),
      // Nothing to fan out: done as written, so the pending index holds only real work.
      processed_at: notifying.has(entry.kind) ? null : now()
    })
    .execute();
  // A fan-out queued with the entry, so it exists only if the write does. Each run takes everything
  // pending. On SQLite a burst shares one pending run (its key is released when a worker claims it,
  // see jobs/runner.ts): writers take turns there, so an entry either commits before the claim (and
  // that run reads it) or queues a run of its own — and each run spared is two commits, two disk
  // flushes, that posting a comment would otherwise wait behind. On PostgreSQL an entry still being
  // committed while the shared run is claimed and reads would be missed: each entry queues its own.
  if (notifying.has(entry.kind)) {
    await enqueueJob(db, { kind: FANOUT_JOB, dedupeKey: dialectOf(db) === 'sqlite' ? `${releasedOnClaim}${FANOUT_JOB}` : undefined });
  }
}

export function notifies(kind: string): boolean {
  return notifying.has(kind as JournalKind);
}

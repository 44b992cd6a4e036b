// The journal: what happened (a publication written, a call to all, a comment, a mention, an answer
// marked), recorded in the same transaction as the change itself. Notifications and digests fan out
// from here later, idempotently, marking each entry processed; nothing is lost if they fail.
import type { Executor } from '../jobs/queue';
import { newId, now } from '../ids';

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
  | 'resource.revised'
  | 'notebook.item_added';

export type JournalEntry = {
  kind: JournalKind;
  actorId: string | null;
  communityId?: string | null;
  postId?: string | null;
  commentId?: string | null;
  payload?: Record<string, unknown>;
};

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
      processed_at: null
    })
    .execute();
}

// Creating a notification for one member. Callers have already decided that the member may see what
// it points to (fan-out checks access through lib/server/access); this only records it, once per
// source and kind, and tells live listeners after the write is committed.
import type { Executor } from '../jobs/queue';
import { newId, now } from '../ids';
import type { NotificationKind } from '../preferences';

export type NewNotification = {
  userId: string;
  /** The preference kind it belongs to (what the member chose for it). */
  kind: NotificationKind;
  /** Similar notifications share it and show as one group, e.g. `comments:<postId>`. */
  groupKey: string;
  actorId: string | null;
  communityId?: string | null;
  postId?: string | null;
  commentId?: string | null;
  eventId?: string | null;
  resourceId?: string | null;
  conversationId?: string | null;
  /** What it came from (a journal entry, a message): the same source never notifies twice. */
  sourceId: string;
  payload?: Record<string, unknown>;
};

/** Records it; false when it was already there (a retried fan-out). */
export async function notify(db: Executor, notification: NewNotification): Promise<boolean> {
  const result = await db
    .insertInto('notifications')
    .values({
      id: newId(),
      user_id: notification.userId,
      kind: notification.kind,
      group_key: notification.groupKey,
      actor_id: notification.actorId,
      community_id: notification.communityId ?? null,
      post_id: notification.postId ?? null,
      comment_id: notification.commentId ?? null,
      event_id: notification.eventId ?? null,
      resource_id: notification.resourceId ?? null,
      conversation_id: notification.conversationId ?? null,
      source_id: notification.sourceId,
      payload: JSON.stringify(notification.payload ?? {}),
      created_at: now(),
      read_at: null
    })
    .onConflict((oc) => oc.columns(['user_id', 'source_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

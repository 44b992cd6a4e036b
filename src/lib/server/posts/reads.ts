// What each member has read, for their own "new" marks and unread counts — never shown to anyone
// else. A publication's view count is the number of members who opened it at least once.
import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Post } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { now } from '../ids';

/** How stale `read_at` may grow before an unchanged reopening writes it again. */
const readRefreshMs = 60 * 60 * 1000;

/**
 * Opening a publication marks it and its comments read; a first opening counts one view. Reopening
 * one with nothing new writes nothing (at most an hourly refresh of `read_at`): a view must not cost
 * a commit, which under `synchronous=FULL` is a disk flush queued behind every other write.
 */
export async function markRead(db: DB, actor: Actor | null, post: Pick<Post, 'id' | 'comment_count'>): Promise<{ commentsSeen: number; firstView: boolean } | null> {
  if (!actor) return null;
  const known = await seenBy(db, actor.id, post.id);
  if (known && known.comments_seen === post.comment_count && now() - known.read_at < readRefreshMs) {
    return { commentsSeen: known.comments_seen, firstView: false };
  }
  return db.transaction().execute(async (tx) => {
    const before = await seenBy(tx, actor.id, post.id);
    if (!before) await tx.updateTable('posts').set({ view_count: sql`view_count + 1` }).where('id', '=', post.id).execute();
    await tx
      .insertInto('post_reads')
      .values({ user_id: actor.id, post_id: post.id, comments_seen: post.comment_count, read_at: now() })
      .onConflict((oc) => oc.columns(['user_id', 'post_id']).doUpdateSet({ comments_seen: post.comment_count, read_at: now() }))
      .execute();
    return { commentsSeen: before?.comments_seen ?? 0, firstView: !before };
  });
}

function seenBy(db: Executor, userId: string, postId: string) {
  return db.selectFrom('post_reads').select(['comments_seen', 'read_at']).where('user_id', '=', userId).where('post_id', '=', postId).executeTakeFirst();
}

/** The member looked at a community's feed: its unread count starts again from now. */
export async function markVisited(db: DB, actor: Actor | null, communityId: string): Promise<void> {
  if (!actor) return;
  await db
    .insertInto('community_visits')
    .values({ user_id: actor.id, community_id: communityId, visited_at: now() })
    .onConflict((oc) => oc.columns(['user_id', 'community_id']).doUpdateSet({ visited_at: now() }))
    .execute();
}

const unreadCap = 99;

/**
 * For each of the member's communities, how many publications (by others) came or moved since
 * their last visit, or since they joined; counted up to 99, with the index of each community's feed.
 */
export async function unreadCounts(db: DB, actor: Actor | null, communityIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!actor) return counts;
  for (const communityId of communityIds) {
    const since = await db
      .selectFrom('memberships')
      .leftJoin('community_visits', (join) => join.onRef('community_visits.community_id', '=', 'memberships.community_id').on('community_visits.user_id', '=', actor.id))
      .select(['memberships.joined_at', 'community_visits.visited_at'])
      .where('memberships.community_id', '=', communityId)
      .where('memberships.user_id', '=', actor.id)
      .where('memberships.status', '=', 'active')
      .executeTakeFirst();
    if (!since) continue;
    const from = since.visited_at ?? since.joined_at ?? 0;
    const rows = await db
      .selectFrom('post_communities')
      .innerJoin('posts', 'posts.id', 'post_communities.post_id')
      .select('posts.id')
      .where('post_communities.community_id', '=', communityId)
      .where('post_communities.activity_at', '>', from)
      .where('posts.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('posts.author_id', 'is', null), eb('posts.author_id', '!=', actor.id)]))
      .limit(unreadCap)
      .execute();
    counts.set(communityId, rows.length);
  }
  return counts;
}

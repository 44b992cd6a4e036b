// Following a publication: its author and whoever comments follow it by default, unless they chose
// to stop, which a later comment does not undo. Notifications (a later issue) go to its followers.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import { findPost, requireMember } from '../access';
import { notFound } from '../errors';
import { now } from '../ids';

/** Follows by default: does nothing if the member already follows or chose to stop. */
export async function follow(db: Executor, postId: string, userId: string): Promise<void> {
  await db.insertInto('post_follows').values({ post_id: postId, user_id: userId, muted_at: null, created_at: now() }).onConflict((oc) => oc.doNothing()).execute();
}

/** The member's own choice to follow or stop following. */
export async function setFollowing(db: DB, actor: Actor | null, postId: string, following: boolean): Promise<{ following: boolean }> {
  const member = requireMember(actor);
  const { post } = await findPost(db, member, postId);
  if (post.deleted_at !== null) throw notFound();
  const mutedAt = following ? null : now();
  await db
    .insertInto('post_follows')
    .values({ post_id: postId, user_id: member.id, muted_at: mutedAt, created_at: now() })
    .onConflict((oc) => oc.columns(['post_id', 'user_id']).doUpdateSet({ muted_at: mutedAt }))
    .execute();
  return { following };
}

export async function isFollowing(db: DB, actor: Actor | null, postId: string): Promise<boolean> {
  if (!actor) return false;
  const row = await db.selectFrom('post_follows').select('muted_at').where('post_id', '=', postId).where('user_id', '=', actor.id).executeTakeFirst();
  return row !== undefined && row.muted_at === null;
}

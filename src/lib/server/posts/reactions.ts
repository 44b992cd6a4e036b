// Reactions: a small fixed set, one of each per member on a publication or a comment; choosing
// the same one again takes it back.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { assertOnPost, findPost, requireMember } from '../access';
import { invalid, notFound } from '../errors';
import { now } from '../ids';
import { reactionEmojis, reactionSchema } from './schemas';

export type ReactionSummary = { emoji: string; count: number; mine: boolean }[];

export async function toggleReaction(db: DB, actor: Actor | null, postId: string, targetId: string, emoji: string): Promise<{ reacted: boolean }> {
  const member = requireMember(actor);
  const parsed = reactionSchema.safeParse(emoji);
  if (!parsed.success) throw invalid([{ path: 'emoji', message: 'posts.errors.unknown_reaction' }]);
  const relation = await findPost(db, member, postId);
  assertOnPost(member, 'take_part', relation);
  if (targetId !== postId) {
    const comment = await db.selectFrom('comments').select(['id', 'deleted_at']).where('id', '=', targetId).where('post_id', '=', postId).executeTakeFirst();
    if (!comment || comment.deleted_at !== null) throw notFound();
  }
  return db.transaction().execute(async (tx) => {
    const removed = await tx.deleteFrom('reactions').where('target_id', '=', targetId).where('user_id', '=', member.id).where('emoji', '=', parsed.data).executeTakeFirst();
    if (Number(removed.numDeletedRows) > 0) return { reacted: false };
    await tx.insertInto('reactions').values({ post_id: postId, target_id: targetId, user_id: member.id, emoji: parsed.data, created_at: now() }).execute();
    return { reacted: true };
  });
}

/** Counts per publication or comment of one thread, in the fixed order, with the member's own. */
export async function reactionsOf(db: DB, actor: Actor | null, postId: string): Promise<Map<string, ReactionSummary>> {
  const rows = await db
    .selectFrom('reactions')
    .select((eb) => [
      'target_id',
      'emoji',
      eb.fn.countAll<number | string>().as('count'),
      eb.fn.sum<number | string>(eb.case().when('user_id', '=', actor?.id ?? '').then(1).else(0).end()).as('mine')
    ])
    .where('post_id', '=', postId)
    .groupBy(['target_id', 'emoji'])
    .execute();
  const byTarget = new Map<string, Map<string, { count: number; mine: boolean }>>();
  for (const row of rows) {
    const target = byTarget.get(row.target_id) ?? new Map<string, { count: number; mine: boolean }>();
    target.set(row.emoji, { count: Number(row.count), mine: Number(row.mine) > 0 });
    byTarget.set(row.target_id, target);
  }
  const summaries = new Map<string, ReactionSummary>();
  for (const [target, counts] of byTarget) {
    summaries.set(target, reactionEmojis.filter((e) => counts.has(e)).map((emoji) => ({ emoji, ...counts.get(emoji)! })));
  }
  return summaries;
}

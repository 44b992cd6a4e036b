// Row-level helpers shared by the membership changes (joining, decisions, handover, invitations);
// not part of the module's public face.
import type { Actor } from '../auth/actor';
import type { Executor } from '../jobs/queue';
import type { Community } from '../db/schema';
import { forUpdate } from '../db/dialect';
import { notFound } from '../errors';
import { assertCan, type CommunityAction, type Relation } from '../access';

/**
 * Every change to a community's memberships runs in a transaction that starts here: on PostgreSQL
 * the community's row stays locked until it ends, so two animators demoting each other, or two
 * clicks on "Join", are decided one after the other and the checks below cannot be raced.
 */
export async function lockCommunity(trx: Executor, communityId: string): Promise<Community> {
  const community = await forUpdate(trx, trx.selectFrom('communities').selectAll().where('id', '=', communityId)).executeTakeFirst();
  // Deleted since the caller found it: as if it never existed.
  if (!community) throw notFound();
  return community;
}

export function membershipRow(db: Executor, communityId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * Locks the community, then asks again whether the actor may: an animator demoted a moment ago by
 * another animator must not go on to act with the powers they no longer have.
 */
export async function lockAndAssert(trx: Executor, actor: Actor | null, action: CommunityAction, relation: Relation): Promise<void> {
  const community = await lockCommunity(trx, relation.community.id);
  const membership = actor ? ((await membershipRow(trx, community.id, actor.id)) ?? null) : null;
  assertCan(actor, action, { community, membership });
}

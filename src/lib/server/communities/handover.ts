// Handing the animator role to another member, with a note for whoever comes next. The history of
// who animated when is kept for the stewards: the seeds ask that a community survive staff changes.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { assertCan, findCommunity } from '../access';
import { invalid, notFound } from '../errors';
import { now } from '../ids';
import { endTerm, startTerm } from './membership';
import { lockAndAssert, membershipRow } from './rows';

/**
 * The acting animator hands the role to an active member. With `stay`, the giver keeps the role
 * beside the newcomer (a transition period); otherwise they become a plain member.
 */
export async function handOver(
  db: DB,
  actor: Actor | null,
  slug: string,
  input: { toUserId: string; note?: string | null; stay?: boolean }
): Promise<void> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'manage', relation);
  if (input.toUserId === actor!.id) throw invalid([{ path: 'toUserId', message: 'communities.errors.handover_self' }]);
  const { community } = relation;
  const note = input.note?.trim() || null;
  await db.transaction().execute(async (trx) => {
    await lockAndAssert(trx, actor, 'manage', relation);
    const target = await membershipRow(trx, community.id, input.toUserId);
    if (!target || target.status !== 'active') throw notFound();
    const at = now();
    if (target.role !== 'animator') {
      await trx.updateTable('memberships').set({ role: 'animator', updated_at: at }).where('id', '=', target.id).execute();
      await startTerm(trx, community.id, input.toUserId, actor!.id, note);
    }
    // An administrator who is not a member hands over without giving anything up.
    const giver = await membershipRow(trx, community.id, actor!.id);
    if (!input.stay && giver?.status === 'active' && giver.role === 'animator') {
      await trx.updateTable('memberships').set({ role: 'member', updated_at: at }).where('id', '=', giver.id).execute();
      await endTerm(trx, community.id, actor!.id);
    }
  });
}

export type AnimatorTerm = { name: string; startedAt: number; endedAt: number | null; note: string | null; handedBy: string | null };

/** Who animated the community when, newest first: for animators, stewards and administrators. */
export async function animatorHistory(db: DB, actor: Actor | null, slug: string): Promise<AnimatorTerm[]> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'steer', relation);
  return db
    .selectFrom('animator_terms')
    .innerJoin('users as animator', 'animator.id', 'animator_terms.user_id')
    .leftJoin('users as giver', 'giver.id', 'animator_terms.handed_by')
    .select([
      'animator.name as name',
      'animator_terms.started_at as startedAt',
      'animator_terms.ended_at as endedAt',
      'animator_terms.note as note',
      'giver.name as handedBy'
    ])
    .where('animator_terms.community_id', '=', relation.community.id)
    .orderBy('animator_terms.started_at', 'desc')
    .orderBy('animator_terms.id', 'desc')
    .execute();
}

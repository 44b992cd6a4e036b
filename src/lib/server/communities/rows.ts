// Row-level helpers shared by the membership changes (joining, decisions, handover, invitations);
// not part of the module's public face.
import type { Executor } from '../jobs/queue';
import { forUpdate } from '../db/dialect';

/**
 * Every change to a community's memberships runs in a transaction that starts here: on PostgreSQL
 * the community's row stays locked until it ends, so two animators demoting each other, or two
 * clicks on "Join", are decided one after the other and the checks below cannot be raced.
 */
export async function lockCommunity(trx: Executor, communityId: string): Promise<void> {
  await forUpdate(trx, trx.selectFrom('communities').select('id').where('id', '=', communityId)).execute();
}

export function membershipRow(db: Executor, communityId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

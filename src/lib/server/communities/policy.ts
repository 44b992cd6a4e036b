// The instance's rules for new communities, kept in the settings table: who may create one, and
// whether an administrator approves it before it opens.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { requireAdmin } from '../access';
import { now } from '../ids';

export type CommunityPolicy = { creation: 'members' | 'admins'; approval: boolean };

const CREATION = 'communities.creation';
const APPROVAL = 'communities.approval';

export async function readCommunityPolicy(db: DB): Promise<CommunityPolicy> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', [CREATION, APPROVAL]).execute();
  const value = (key: string) => rows.find((row) => row.key === key)?.value;
  return { creation: value(CREATION) === 'admins' ? 'admins' : 'members', approval: value(APPROVAL) === 'on' };
}

export async function saveCommunityPolicy(db: DB, actor: Actor | null, policy: CommunityPolicy): Promise<void> {
  requireAdmin(actor);
  const at = now();
  for (const [key, value] of [
    [CREATION, policy.creation],
    [APPROVAL, policy.approval ? 'on' : 'off']
  ] as const) {
    await db
      .insertInto('settings')
      .values({ key, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
      .execute();
  }
}

/** Whether this member may start a community at all under the instance's rules. */
export function mayCreate(actor: Actor, policy: CommunityPolicy): boolean {
  return actor.role === 'admin' || policy.creation === 'members';
}

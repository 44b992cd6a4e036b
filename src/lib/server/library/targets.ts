// The communities a member may link a resource to: where they may post (active member of an active community).
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { requireMember } from '../access';

export async function libraryTargets(db: DB, actor: Actor | null): Promise<{ slug: string; name: string }[]> {
  const member = requireMember(actor);
  return db
    .selectFrom('communities')
    .innerJoin('memberships', 'memberships.community_id', 'communities.id')
    .select(['communities.slug', 'communities.name'])
    .where('memberships.user_id', '=', member.id)
    .where('memberships.status', '=', 'active')
    .where('communities.status', '=', 'active')
    .orderBy('communities.name')
    .execute();
}

/** The member's own handle, to name them as the first author of what they write. */
export async function ownHandle(db: DB, actor: Actor | null): Promise<string | null> {
  const member = requireMember(actor);
  const row = await db.selectFrom('profiles').select('handle').where('user_id', '=', member.id).executeTakeFirst();
  return row?.handle ?? null;
}

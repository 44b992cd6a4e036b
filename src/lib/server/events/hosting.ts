// The communities an animator may invite to co-host an activity: the other active communities they
// animate (scheduling needs to animate every host, so these are the only ones that would succeed).
import type { Actor } from '../auth/actor';
import type { DB } from '../db';

export async function cohostChoices(db: DB, actor: Actor, exceptSlug: string): Promise<{ slug: string; name: string }[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('communities', 'communities.id', 'memberships.community_id')
    .select(['communities.slug', 'communities.name'])
    .where('memberships.user_id', '=', actor.id)
    .where('memberships.status', '=', 'active')
    .where('memberships.role', '=', 'animator')
    .where('communities.status', '!=', 'archived')
    .where('communities.slug', '!=', exceptSlug)
    .orderBy('communities.name')
    .execute();
}

// What of a community goes out, to pages and to the API. Rows never reach the client: the charter
// and welcome message only for those who may read the community's content.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Community } from '../db/schema';
import { can, findCommunity, type Relation } from '../access';
import { jsonList } from '../text';
import { pictureUrl } from '../http/pictures';

export function presentCommunity(actor: Actor | null, relation: Relation) {
  const { community, membership } = relation;
  const readable = can(actor, 'read_content', relation);
  const active = membership?.status === 'active';
  return {
    id: community.id,
    slug: community.slug,
    name: community.name,
    description: community.summary,
    logoUrl: pictureUrl(`/c/${community.slug}/logo`, community.logo_path),
    visibility: community.visibility,
    joinPolicy: community.join_policy,
    joinQuestion: community.join_question,
    languages: community.languages.split(',') as ('fr' | 'en')[],
    themes: jsonList(community.themes),
    regions: jsonList(community.regions),
    partners: jsonList(community.partners),
    status: community.status,
    createdAt: community.created_at,
    charter: readable
      ? {
          mission: community.mission,
          vision: community.vision,
          values: community.values_text,
          objectives: community.objectives,
          notStatement: community.not_statement
        }
      : null,
    welcomeMessage: can(actor, 'manage', relation) ? community.welcome_message : null,
    viewer: {
      role: active ? membership.role : null,
      status: membership?.status ?? null,
      canJoin: can(actor, 'join', relation),
      canPost: can(actor, 'post', relation),
      canManage: can(actor, 'manage', relation),
      canSteer: can(actor, 'steer', relation),
      /** The in-app welcome, until the new member puts it away (`dismissWelcome`); message null: none written. */
      welcome:
        active && membership.welcome_sent_at && !membership.welcome_seen_at
          ? { message: community.welcome_message, sentAt: membership.welcome_sent_at }
          : null
    }
  };
}

export type CommunityView = ReturnType<typeof presentCommunity>;

/** Presents a list in one extra query for the viewer's memberships, whatever its length. */
export async function presentCommunities(db: DB, actor: Actor | null, communities: Community[]): Promise<CommunityView[]> {
  const ids = communities.map((community) => community.id);
  const memberships =
    actor && ids.length > 0
      ? await db
          .selectFrom('memberships')
          .select(['community_id', 'role', 'status', 'welcome_sent_at', 'welcome_seen_at'])
          .where('user_id', '=', actor.id)
          .where('community_id', 'in', ids)
          .execute()
      : [];
  const byCommunity = new Map(memberships.map(({ community_id, ...membership }) => [community_id, membership]));
  return communities.map((community) => presentCommunity(actor, { community, membership: byCommunity.get(community.id) ?? null }));
}

/** One community as the viewer may see it; not_found when they may not see it at all. */
export async function findCommunityView(db: DB, actor: Actor | null, slug: string): Promise<CommunityView> {
  return presentCommunity(actor, await findCommunity(db, actor, slug));
}

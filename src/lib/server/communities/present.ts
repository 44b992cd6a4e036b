// What of a community goes out, to pages and to the API. Rows never reach the client: the charter
// and welcome message only for those who may read the community's content.
import type { Actor } from '../auth/actor';
import { can, type Relation } from '../access';

function list(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function presentCommunity(actor: Actor | null, relation: Relation) {
  const { community, membership } = relation;
  const readable = can(actor, 'read_content', relation);
  return {
    id: community.id,
    slug: community.slug,
    name: community.name,
    description: community.summary,
    visibility: community.visibility,
    joinPolicy: community.join_policy,
    joinQuestion: community.join_question,
    languages: community.languages.split(',') as ('fr' | 'en')[],
    themes: list(community.themes),
    regions: list(community.regions),
    partners: list(community.partners),
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
      role: membership?.status === 'active' ? membership.role : null,
      status: membership?.status ?? null,
      canJoin: can(actor, 'join', relation),
      canManage: can(actor, 'manage', relation),
      canSteer: can(actor, 'steer', relation)
    }
  };
}

export type CommunityView = ReturnType<typeof presentCommunity>;

// Who sees which field of a member's profile. Each field has its own level, chosen by the member:
// `public` (anyone), `instance` (signed-in members) or `communities` (people who share an active
// community with them). The member and administrators see everything. Lists use the SQL form.
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Database, FieldVisibility } from '../db/schema';

export type ProfileViewer = 'self' | 'admin' | 'co_member' | 'member' | 'anonymous';

/** How the viewer stands to the member whose profile it is. */
export async function viewerOf(db: DB, actor: Actor | null, userId: string): Promise<ProfileViewer> {
  if (!actor) return 'anonymous';
  if (actor.id === userId) return 'self';
  if (actor.role === 'admin') return 'admin';
  const shared = await db
    .selectFrom('memberships as mine')
    .innerJoin('memberships as theirs', 'theirs.community_id', 'mine.community_id')
    .select('mine.id')
    .where('mine.user_id', '=', actor.id)
    .where('mine.status', '=', 'active')
    .where('theirs.user_id', '=', userId)
    .where('theirs.status', '=', 'active')
    .executeTakeFirst();
  return shared ? 'co_member' : 'member';
}

export function canSeeField(viewer: ProfileViewer, level: FieldVisibility): boolean {
  if (viewer === 'self' || viewer === 'admin' || level === 'public') return true;
  if (level === 'instance') return viewer !== 'anonymous';
  return viewer === 'co_member';
}

export type VisibilityColumn =
  | 'profiles.avatar_visibility'
  | 'profiles.organisation_visibility'
  | 'profiles.region_visibility'
  | 'profiles.languages_visibility'
  | 'profiles.expertise_visibility';

/**
 * The SQL form of `canSeeField` for one field of the profiles in a query, so that a filter or a
 * count never uses a value its viewer may not see.
 */
export function fieldVisibleTo(actor: Actor | null, column: VisibilityColumn) {
  return (eb: ExpressionBuilder<Database, 'profiles'>) => {
    if (actor?.role === 'admin') return eb.lit(true);
    if (!actor) return eb(column, '=', 'public');
    return eb.or([
      eb(column, 'in', ['public', 'instance']),
      eb('profiles.user_id', '=', actor.id),
      eb.and([
        eb(column, '=', 'communities'),
        eb.exists(
          eb
            .selectFrom('memberships as mine')
            .innerJoin('memberships as theirs', 'theirs.community_id', 'mine.community_id')
            .select('mine.id')
            .where('mine.user_id', '=', actor.id)
            .where('mine.status', '=', 'active')
            .whereRef('theirs.user_id', '=', 'profiles.user_id')
            .where('theirs.status', '=', 'active')
        )
      ])
    ]);
  };
}

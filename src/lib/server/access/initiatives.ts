// Who may read and change an initiative of the map. Its visibility has the library's levels:
// `public` (anyone), `instance` (anyone signed in), `communities` (active members of a community it
// belongs to) or `authors` (whoever described it). Its author changes it; the animators of one of
// its communities and administrators may also take it down. Lists, the map and search filter in
// SQL with the same rule (whereInitiativeReadableBy); the matrix test checks that both agree.
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Database, Initiative } from '../db/schema';
import { forbidden, notFound } from '../errors';
import { can, membershipOf, type Relation } from './communities';
import { canReadWithVisibility } from './library';

export type InitiativeAction =
  | 'read'
  /** Change what it says, where it is and who may see it: its author. */
  | 'edit'
  /** Delete it: its author, the animators of one of its communities, administrators. */
  | 'moderate';

export type InitiativeRelation = {
  initiative: Initiative;
  /** Its communities as the actor stands to them. */
  communities: Relation[];
};

export function canOnInitiative(actor: Actor | null, action: InitiativeAction, relation: InitiativeRelation): boolean {
  const { initiative, communities } = relation;
  if (initiative.deleted_at !== null) return false;
  const author = actor !== null && initiative.created_by === actor.id;
  if (!canReadWithVisibility(actor, initiative.visibility, author, communities)) return false;
  switch (action) {
    case 'read':
      return true;
    case 'edit':
      return author;
    case 'moderate':
      return author || actor?.role === 'admin' || communities.some((r) => can(actor, 'manage', r));
  }
}

export function assertOnInitiative(actor: Actor | null, action: InitiativeAction, relation: InitiativeRelation): void {
  if (canOnInitiative(actor, action, relation)) return;
  if (!canOnInitiative(actor, 'read', relation)) throw notFound();
  throw forbidden();
}

/** The initiative with its communities; not_found unless the actor may read it. */
export async function findInitiative(db: DB, actor: Actor | null, id: string): Promise<InitiativeRelation> {
  const initiative = await db.selectFrom('initiatives').selectAll().where('id', '=', id).executeTakeFirst();
  if (!initiative) throw notFound();
  const rows = await db
    .selectFrom('initiative_communities')
    .innerJoin('communities', 'communities.id', 'initiative_communities.community_id')
    .selectAll('communities')
    .where('initiative_communities.initiative_id', '=', id)
    .orderBy('initiative_communities.created_at')
    .execute();
  const communities: Relation[] = [];
  for (const community of rows) communities.push({ community, membership: await membershipOf(db, actor, community.id) });
  const relation = { initiative, communities };
  if (!canOnInitiative(actor, 'read', relation)) throw notFound();
  return relation;
}

/** The SQL form of `canOnInitiative(actor, 'read', …)` on a query over `initiatives`. */
export function whereInitiativeReadableBy(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'initiatives'>) => {
    const alive = eb('initiatives.deleted_at', 'is', null);
    if (actor?.role === 'admin') return alive;
    if (!actor) return eb.and([alive, eb('initiatives.visibility', '=', 'public')]);
    return eb.and([
      alive,
      eb.or([
        eb('initiatives.visibility', 'in', ['public', 'instance']),
        eb('initiatives.created_by', '=', actor.id),
        eb.and([
          eb('initiatives.visibility', '=', 'communities'),
          eb.exists(
            eb
              .selectFrom('initiative_communities')
              .innerJoin('memberships', 'memberships.community_id', 'initiative_communities.community_id')
              .innerJoin('communities', 'communities.id', 'initiative_communities.community_id')
              .select('initiative_communities.initiative_id')
              .whereRef('initiative_communities.initiative_id', '=', 'initiatives.id')
              .where('memberships.user_id', '=', actor.id)
              .where('memberships.status', '=', 'active')
              .where('communities.status', '!=', 'pending')
          )
        ])
      ])
    ]);
  };
}

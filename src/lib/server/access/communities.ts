// Who may see and do what in a community. Single decisions go through `can`; lists of communities
// are filtered in SQL by `whereVisibleTo`, with the same rules, so nothing private slips into a list.
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Community, Database, Membership } from '../db/schema';
import { forbidden, notFound } from '../errors';

export type CommunityAction =
  /** Know that it exists: its name, summary and About page. */
  | 'read'
  /** Read what members share in it, and its member list. */
  | 'read_content'
  /** Post, comment, share. */
  | 'post'
  /** Join at once (open) or ask to (on request). */
  | 'join'
  /** Settings, members, invitations, requests, welcome message. */
  | 'manage'
  /** The steering view: dashboards and the history of who animated when. */
  | 'steer'
  /** Archive or bring back from the archive. */
  | 'archive'
  | 'delete';

/**
 * What the viewer is to one community: the membership row, whatever its status, or none. The
 * welcome columns are there when the caller loaded them (findCommunity does), for the in-app welcome.
 */
export type Relation = {
  community: Community;
  membership: (Pick<Membership, 'role' | 'status'> & Partial<Pick<Membership, 'welcome_sent_at' | 'welcome_seen_at'>>) | null;
};

function isActive(relation: Relation): boolean {
  return relation.membership?.status === 'active';
}

function hasRole(relation: Relation, ...roles: Membership['role'][]): boolean {
  return isActive(relation) && roles.includes(relation.membership!.role);
}

export function can(actor: Actor | null, action: CommunityAction, relation: Relation): boolean {
  const { community } = relation;
  const archived = community.status === 'archived';
  // An archived community is read-only for everyone, administrators included (they may reopen it).
  if (archived && (action === 'post' || action === 'manage')) return false;
  // Administrators may do anything else but join: joining follows the community's own rules.
  if (actor?.role === 'admin' && action !== 'join') return true;
  // A community waiting for an administrator's approval exists only for whoever asked for it.
  if (community.status === 'pending') {
    return actor !== null && community.created_by === actor.id && (action === 'read' || action === 'read_content');
  }
  const member = isActive(relation);
  switch (action) {
    case 'read':
      return community.visibility !== 'hidden' || member;
    case 'read_content':
      return community.visibility === 'public' || member;
    case 'post':
      return member && !archived;
    case 'join':
      return (
        actor !== null &&
        !archived &&
        !member &&
        // Banned people stay out; a pending request is not asked twice.
        relation.membership?.status !== 'banned' &&
        relation.membership?.status !== 'pending' &&
        community.visibility !== 'hidden' &&
        community.join_policy !== 'invite'
      );
    case 'manage':
      return hasRole(relation, 'animator') && !archived;
    case 'steer':
      return hasRole(relation, 'animator', 'steward');
    case 'archive':
      return hasRole(relation, 'animator');
    case 'delete':
      return false;
  }
}

/** Throws not_found unless the actor may; a community one may not see answers as a missing one. */
export function assertCan(actor: Actor | null, action: CommunityAction, relation: Relation): void {
  if (!can(actor, action, relation)) {
    // Someone who can see the community but not do this is told so; anyone else learns nothing.
    if (action !== 'read' && can(actor, 'read', relation)) throw forbidden();
    throw notFound();
  }
}

/** The community with this slug and the actor's relation to it, or not_found if they may not see it. */
export async function findCommunity(db: DB, actor: Actor | null, slug: string): Promise<Relation> {
  const community = await db.selectFrom('communities').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!community) throw notFound();
  const relation = { community, membership: await membershipOf(db, actor, community.id) };
  assertCan(actor, 'read', relation);
  return relation;
}

export async function membershipOf(db: DB, actor: Actor | null, communityId: string): Promise<Relation['membership']> {
  if (!actor) return null;
  const row = await db
    .selectFrom('memberships')
    .select(['role', 'status', 'welcome_sent_at', 'welcome_seen_at'])
    .where('community_id', '=', communityId)
    .where('user_id', '=', actor.id)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The SQL form of `can(actor, 'read', …)` for lists of communities: use it in `.where(…)` on a query
 * over `communities`. Change it together with `can`; the matrix test checks that both agree.
 */
export function whereVisibleTo(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'communities'>) => whereCommunity(eb, actor, 'hidden');
}

/**
 * The SQL form of `can(actor, 'read_content', …)`: the communities whose content (members, and later
 * posts, resources, events, files) the actor may read. Every list of content filters through it, e.g.
 * `.where('posts.community_id', 'in', (eb) => eb.selectFrom('communities').select('communities.id').where(whereContentReadableBy(actor)))`.
 */
export function whereContentReadableBy(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'communities'>) => whereCommunity(eb, actor, 'not_public');
}

/** Shared by both filters: `closed` says which communities need an active membership. */
function whereCommunity(eb: ExpressionBuilder<Database, 'communities'>, actor: Actor | null, closed: 'hidden' | 'not_public') {
  if (actor?.role === 'admin') return eb.lit(true);
  const open = closed === 'hidden' ? eb('communities.visibility', '!=', 'hidden') : eb('communities.visibility', '=', 'public');
  const listed = eb.and([eb('communities.status', '!=', 'pending'), open]);
  if (!actor) return listed;
  const activeMember = eb.exists(
    eb
      .selectFrom('memberships')
      .select('memberships.id')
      .whereRef('memberships.community_id', '=', 'communities.id')
      .where('memberships.user_id', '=', actor.id)
      .where('memberships.status', '=', 'active')
  );
  return eb.or([
    listed,
    eb.and([eb('communities.status', '!=', 'pending'), activeMember]),
    // A community waiting for approval exists only for whoever asked for it.
    eb.and([eb('communities.status', '=', 'pending'), eb('communities.created_by', '=', actor.id)])
  ]);
}

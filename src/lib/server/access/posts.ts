// Who may read and act on a publication. A publication lives in every community it is shared into:
// whoever may read the content of one of them may read it; whoever may post in one of them may take
// part. Moderation (pin, lock, move, delete, history) belongs to the animators of the community it
// was written in. Lists filter in SQL with the same rules (wherePostReadableBy), so a private
// publication cannot slip into a feed.
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Database, Post } from '../db/schema';
import { forbidden, notFound } from '../errors';
import { can, membershipOf, whereContentReadableBy, type Relation } from './communities';

export type PostAction =
  | 'read'
  /** Comment and react: a member of one of its communities, while it is open. */
  | 'take_part'
  /** Change or delete it: its author, or a moderator. */
  | 'edit'
  /** Pin, lock, move it; read its history; delete anything in it. */
  | 'moderate'
  /** Read the earlier versions: its author and the moderators. */
  | 'history'
  /** For a question: its author or a moderator picks the answer. */
  | 'mark_answer';

export type PostRelation = {
  post: Post;
  /** Where it was written. */
  home: Relation;
  /** Every community it appears in, the home one included. */
  communities: Relation[];
};

export function canOnPost(actor: Actor | null, action: PostAction, relation: PostRelation): boolean {
  const { post, home, communities } = relation;
  const readable = communities.some((r) => can(actor, 'read_content', r));
  if (!readable) return false;
  const moderator = can(actor, 'manage', home) || (actor?.role === 'admin' && home.community.status !== 'archived');
  // Reading the history is not moderating: it stays open to the home community's animators and to
  // administrators once the community is archived.
  const keeper = moderator || actor?.role === 'admin' || (home.membership?.status === 'active' && home.membership.role === 'animator');
  const author = actor !== null && post.author_id === actor.id;
  const gone = post.deleted_at !== null;
  switch (action) {
    case 'read':
      return true;
    case 'take_part':
      return !gone && post.locked_at === null && communities.some((r) => can(actor, 'post', r));
    case 'edit':
      return !gone && (moderator || (author && communities.some((r) => can(actor, 'post', r))));
    case 'moderate':
      return !gone && moderator;
    case 'history':
      return keeper || author;
    case 'mark_answer':
      return !gone && post.kind === 'question' && (moderator || (author && communities.some((r) => can(actor, 'post', r))));
  }
}

/**
 * The communities of a publication whose content the actor may read: where they may look for people
 * to mention. A member of one community must not learn who belongs to the others it is shared into.
 */
export function communitiesReadBy(actor: Actor | null, relation: PostRelation): string[] {
  return relation.communities.filter((r) => can(actor, 'read_content', r)).map((r) => r.community.id);
}

/** Throws unless the actor may; someone who may read it is told why (locked, not theirs). */
export function assertOnPost(actor: Actor | null, action: PostAction, relation: PostRelation): void {
  if (canOnPost(actor, action, relation)) return;
  if (!canOnPost(actor, 'read', relation)) throw notFound();
  if (relation.post.deleted_at !== null) throw notFound();
  if (action === 'take_part' && relation.post.locked_at !== null) throw forbidden('posts.errors.locked');
  throw forbidden();
}

/** The publication with its communities as the actor stands to them; not_found unless they may read it. */
export async function findPost(db: DB, actor: Actor | null, id: string): Promise<PostRelation> {
  const post = await db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!post) throw notFound();
  const rows = await db
    .selectFrom('post_communities')
    .innerJoin('communities', 'communities.id', 'post_communities.community_id')
    .selectAll('communities')
    .where('post_communities.post_id', '=', id)
    .execute();
  const communities: Relation[] = [];
  for (const community of rows) communities.push({ community, membership: await membershipOf(db, actor, community.id) });
  const home = communities.find((r) => r.community.id === post.community_id);
  if (!home) throw notFound();
  const relation = { post, home, communities };
  if (!canOnPost(actor, 'read', relation)) throw notFound();
  return relation;
}

/**
 * The SQL form of `canOnPost(actor, 'read', …)` on a query over `posts`: one of its communities is
 * readable by the actor. Change it together with canOnPost; the matrix test checks that both agree.
 */
export function wherePostReadableBy(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'posts'>) =>
    eb.exists(
      eb
        .selectFrom('post_communities')
        .innerJoin('communities', 'communities.id', 'post_communities.community_id')
        .select('post_communities.post_id')
        .whereRef('post_communities.post_id', '=', 'posts.id')
        .where(whereContentReadableBy(actor))
    );
}

/**
 * What the home feed shows: publications of the actor's communities, plus (scope `all`) those of
 * public communities. Administrators read everything, yet their feed is the same as anyone's: their
 * communities and the public ones. Always combined with the read rule above.
 */
export function whereInFeed(actor: Actor | null, scope: 'all' | 'mine') {
  return (eb: ExpressionBuilder<Database, 'posts'>) =>
    eb.exists(
      eb
        .selectFrom('post_communities')
        .innerJoin('communities', 'communities.id', 'post_communities.community_id')
        .select('post_communities.post_id')
        .whereRef('post_communities.post_id', '=', 'posts.id')
        .where(whereContentReadableBy(actor))
        .where((inner) => {
          const mine = actor
            ? inner.exists(
                inner
                  .selectFrom('memberships')
                  .select('memberships.id')
                  .whereRef('memberships.community_id', '=', 'communities.id')
                  .where('memberships.user_id', '=', actor.id)
                  .where('memberships.status', '=', 'active')
              )
            : inner.lit(false);
          if (scope === 'mine') return mine;
          return inner.or([inner.and([inner('communities.visibility', '=', 'public'), inner('communities.status', '!=', 'pending')]), mine]);
        })
    );
}

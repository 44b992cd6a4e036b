// What a search may return: each document is readable exactly when the thing it stands for is, by
// the same SQL rules its own lists use (wherePostReadableBy, whereResourceReadableBy…). The rule sits
// in SQL on every candidate before it is shown, so a page of results has no holes and no count or
// cursor says anything about what the viewer may not read.
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Database, SearchKind } from '../db/schema';
import { whereVisibleTo } from './communities';
import { whereEventVisibleTo } from './events';
import { whereInitiativeReadableBy } from './initiatives';
import { whereResourceReadableBy } from './library';
import { whereMessageReaches } from './messages';
import { wherePostReadableBy } from './posts';

type Eb = ExpressionBuilder<Database, 'search_documents'>;

/** Someone with whom the actor shares an active community (the member behind the document). */
function sharesCommunityWith(eb: Eb, actor: Actor) {
  return eb.exists(
    eb
      .selectFrom('memberships as mine')
      .innerJoin('memberships as theirs', 'theirs.community_id', 'mine.community_id')
      .select('mine.id')
      .where('mine.user_id', '=', actor.id)
      .where('mine.status', '=', 'active')
      .whereRef('theirs.user_id', '=', 'search_documents.object_id')
      .where('theirs.status', '=', 'active')
  );
}

/**
 * A member's two documents: the full one for themselves, administrators and co-members, the one
 * with what signed-in members may see for everyone else signed in. Visitors find no member, as
 * the directory shows them none.
 */
function memberReadableBy(eb: Eb, actor: Actor | null) {
  if (!actor) return eb.lit(false);
  if (actor.role === 'admin') return eb('search_documents.level', '=', 'communities');
  const close = eb.or([eb('search_documents.object_id', '=', actor.id), sharesCommunityWith(eb, actor)]);
  return eb.or([eb.and([eb('search_documents.level', '=', 'communities'), close]), eb.and([eb('search_documents.level', '=', 'instance'), eb.not(close)])]);
}

/** The rule for the documents of one kind, on their `search_documents` row. */
const readableOfKind: Record<SearchKind, (eb: Eb, actor: Actor | null) => Expression<SqlBool>> = {
  post: (eb, actor) =>
    eb.exists(eb.selectFrom('posts').select('posts.id').whereRef('posts.id', '=', 'search_documents.object_id').where('posts.deleted_at', 'is', null).where(wherePostReadableBy(actor))),
  comment: (eb, actor) =>
    eb.exists(
      eb
        .selectFrom('comments')
        .innerJoin('posts', 'posts.id', 'comments.post_id')
        .select('comments.id')
        .whereRef('comments.id', '=', 'search_documents.object_id')
        .where('comments.deleted_at', 'is', null)
        .where('posts.deleted_at', 'is', null)
        .where(wherePostReadableBy(actor))
    ),
  resource: (eb, actor) => eb.exists(eb.selectFrom('resources').select('resources.id').whereRef('resources.id', '=', 'search_documents.object_id').where(whereResourceReadableBy(actor))),
  event: (eb, actor) => eb.exists(eb.selectFrom('events').select('events.id').whereRef('events.id', '=', 'search_documents.object_id').where(whereEventVisibleTo(actor))),
  community: (eb, actor) => eb.exists(eb.selectFrom('communities').select('communities.id').whereRef('communities.id', '=', 'search_documents.object_id').where(whereVisibleTo(actor))),
  initiative: (eb, actor) =>
    eb.exists(eb.selectFrom('initiatives').select('initiatives.id').whereRef('initiatives.id', '=', 'search_documents.object_id').where(whereInitiativeReadableBy(actor))),
  member: (eb, actor) => memberReadableBy(eb, actor),
  message: (eb, actor) => (actor ? messageReadableBy(eb, actor) : eb.lit(false))
};

const searchKinds = Object.keys(readableOfKind) as SearchKind[];

/** The SQL form of "the actor may read what this search document stands for". */
export function whereSearchDocumentReadableBy(actor: Actor | null) {
  return (eb: Eb) => eb.or(searchKinds.map((kind) => eb.and([eb('search_documents.kind', '=', kind), readableOfKind[kind](eb, actor)])));
}

/**
 * The same rule for the documents of one kind only: a plain condition the planner can turn into a
 * join (PostgreSQL plans the OR of every kind's EXISTS as subplans that may hash a whole table).
 */
export function whereSearchDocumentOfKindReadableBy(actor: Actor | null, kind: SearchKind) {
  return (eb: Eb) => eb.and([eb('search_documents.kind', '=', kind), readableOfKind[kind](eb, actor)]);
}

/** A message of a conversation the actor is in (or was in, up to when they left), that reaches them. */
function messageReadableBy(eb: Eb, actor: Actor) {
  return eb.exists(
    eb
      .selectFrom('messages')
      .innerJoin('conversation_members as cm', 'cm.conversation_id', 'messages.conversation_id')
      .select('messages.id')
      .whereRef('messages.id', '=', 'search_documents.object_id')
      .where('cm.user_id', '=', actor.id)
      .where((inner) => inner.or([inner('cm.left_at', 'is', null), inner('messages.created_at', '<=', inner.ref('cm.left_at'))]))
      .where(whereMessageReaches(actor.id))
  );
}

/**
 * Restricts a search to one community the actor may see: its publications (and their comments),
 * resources, activities and itself, and its members only when the actor may read its member list.
 */
export function whereSearchDocumentIn(actor: Actor | null, communityId: string, membersReadable: boolean) {
  return (eb: Eb) =>
    eb.or([
      eb.and([
        eb('search_documents.kind', '=', 'post'),
        eb.exists(
          eb.selectFrom('post_communities').select('post_communities.post_id').whereRef('post_communities.post_id', '=', 'search_documents.object_id').where('post_communities.community_id', '=', communityId)
        )
      ]),
      eb.and([
        eb('search_documents.kind', '=', 'comment'),
        eb.exists(
          eb.selectFrom('post_communities').select('post_communities.post_id').whereRef('post_communities.post_id', '=', 'search_documents.parent_id').where('post_communities.community_id', '=', communityId)
        )
      ]),
      eb.and([
        eb('search_documents.kind', '=', 'resource'),
        eb.exists(
          eb
            .selectFrom('resource_communities')
            .select('resource_communities.resource_id')
            .whereRef('resource_communities.resource_id', '=', 'search_documents.object_id')
            .where('resource_communities.community_id', '=', communityId)
        )
      ]),
      eb.and([
        eb('search_documents.kind', '=', 'event'),
        eb.exists(
          eb.selectFrom('event_communities').select('event_communities.event_id').whereRef('event_communities.event_id', '=', 'search_documents.object_id').where('event_communities.community_id', '=', communityId)
        )
      ]),
      eb.and([
        eb('search_documents.kind', '=', 'initiative'),
        eb.exists(
          eb
            .selectFrom('initiative_communities')
            .select('initiative_communities.initiative_id')
            .whereRef('initiative_communities.initiative_id', '=', 'search_documents.object_id')
            .where('initiative_communities.community_id', '=', communityId)
        )
      ]),
      eb.and([eb('search_documents.kind', '=', 'community'), eb('search_documents.object_id', '=', communityId)]),
      membersReadable
        ? eb.and([
            eb('search_documents.kind', '=', 'member'),
            eb.exists(
              eb
                .selectFrom('memberships')
                .select('memberships.id')
                .whereRef('memberships.user_id', '=', 'search_documents.object_id')
                .where('memberships.community_id', '=', communityId)
                .where('memberships.status', '=', 'active')
            )
          ])
        : eb.lit(false)
    ]);
}

// Lists of publications: the home feed (my communities plus public ones), a community's feed with
// its filters, a tag across the instance. Each is one keyset-paginated query, filtered in SQL by the
// access module and walked along an index, so its cost does not grow with the number of publications.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { PostKind, ProposalStatus } from '../db/schema';
import { assertCan, findCommunity, whereContentReadableBy, whereInFeed, wherePostReadableBy } from '../access';
import { encodeCursor, paginate, type Page, type PageQuery } from '../api/pagination';
import { avatarUrlOf, visibleAvatar } from '../communities/membership';
import { excerpt } from './content';
import { normaliseTag } from '../markdown';
import type { CommunityFeedQuery, FeedQuery } from './schemas';
import { pollsOf, type PollView } from '../polls';

export type PersonRef = { id: string; name: string; handle: string | null; avatarUrl: string | null };

export type FeedItem = {
  id: string;
  kind: PostKind;
  title: string;
  excerpt: string;
  language: 'fr' | 'en';
  author: PersonRef | null;
  community: { slug: string; name: string } | null;
  createdAt: number;
  activityAt: number;
  edited: boolean;
  commentCount: number;
  viewCount: number;
  pinned: boolean;
  locked: boolean;
  answered: boolean;
  hasLink: boolean;
  tags: string[];
  /** For the member: never opened, or how many comments came since they last read it. */
  unread: { new: boolean; comments: number } | null;
  /** For a topic proposal: where it stands and how many support it. */
  proposal: { status: ProposalStatus; supportCount: number } | null;
  /** The poll it carries, its counts hidden unless the reader may see them. */
  poll: PollView | null;
};

function baseQuery(db: DB, actor: Actor | null) {
  return db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .leftJoin('profiles', 'profiles.user_id', 'posts.author_id')
    .select([
      'posts.id as id',
      'posts.kind as kind',
      'posts.title as title',
      'posts.body as body',
      'posts.language as language',
      'posts.community_id as community_id',
      'posts.author_id as author_id',
      'users.name as author_name',
      'profiles.handle as author_handle',
      'posts.created_at as created_at',
      'posts.activity_at as activity_at',
      'posts.edited_at as edited_at',
      'posts.comment_count as comment_count',
      'posts.view_count as view_count',
      'posts.pinned_at as pinned_at',
      'posts.locked_at as locked_at',
      'posts.answer_id as answer_id',
      'posts.link_url as link_url'
    ])
    .select((eb) => visibleAvatar(actor)(eb as never))
    .where('posts.deleted_at', 'is', null)
    .where(wherePostReadableBy(actor));
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** Feeds show each publication in its own community, or the first one the reader may read. */
async function present(db: DB, actor: Actor | null, rows: Row[]): Promise<FeedItem[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const places = await db
    .selectFrom('post_communities')
    .innerJoin('communities', 'communities.id', 'post_communities.community_id')
    .select(['post_communities.post_id', 'communities.id', 'communities.slug', 'communities.name'])
    .where('post_communities.post_id', 'in', ids)
    .where(whereContentReadableBy(actor))
    .execute();
  const tags = await db.selectFrom('post_tags').select(['post_id', 'tag']).where('post_id', 'in', ids).orderBy('tag').execute();
  // Read apart, and only when the page has proposals, so the feed's own query keeps its plan.
  const proposalIds = rows.filter((r) => r.kind === 'proposal').map((r) => r.id);
  const proposals = proposalIds.length ? await db.selectFrom('proposals').select(['post_id', 'status', 'support_count']).where('post_id', 'in', proposalIds).execute() : [];
  const polls = await pollsOf(db, actor, ids);
  const reads = actor
    ? await db.selectFrom('post_reads').select(['post_id', 'comments_seen']).where('user_id', '=', actor.id).where('post_id', 'in', ids).execute()
    : [];
  return rows.map((row) => {
    const mine = places.filter((p) => p.post_id === row.id);
    const place = mine.find((p) => p.id === row.community_id) ?? mine[0];
    const read = reads.find((r) => r.post_id === row.id);
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      excerpt: excerpt(row.body),
      language: row.language,
      author: row.author_id && row.author_name ? { id: row.author_id, name: row.author_name, handle: row.author_handle, avatarUrl: avatarUrlOf(row.author_handle, row.avatarPath) } : null,
      community: place ? { slug: place.slug, name: place.name } : null,
      createdAt: row.created_at,
      activityAt: row.activity_at,
      edited: row.edited_at !== null,
      commentCount: row.comment_count,
      viewCount: row.view_count,
      pinned: row.pinned_at !== null,
      locked: row.locked_at !== null,
      answered: row.answer_id !== null,
      hasLink: row.link_url !== null,
      tags: tags.filter((t) => t.post_id === row.id).map((t) => t.tag),
      unread:
        actor && row.author_id !== actor.id
          ? { new: read === undefined, comments: read ? Math.max(0, row.comment_count - read.comments_seen) : 0 }
          : null,
      proposal: ((p) => (p ? { status: p.status, supportCount: p.support_count } : null))(proposals.find((p) => p.post_id === row.id)),
      poll: polls.get(row.id) ?? null
    };
  });
}

const keysets = {
  activity: { columns: ['posts.activity_at', 'posts.id'], direction: 'desc' },
  newest: { columns: ['posts.created_at', 'posts.id'], direction: 'desc' }
} as const;

/** Up to this many communities, "mine" reads each one's own index and merges them. */
const mergeUpTo = 12;

/**
 * The home feed: my communities' publications, plus public ones unless `scope` is `mine`.
 * "All" walks the instance's activity index, filtered as it goes: public and member rows are dense,
 * so a page is found after a few dozen rows. "Mine" for a member of a few communities would walk
 * the whole instance to find their rare rows; it reads each community's own index instead.
 */
export async function homeFeed(db: DB, actor: Actor | null, query: FeedQuery, page: PageQuery): Promise<Page<FeedItem>> {
  const scope = actor ? query.scope : 'all';
  const merged = actor && scope === 'mine' ? await mergedFeed(db, actor, query.order, page) : null;
  const result = merged ?? (await paginate(baseQuery(db, actor).where(whereInFeed(actor, scope)), keysets[query.order], page));
  return { items: await present(db, actor, result.items), nextCursor: result.nextCursor };
}

/**
 * One keyset page per community the member reads (each a short walk of `post_communities`' index),
 * merged: a publication shared into two of them counts once. Cursors are those of the single-query
 * feed (the same key values), so either path continues the other's pages. Null past `mergeUpTo`.
 */
async function mergedFeed(db: DB, actor: Actor, order: FeedQuery['order'], page: PageQuery): Promise<Page<Row> | null> {
  const communities = await db
    .selectFrom('memberships')
    .innerJoin('communities', 'communities.id', 'memberships.community_id')
    .select('communities.id')
    .where('memberships.user_id', '=', actor.id)
    .where('memberships.status', '=', 'active')
    .where(whereContentReadableBy(actor))
    .limit(mergeUpTo + 1)
    .execute();
  if (communities.length > mergeUpTo) return null;
  const key = order === 'newest' ? 'created_at' : 'activity_at';
  const pages = await Promise.all(
    communities.map(({ id }) =>
      paginate(
        baseQuery(db, actor).innerJoin('post_communities as pc', 'pc.post_id', 'posts.id').select('pc.post_id as post_id').where('pc.community_id', '=', id),
        { columns: [`pc.${key}`, 'pc.post_id'], direction: 'desc' },
        page
      )
    )
  );
  const byId = new Map<string, Row>();
  for (const row of pages.flatMap((p) => p.items)) byId.set(row.id, row);
  const rows = [...byId.values()].sort((a, b) => b[key] - a[key] || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  const more = rows.length > page.limit || pages.some((p) => p.nextCursor !== null);
  return { items, nextCursor: more && last ? encodeCursor([last[key], last.id]) : null };
}

/**
 * A community's feed: everything shared into it, newest activity first, filtered by kind, tag or
 * unanswered questions. Walks the community's own index (post_communities), not all publications.
 */
export async function communityFeed(db: DB, actor: Actor | null, slug: string, query: CommunityFeedQuery, page: PageQuery): Promise<Page<FeedItem> & { pinned: FeedItem[] }> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'read_content', relation);
  const communityId = relation.community.id;
  let q = baseQuery(db, actor)
    .innerJoin('post_communities as pc', 'pc.post_id', 'posts.id')
    // The keyset reads activity_at and created_at from the row: the copies in pc are kept equal.
    .select('pc.post_id as post_id')
    .where('pc.community_id', '=', communityId);
  if (query.kind) q = q.where('posts.kind', '=', query.kind);
  if (query.unanswered) q = q.where('posts.kind', '=', 'question').where('posts.answer_id', 'is', null);
  if (query.tag) {
    const tag = normaliseTag(query.tag);
    q = q.where((eb) => eb.exists(eb.selectFrom('post_tags').select('post_tags.post_id').whereRef('post_tags.post_id', '=', 'posts.id').where('post_tags.tag', '=', tag)));
  }
  const filtered = Boolean(query.kind || query.unanswered || query.tag);
  // Pinned publications sit above the feed; with a filter they stay in it instead.
  // Found from the few pinned rows (a partial index), not by walking the community's feed.
  const pinned =
    filtered || page.cursor
      ? []
      : await baseQuery(db, actor)
          .select('posts.id as post_id')
          .where('posts.pinned_at', 'is not', null)
          .where((eb) => eb.exists(eb.selectFrom('post_communities').select('post_communities.post_id').whereRef('post_communities.post_id', '=', 'posts.id').where('post_communities.community_id', '=', communityId)))
          .orderBy('posts.pinned_at', 'desc')
          .limit(10)
          .execute();
  if (!filtered) q = q.where('posts.pinned_at', 'is', null);
  const keyset = query.order === 'newest' ? { columns: ['pc.created_at', 'pc.post_id'], direction: 'desc' as const } : { columns: ['pc.activity_at', 'pc.post_id'], direction: 'desc' as const };
  const result = await paginate(q, keyset, page);
  return { items: await present(db, actor, result.items), nextCursor: result.nextCursor, pinned: await present(db, actor, pinned) };
}

/** A tag across every community the reader may read, newest activity first. */
export async function tagFeed(db: DB, actor: Actor | null, rawTag: string, page: PageQuery): Promise<Page<FeedItem> & { tag: string }> {
  const tag = normaliseTag(rawTag);
  const q = baseQuery(db, actor).where((eb) =>
    eb.exists(eb.selectFrom('post_tags').select('post_tags.post_id').whereRef('post_tags.post_id', '=', 'posts.id').where('post_tags.tag', '=', tag))
  );
  const result = await paginate(q, keysets.activity, page);
  return { tag, items: await present(db, actor, result.items), nextCursor: result.nextCursor };
}

// Searching: the query read (query.ts), matched by the database's engine (engines.ts), restricted to
// what the viewer may read inside the same SQL (access/search.ts), ranked by relevance blended with
// recency (accepted answers first) or by date, paginated by keyset, then each hit presented with
// its highlighted excerpt.
import { z } from 'zod';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { DateTime } from 'luxon';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { dialectOf } from '../db/dialect';
import type { SearchKind } from '../db/schema';
import { can, findCommunity, whereContentReadableBy, whereSearchDocumentIn, whereSearchDocumentOfKindReadableBy, whereSearchDocumentReadableBy, viewerOf } from '../access';
import { decodeCursor, encodeCursor, pageLimits } from '../api/pagination';
import { config } from '../config';
import { loadProfile, presentProfile } from '../profiles';
import { plainText } from '../posts/content';
import { ftsExpression, tsQueries } from './engines';
import { highlightAll, highlightExcerpt } from './highlight';
import { isEmpty, parseQuery, type ParsedQuery } from './query';
import type { Language } from './analyse';

/** The filter names, as the page and the API take them, and the kinds they stand for. */
export const searchTypes = ['posts', 'comments', 'resources', 'events', 'initiatives', 'members', 'communities', 'messages'] as const;
export type SearchType = (typeof searchTypes)[number];
const kindOf: Record<SearchType, SearchKind> = {
  posts: 'post',
  comments: 'comment',
  resources: 'resource',
  events: 'event',
  initiatives: 'initiative',
  members: 'member',
  communities: 'community',
  messages: 'message'
};

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'search.errors.date')
  .refine((value) => DateTime.fromISO(value).isValid, 'search.errors.date');

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const searchQuery = z.object({
  q: z.string().max(20_000, 'search.errors.too_long').default('').describe('What to look for: words (all of them), "a phrase", -excluded; the last word also matches as a prefix'),
  type: z.preprocess(emptyToUndefined, z.enum(searchTypes).optional()).describe('Only this kind of result; `messages` searches the caller’s own conversations, which are never mixed with the rest'),
  community: z.preprocess(emptyToUndefined, z.string().max(100).optional()).describe('A community’s slug: only what belongs to it'),
  language: z.preprocess(emptyToUndefined, z.enum(['fr', 'en']).optional()).describe('Only content written in this language'),
  from: z.preprocess(emptyToUndefined, day.optional()).describe('Written (or, for an activity, taking place) on or after this day, YYYY-MM-DD'),
  to: z.preprocess(emptyToUndefined, day.optional()).describe('On or before this day, YYYY-MM-DD'),
  sort: z.preprocess(emptyToUndefined, z.enum(['relevance', 'newest']).default('relevance')),
  cursor: z.string().max(500).optional().describe('Opaque cursor from the previous page’s nextCursor'),
  limit: z.coerce.number().int().min(1).max(50).default(pageLimits.default)
});
export type SearchQuery = z.output<typeof searchQuery>;

export type SearchHit = {
  type: SearchKind;
  id: string;
  url: string;
  title: string;
  /** The title, escaped, matching words in <mark>. */
  titleHtml: string;
  /** Part of the text around the first match, escaped, matching words in <mark>. */
  excerptHtml: string;
  community: { slug: string; name: string } | null;
  author: { handle: string; name: string } | null;
  at: number;
  language: Language | null;
  /** A question that has an accepted answer, or that answer. */
  answered: boolean;
  /** For a publication: discussion, question, case… */
  postKind: string | null;
};

export type SearchResult = {
  items: SearchHit[];
  nextCursor: string | null;
  /** Why the query was read differently from what was typed (only common words, too long…). */
  notes: ParsedQuery['notes'];
  /** True when nothing was left to look for. */
  empty: boolean;
};

const yearMs = 365.25 * 24 * 3600 * 1000;
/** Candidates ranked before the access rule runs on them; each further batch is four times larger. */
const firstBatch = 50;
/**
 * Relevance is computed over the newest matches a window at a time: a word found in 100,000 documents
 * costs the same as one found in 2,000, and the older ones come in the next windows. (Tests narrow it.)
 */
export const ranking = { window: 1000 };
/** Above every seq: the first window's upper bound. */
const noUpper = Number.MAX_SAFE_INTEGER;

function dayBounds(query: SearchQuery, actor: Actor | null): { from: number | null; to: number | null } {
  const zone = actor?.timeZone ?? config().timeZone;
  return {
    from: query.from ? DateTime.fromISO(query.from, { zone }).startOf('day').toMillis() : null,
    to: query.to ? DateTime.fromISO(query.to, { zone }).endOf('day').toMillis() : null
  };
}

export async function search(db: DB, actor: Actor | null, raw: unknown): Promise<SearchResult> {
  const query = searchQuery.parse(raw, { reportInput: true });
  const parsed = parseQuery(query.q);
  if (isEmpty(parsed)) return { items: [], nextCursor: null, notes: parsed.notes, empty: true };
  const newest = query.sort === 'newest';
  // The cursor: the last hit's score and seq, the moment the first page was ranked at (so that
  // recency, and so the order, stays the same from page to page) and the upper bound of its window.
  const cursor = query.cursor ? decodeCursor(query.cursor, 4).map(Number) : null;
  const rankedAt = cursor ? cursor[2]! : Date.now();

  let community: { id: string; membersReadable: boolean } | null = null;
  if (query.community) {
    const relation = await findCommunity(db, actor, query.community);
    community = { id: relation.community.id, membersReadable: can(actor, 'read_content', relation) };
  }
  const kinds: SearchKind[] = query.type ? [kindOf[query.type]] : searchTypes.filter((t) => t !== 'messages').map((t) => kindOf[t]);
  const filters: Filters = { kinds, language: query.language ?? null, ...dayBounds(query, actor) };

  // Ranked first, then kept only where the actor may read, a batch of candidates at a time, in SQL,
  // until the page is full: the access rule then runs on a few hundred rows instead of every match,
  // and a page still has no holes (a reader who may read little only costs more batches).
  const readable = async (candidates: Hit[]) => {
    const kinds = [...new Set(candidates.map((c) => c.kind))];
    // One statement per kind among the candidates, each a plain join through that kind's own rule.
    const allowed = await Promise.all(
      kinds.map((kind) => {
        let rule = db
          .selectFrom('search_documents')
          .select('search_documents.seq')
          .where('search_documents.seq', 'in', candidates.filter((c) => c.kind === kind).map((c) => c.seq))
          .where(whereSearchDocumentOfKindReadableBy(actor, kind));
        if (community) rule = rule.where(whereSearchDocumentIn(actor, community.id, community.membersReadable));
        return rule.execute();
      })
    );
    const seqs = new Set(allowed.flat().map((r) => Number(r.seq)));
    return candidates.filter((c) => seqs.has(Number(c.seq)));
  };
  const rows: (Hit & { upper: number })[] = [];
  if (newest) {
    // By date: the engines walk the matches downwards by seq, which follows the date, and stop.
    let below = cursor ? cursor[1]! : noUpper;
    for (let batch = firstBatch; rows.length <= query.limit; batch *= 4) {
      const candidates = await newestMatches(db, parsed, filters, below).select(sql<number>`0`.as('score')).limit(batch).execute();
      rows.push(...(await readable(candidates)).map((hit) => ({ ...hit, upper: noUpper })));
      if (candidates.length < batch) break;
      below = Number(candidates.at(-1)!.seq);
    }
  } else {
    // By relevance, window by window: within the newest matches below `upper`, by score.
    let upper = cursor ? cursor[3]! : noUpper;
    let after: [number, number] | null = cursor ? [cursor[0]!, cursor[1]!] : null;
    let batch = firstBatch;
    while (rows.length <= query.limit) {
      let page = db.selectFrom(rankedWindow(db, parsed, filters, upper, ranking.window, rankedAt).as('hits')).selectAll();
      if (after) {
        const [score, seq] = after;
        page = page.where((eb) => eb.or([eb('hits.score', '<', score), eb.and([eb('hits.score', '=', score), eb('hits.seq', '<', seq)])]));
      }
      const candidates = await page.orderBy('hits.score', 'desc').orderBy('hits.seq', 'desc').limit(batch).execute();
      const windowUpper = upper;
      rows.push(...(await readable(candidates)).map((hit) => ({ ...hit, upper: windowUpper })));
      if (candidates.length === batch) {
        const last = candidates.at(-1)!;
        after = [Number(last.score), Number(last.seq)];
        batch *= 4;
        continue;
      }
      // This window is done: the next one, if it was full.
      const { count, lowest } = await db
        .selectFrom(newestMatches(db, parsed, filters, upper).limit(ranking.window).as('w'))
        .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('w.seq').as('lowest')])
        .executeTakeFirstOrThrow();
      if (Number(count) < ranking.window || lowest === null) break;
      upper = Number(lowest);
      after = null;
    }
  }
  const more = rows.length > query.limit;
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  const nextCursor = more && last ? encodeCursor([Number(last.score), Number(last.seq), rankedAt, last.upper]) : null;
  const items = await present(db, actor, shown, parsed);
  return { items, nextCursor, notes: parsed.notes, empty: false };
}

/**
 * The newest documents of these kinds that match the query and that the actor may read, at most
 * `ranking.window` of them, with their score (relevance × boost × recency at `rankedAt`): a query to
 * rank or group further ("who can help me?").
 */
export function matchedDocuments(db: DB, actor: Actor | null, parsed: ParsedQuery, kinds: SearchKind[], rankedAt: number) {
  return rankedWindow(db, parsed, { kinds, language: null, from: null, to: null }, noUpper, ranking.window, rankedAt, actor);
}

/** Every document of these kinds that matches and that the actor may read, newest first (to count them). */
export function readableMatches(db: DB, actor: Actor | null, parsed: ParsedQuery, kinds: SearchKind[]) {
  return newestMatches(db, parsed, { kinds, language: null, from: null, to: null }, noUpper, actor);
}

type Filters = { kinds: SearchKind[]; language: 'fr' | 'en' | null; from: number | null; to: number | null };

/**
 * The documents that match, below the seq `below`, newest first: never shown as they are, only ranked
 * and then filtered (see search). With an actor, only those the actor may read. On SQLite FTS5 walks
 * the index's rowids downwards (they are the seqs) and stops at the caller's LIMIT.
 */
function newestMatches(db: DB, parsed: ParsedQuery, filters: Filters, below: number, actor?: Actor | null) {
  let matched;
  let seq;
  if (dialectOf(db) === 'postgres') {
    const ts = tsQueries(parsed);
    matched = db.selectFrom('search_documents');
    if (ts.stems) matched = matched.where(sql<SqlBool>`search_documents.stems @@ ${ts.stems}::tsquery`);
    if (ts.words) matched = matched.where(sql<SqlBool>`search_documents.words @@ ${ts.words}::tsquery`);
    for (const typing of ts.typing) {
      matched = matched.where(
        typing.stems
          ? sql<SqlBool>`(search_documents.stems @@ ${typing.stems}::tsquery OR search_documents.words @@ ${typing.prefix}::tsquery)`
          : sql<SqlBool>`search_documents.words @@ ${typing.prefix}::tsquery`
      );
    }
    seq = sql<number>`search_documents.seq`;
  } else {
    matched = db
      .selectFrom('search_index')
      .innerJoin('search_documents', 'search_documents.seq', 'search_index.rowid')
      .where(sql<SqlBool>`search_index MATCH ${ftsExpression(parsed)}`);
    seq = sql<number>`search_index.rowid`;
  }
  matched = matched.where('search_documents.kind', 'in', filters.kinds).where(sql<SqlBool>`${seq} < ${below}`);
  if (filters.language) matched = matched.where('search_documents.language', '=', filters.language);
  if (filters.from !== null) matched = matched.where('search_documents.at', '>=', filters.from);
  if (filters.to !== null) matched = matched.where('search_documents.at', '<=', filters.to);
  if (actor !== undefined) matched = matched.where(whereSearchDocumentReadableBy(actor));
  return matched
    .select(['search_documents.seq as seq', 'search_documents.kind as kind', 'search_documents.object_id as object_id', 'search_documents.parent_id as parent_id', 'search_documents.at as at', 'search_documents.language as language', 'search_documents.boost as boost'])
    .orderBy(seq, 'desc');
}

/** Blends relevance with the accepted-answer boost and recency at `rankedAt`. */
const blended = (relevance: RawBuilder<unknown>, table: string, rankedAt: number) =>
  sql<number>`(${relevance}) * (1.0 + 0.5 * ${sql.ref(`${table}.boost`)}) / (1.0 + (${rankedAt} - ${sql.ref(`${table}.at`)}) / ${yearMs})`;

/**
 * The newest `size` matches below `upper`, each with its score: relevance is computed for them only.
 * Both engines produce the window in seq order from their index (FTS5's rowids, PostgreSQL's primary
 * key walked backwards) and stop at the limit, so the score, in the same statement, runs per row kept.
 */
function rankedWindow(db: DB, parsed: ParsedQuery, filters: Filters, upper: number, size: number, rankedAt: number, actor?: Actor | null) {
  let relevance;
  if (dialectOf(db) === 'sqlite') {
    // bm25() belongs to the statement that MATCHes.
    relevance = sql`-bm25(search_index, 4.0, 1.0, 1.0)`;
  } else {
    const ts = tsQueries(parsed);
    const parts = [];
    if (ts.stemsRank) parts.push(sql`ts_rank_cd(search_documents.stems, ${ts.stemsRank}::tsquery)`);
    if (ts.wordsRank) parts.push(sql`0.5 * ts_rank_cd(search_documents.words, ${ts.wordsRank}::tsquery)`);
    relevance = parts.length ? sql.join(parts, sql` + `) : sql`0`;
  }
  return newestMatches(db, parsed, filters, upper, actor).select(blended(relevance, 'search_documents', rankedAt).as('score')).limit(size);
}

type Hit = { seq: number; kind: SearchKind; object_id: string; parent_id: string | null; at: number; language: string | null; boost: number; score: number };

type Row = { kind: SearchKind; object_id: string; parent_id: string | null; at: number; language: string | null; boost: number };

/** A community the viewer may read the content of, among those a thing belongs to: where it is shown. */
async function shownCommunities(db: DB, actor: Actor | null, table: 'post_communities' | 'event_communities', column: 'post_id' | 'event_id', ids: string[]) {
  const out = new Map<string, { slug: string; name: string }>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom(table as 'post_communities')
    .innerJoin('communities', 'communities.id', `${table as 'post_communities'}.community_id`)
    .select([`${table as 'post_communities'}.${column as 'post_id'} as owner`, 'communities.slug', 'communities.name'])
    .where(`${table as 'post_communities'}.${column as 'post_id'}`, 'in', ids)
    .where(whereContentReadableBy(actor))
    .orderBy('communities.name')
    .execute();
  for (const row of rows) if (!out.has(row.owner)) out.set(row.owner, { slug: row.slug, name: row.name });
  return out;
}

async function authorsOf(db: DB, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const out = new Map<string, { handle: string; name: string }>();
  if (wanted.length === 0) return out;
  const rows = await db.selectFrom('users').innerJoin('profiles', 'profiles.user_id', 'users.id').select(['users.id', 'users.name', 'profiles.handle']).where('users.id', 'in', wanted).execute();
  for (const row of rows) out.set(row.id, { handle: row.handle, name: row.name });
  return out;
}

/** Each hit as the page and the API show it, in the order found; the texts come from their own rows. */
async function present(db: DB, actor: Actor | null, rows: Row[], parsed: ParsedQuery): Promise<SearchHit[]> {
  const ids = (kind: SearchKind) => rows.filter((r) => r.kind === kind).map((r) => r.object_id);
  const postIds = [...new Set([...ids('post'), ...rows.filter((r) => r.kind === 'comment').map((r) => r.parent_id!)])];
  const [posts, comments, resources, events, initiatives, communities, messages] = await Promise.all([
    postIds.length ? db.selectFrom('posts').select(['id', 'title', 'body', 'kind', 'author_id', 'answer_id']).where('id', 'in', postIds).execute() : [],
    ids('comment').length ? db.selectFrom('comments').select(['id', 'post_id', 'body', 'author_id']).where('id', 'in', ids('comment')).execute() : [],
    ids('resource').length ? db.selectFrom('resources').select(['id', 'title', 'summary', 'body', 'added_by']).where('id', 'in', ids('resource')).execute() : [],
    ids('event').length ? db.selectFrom('events').select(['id', 'title', 'description']).where('id', 'in', ids('event')).execute() : [],
    ids('initiative').length ? db.selectFrom('initiatives').select(['id', 'title', 'description', 'region', 'place', 'created_by']).where('id', 'in', ids('initiative')).execute() : [],
    ids('community').length ? db.selectFrom('communities').select(['id', 'slug', 'name', 'summary', 'mission', 'objectives']).where('id', 'in', ids('community')).execute() : [],
    ids('message').length
      ? db
          .selectFrom('messages')
          .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
          .select(['messages.id', 'messages.conversation_id', 'messages.body', 'messages.author_id', 'conversations.subject'])
          .where('messages.id', 'in', ids('message'))
          .execute()
      : []
  ]);
  const [postCommunities, eventCommunities] = await Promise.all([shownCommunities(db, actor, 'post_communities', 'post_id', postIds), shownCommunities(db, actor, 'event_communities', 'event_id', ids('event'))]);
  const authors = await authorsOf(db, [...posts.map((p) => p.author_id), ...comments.map((c) => c.author_id), ...resources.map((r) => r.added_by), ...initiatives.map((i) => i.created_by), ...messages.map((m) => m.author_id)]);
  const highlight = parsed.highlight;
  const hits: SearchHit[] = [];
  for (const row of rows) {
    const language: Language = row.language === 'en' ? 'en' : 'fr';
    const base = { type: row.kind, id: row.object_id, at: Number(row.at), language: (row.language as Language | null) ?? null, answered: row.boost > 0, postKind: null, community: null, author: null };
    const text = (title: string, body: string) => ({ title, titleHtml: highlightAll(title, highlight, language), excerptHtml: highlightExcerpt(body, highlight, language) });
    if (row.kind === 'post') {
      const post = posts.find((p) => p.id === row.object_id);
      if (!post) continue;
      hits.push({ ...base, ...text(post.title, plainText(post.body)), url: `/p/${post.id}`, postKind: post.kind, community: postCommunities.get(post.id) ?? null, author: authors.get(post.author_id ?? '') ?? null });
    } else if (row.kind === 'comment') {
      const comment = comments.find((c) => c.id === row.object_id);
      const post = posts.find((p) => p.id === comment?.post_id);
      if (!comment || !post) continue;
      hits.push({ ...base, ...text(post.title, plainText(comment.body)), url: `/p/${post.id}#comment-${comment.id}`, community: postCommunities.get(post.id) ?? null, author: authors.get(comment.author_id ?? '') ?? null });
    } else if (row.kind === 'resource') {
      const resource = resources.find((r) => r.id === row.object_id);
      if (!resource) continue;
      hits.push({ ...base, ...text(resource.title, [resource.summary ?? '', plainText(resource.body)].join(' ').trim()), url: `/r/${resource.id}`, author: authors.get(resource.added_by ?? '') ?? null });
    } else if (row.kind === 'event') {
      const event = events.find((e) => e.id === row.object_id);
      if (!event) continue;
      hits.push({ ...base, ...text(event.title, plainText(event.description)), url: `/e/${event.id}`, community: eventCommunities.get(event.id) ?? null });
    } else if (row.kind === 'initiative') {
      const initiative = initiatives.find((i) => i.id === row.object_id);
      if (!initiative) continue;
      const where = [initiative.place ?? '', initiative.region].filter(Boolean).join(', ');
      hits.push({ ...base, ...text(initiative.title, `${where} — ${plainText(initiative.description)}`), url: `/initiatives/${initiative.id}`, author: authors.get(initiative.created_by ?? '') ?? null });
    } else if (row.kind === 'community') {
      const found = communities.find((c) => c.id === row.object_id);
      if (!found) continue;
      hits.push({ ...base, ...text(found.name, [found.summary, found.mission ?? '', found.objectives ?? ''].join(' ').trim()), url: `/c/${found.slug}`, community: { slug: found.slug, name: found.name } });
    } else if (row.kind === 'member') {
      const profile = await loadProfile(db, { userId: row.object_id }).catch(() => null);
      if (!profile) continue;
      const view = presentProfile(profile, await viewerOf(db, actor, row.object_id));
      const about = [view.discipline, view.organisation?.name, view.region, view.expertise.join(', '), view.interests.join(', '), view.bio].filter(Boolean).join(' · ');
      hits.push({ ...base, ...text(view.name, about), url: `/u/${view.handle}`, author: { handle: view.handle, name: view.name } });
    } else if (row.kind === 'message') {
      const message = messages.find((m) => m.id === row.object_id);
      if (!message) continue;
      hits.push({ ...base, ...text(message.subject ?? '', plainText(message.body)), url: `/messages/${message.conversation_id}#message-${message.id}`, author: authors.get(message.author_id ?? '') ?? null });
    }
  }
  return hits;
}

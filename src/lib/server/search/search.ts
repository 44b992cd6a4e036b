// Searching: the query read (query.ts), matched by the database's engine (engines.ts), restricted to
// what the viewer may read inside the same SQL (access/search.ts), ranked by relevance blended with
// recency (accepted answers first) or by date, paginated by keyset, then each hit presented with
// its highlighted excerpt.
import { z } from 'zod';
import { sql, type SqlBool } from 'kysely';
import { DateTime } from 'luxon';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { dialectOf } from '../db/dialect';
import type { SearchKind } from '../db/schema';
import { can, findCommunity, whereContentReadableBy, whereSearchDocumentIn, whereSearchDocumentReadableBy, viewerOf } from '../access';
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
const firstBatch = 100;

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
  // The cursor carries the moment the first page was ranked at, so that recency, and so the order,
  // stays the same from page to page.
  const cursor = query.cursor ? decodeCursor(query.cursor, 3) : null;
  const rankedAt = cursor ? Number(cursor[2]) : Date.now();

  let community: { id: string; membersReadable: boolean } | null = null;
  if (query.community) {
    const relation = await findCommunity(db, actor, query.community);
    community = { id: relation.community.id, membersReadable: can(actor, 'read_content', relation) };
  }
  const kinds: SearchKind[] = query.type ? [kindOf[query.type]] : searchTypes.filter((t) => t !== 'messages').map((t) => kindOf[t]);
  const { from, to } = dayBounds(query, actor);

  let ranked = rankedDocuments(db, parsed, kinds, rankedAt);
  if (query.language) ranked = ranked.where('search_documents.language', '=', query.language);
  if (from !== null) ranked = ranked.where('search_documents.at', '>=', from);
  if (to !== null) ranked = ranked.where('search_documents.at', '<=', to);

  // Ranked first, then kept only where the actor may read, a batch of candidates at a time, in SQL,
  // until the page is full: the access rule then runs on a few hundred rows instead of every match,
  // and a page still has no holes (a reader who may read little only costs more batches).
  const key = (row: { at: number; score: number }) => Number(newest ? row.at : row.score);
  let after: [number, number] | null = cursor ? [Number(cursor[0]), Number(cursor[1])] : null;
  const rows: Awaited<ReturnType<typeof ranked.execute>> = [];
  for (let batch = firstBatch; rows.length <= query.limit; batch *= 4) {
    let page = db.selectFrom(ranked.as('hits')).selectAll();
    const column = newest ? 'hits.at' : 'hits.score';
    if (after) {
      const [value, seq] = after;
      page = page.where((eb) => eb.or([eb(column, '<', value), eb.and([eb(column, '=', value), eb('hits.seq', '<', seq)])]));
    }
    const candidates = await page.orderBy(column, 'desc').orderBy('hits.seq', 'desc').limit(batch).execute();
    if (candidates.length === 0) break;
    let readable = db.selectFrom('search_documents').select('search_documents.seq').where('search_documents.seq', 'in', candidates.map((c) => c.seq)).where(whereSearchDocumentReadableBy(actor));
    if (community) readable = readable.where(whereSearchDocumentIn(actor, community.id, community.membersReadable));
    const allowed = new Set((await readable.execute()).map((r) => Number(r.seq)));
    for (const candidate of candidates) {
      if (allowed.has(Number(candidate.seq))) rows.push(candidate);
      if (rows.length > query.limit) break;
    }
    if (candidates.length < batch) break;
    const last = candidates.at(-1)!;
    after = [key(last), Number(last.seq)];
  }
  const more = rows.length > query.limit;
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  const nextCursor = more && last ? encodeCursor([newest ? Number(last.at) : Number(last.score), Number(last.seq), rankedAt]) : null;
  const items = await present(db, actor, shown, parsed);
  return { items, nextCursor, notes: parsed.notes, empty: false };
}

/**
 * The documents of these kinds that match the query and that the actor may read, with their score
 * (relevance × boost × recency at `rankedAt`): a query to filter further, then rank or group.
 */
export function matchedDocuments(db: DB, actor: Actor | null, parsed: ParsedQuery, kinds: SearchKind[], rankedAt: number) {
  return rankedDocuments(db, parsed, kinds, rankedAt).where(whereSearchDocumentReadableBy(actor));
}

/** The same before the access rule: never shown as it is, only ranked and then filtered (see search). */
function rankedDocuments(db: DB, parsed: ParsedQuery, kinds: SearchKind[], rankedAt: number) {
  const postgres = dialectOf(db) === 'postgres';
  let matched;
  let relevance;
  if (postgres) {
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
    const parts = [];
    if (ts.stemsRank) parts.push(sql`ts_rank_cd(search_documents.stems, ${ts.stemsRank}::tsquery)`);
    if (ts.wordsRank) parts.push(sql`0.5 * ts_rank_cd(search_documents.words, ${ts.wordsRank}::tsquery)`);
    relevance = parts.length ? sql.join(parts, sql` + `) : sql`0`;
  } else {
    matched = db
      .selectFrom('search_index')
      .innerJoin('search_documents', 'search_documents.seq', 'search_index.rowid')
      .where(sql<SqlBool>`search_index MATCH ${ftsExpression(parsed)}`);
    relevance = sql`-bm25(search_index, 4.0, 1.0, 1.0)`;
  }
  const score = sql<number>`(${relevance}) * (1.0 + 0.5 * search_documents.boost) / (1.0 + (${rankedAt} - search_documents.at) / ${yearMs})`;
  return matched
    .select(['search_documents.seq as seq', 'search_documents.kind as kind', 'search_documents.object_id as object_id', 'search_documents.parent_id as parent_id', 'search_documents.at as at', 'search_documents.language as language', 'search_documents.boost as boost'])
    .select(score.as('score'))
    .where('search_documents.kind', 'in', kinds);
}

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

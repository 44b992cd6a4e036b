// "Who can help me?" ("Qui peut m'aider ?"): from a question or a need typed in plain words, the
// members who can help, found through the search index among what the asker may read — accepted
// answers and well-received replies on the topic, resources they wrote, activities they hosted, the
// expertise and interests their profile shows the asker — each with the reason shown. Only members
// who agreed to be suggested (a profile setting, on by default for animators); "ask this person"
// where the asker may write to them.
import { z } from 'zod';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { mayWriteTo, requireMember, viewerOf } from '../access';
import { loadProfile, presentProfile } from '../profiles';
import { isStopword, stemsInAnyLanguage, words } from './analyse';
import { isEmpty, parseQuery } from './query';
import { matchedDocuments } from './search';

export const helpersQuery = z.object({
  q: z.string().max(20_000, 'search.errors.too_long').default('').describe('The question or the need, in plain words'),
  exclude: z.string().max(100).optional().describe('A member (user id) not to suggest: the question’s author'),
  limit: z.coerce.number().int().min(1).max(20).default(5)
});

export type HelperReason =
  | { kind: 'accepted_answers'; count: number }
  | { kind: 'replies'; count: number }
  | { kind: 'resources'; count: number }
  | { kind: 'events'; count: number }
  | { kind: 'expertise'; tags: string[] };

export type Helper = {
  handle: string;
  name: string;
  avatarUrl: string | null;
  organisation: string | null;
  reasons: HelperReason[];
  score: number;
  /** The asker may write to them (their message settings allow it): "Ask this person" is offered. */
  canWrite: boolean;
};
export type Helpers = { topic: string; items: Helper[] };

/** How much of the index's best matches is looked at: the most relevant contributions, whatever the size. */
const candidateDocuments = 400;

const weights = { accepted_answers: 4, replies: 1, resources: 2, events: 1.5, expertise: 3 } as const;

// The words of asking itself ("j'ai besoin d'aide sur…", "I need help with…"): not what it is about.
const askingWords = new Set(['besoin', 'aide', 'aider', 'cherche', 'recherche', 'question', 'quelqu', 'quelquun', 'personne', 'conseil', 'conseils', 'help', 'need', 'looking', 'someone', 'anyone', 'advice']);
const meaningfulWord = (folded: string) => !isStopword(folded) && !askingWords.has(folded) && folded.length > 1;

/** The few words a need is about, as typed, for "3 accepted answers on « évaluation »". */
function topicOf(text: string): string {
  const typed = text.slice(0, 500).match(/[\p{L}\p{N}][\p{L}\p{N}'’·-]*/gu) ?? [];
  const meaningful = typed.map((w) => w.replace(/^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’](?=\p{L})/iu, '')).filter((w) => words(w).some(meaningfulWord));
  return meaningful.slice(0, 4).join(' ');
}

export async function suggestHelpers(db: DB, actor: Actor | null, raw: unknown): Promise<Helpers> {
  const asker = requireMember(actor);
  const input = helpersQuery.parse(raw, { reportInput: true });
  // A need written as a sentence: every meaningful word counts, none is required.
  const parsed = parseQuery(input.q);
  const topic = topicOf(input.q);
  if (isEmpty(parsed)) return { topic, items: [] };
  const meaningful = parsed.highlight.words.filter(meaningfulWord);
  const anyWord = { ...parsed, excluded: [], clauses: [{ kind: 'stems' as const, stems: [...new Set(meaningful.flatMap(stemsInAnyLanguage))] }] };
  if (anyWord.clauses[0]!.stems.length === 0) return { topic, items: [] };
  const docs = await db
    .selectFrom(matchedDocuments(db, asker, anyWord, ['post', 'comment', 'resource', 'event', 'member'], Date.now()).as('hits'))
    .selectAll()
    .orderBy('hits.score', 'desc')
    .limit(candidateDocuments)
    .execute();

  const tally = new Map<string, { accepted: number; replies: number; resources: number; events: number; profile: boolean; score: number }>();
  const add = (userId: string | null, kind: 'accepted' | 'replies' | 'resources' | 'events' | 'profile', weight: number) => {
    if (!userId || userId === asker.id || userId === input.exclude) return;
    const entry = tally.get(userId) ?? { accepted: 0, replies: 0, resources: 0, events: 0, profile: false, score: 0 };
    if (kind === 'profile') entry.profile = true;
    else entry[kind]++;
    entry.score += weight;
    tally.set(userId, entry);
  };
  const ids = (kind: string) => docs.filter((d) => d.kind === kind).map((d) => d.object_id);
  // A question on the topic credits its accepted answer, whatever words the answer uses.
  const answered = ids('post').length
    ? await db.selectFrom('posts').innerJoin('comments', 'comments.id', 'posts.answer_id').select(['comments.id', 'comments.author_id']).where('posts.id', 'in', ids('post')).where('comments.deleted_at', 'is', null).execute()
    : [];
  const answersSeen = new Set<string>();
  const [comments, authors, hosts] = await Promise.all([
    ids('comment').length
      ? db
          .selectFrom('comments')
          .leftJoin('reactions', 'reactions.target_id', 'comments.id')
          .select(['comments.id', 'comments.author_id', sql<number>`count(reactions.user_id)`.as('reactions')])
          .where('comments.id', 'in', ids('comment'))
          .groupBy(['comments.id', 'comments.author_id'])
          .execute()
      : [],
    ids('resource').length ? db.selectFrom('resource_authors').select(['resource_id', 'user_id']).where('resource_id', 'in', ids('resource')).where('user_id', 'is not', null).execute() : [],
    ids('event').length
      ? db
          .selectFrom('event_organisers')
          .select(['event_id', 'user_id'])
          .where('event_id', 'in', ids('event'))
          .union(db.selectFrom('event_presenters').select(['event_id', sql<string>`user_id`.as('user_id')]).where('event_id', 'in', ids('event')).where('user_id', 'is not', null))
          .execute()
      : []
  ]);
  for (const answer of answered) {
    answersSeen.add(answer.id);
    add(answer.author_id, 'accepted', weights.accepted_answers);
  }
  for (const doc of docs) {
    if (doc.kind === 'comment') {
      const comment = comments.find((c) => c.id === doc.object_id);
      if (!comment || answersSeen.has(comment.id)) continue;
      if (doc.boost > 0) add(comment.author_id, 'accepted', weights.accepted_answers);
      else if (Number(comment.reactions) > 0) add(comment.author_id, 'replies', weights.replies);
    } else if (doc.kind === 'resource') {
      for (const a of authors.filter((r) => r.resource_id === doc.object_id)) add(a.user_id, 'resources', weights.resources);
    } else if (doc.kind === 'event') {
      for (const h of new Set(hosts.filter((r) => r.event_id === doc.object_id).map((r) => r.user_id))) add(h, 'events', weights.events);
    }
  }

  // The asker's stems, to say which of a candidate's declared expertise and interests match.
  const wanted = new Set(anyWord.clauses[0]!.stems);
  const matchesNeed = (tag: string) => words(tag).some((w) => stemsInAnyLanguage(w).some((s) => wanted.has(s)));
  const memberDocs = new Set(ids('member'));
  for (const userId of memberDocs) add(userId, 'profile', 0);

  // Who agreed to be suggested: their own choice, or by default the animators of an active community.
  const candidates = [...tally.keys()];
  if (candidates.length === 0) return { topic, items: [] };
  const consenting = await db
    .selectFrom('profiles')
    .select('profiles.user_id')
    .where('profiles.user_id', 'in', candidates)
    .where((eb) =>
      eb.or([
        eb('profiles.suggest_me', '=', 1),
        eb.and([
          eb('profiles.suggest_me', 'is', null),
          eb.exists(
            eb
              .selectFrom('memberships')
              .innerJoin('communities', 'communities.id', 'memberships.community_id')
              .select('memberships.id')
              .whereRef('memberships.user_id', '=', 'profiles.user_id')
              .where('memberships.role', '=', 'animator')
              .where('memberships.status', '=', 'active')
              .where('communities.status', '=', 'active')
          )
        ])
      ])
    )
    .execute();
  const items: Helper[] = [];
  for (const { user_id } of consenting) {
    const entry = tally.get(user_id)!;
    const profile = await loadProfile(db, { userId: user_id }).catch(() => null);
    if (!profile) continue;
    const view = presentProfile(profile, await viewerOf(db, asker, user_id));
    const tags = entry.profile ? [...view.expertise, ...view.interests].filter(matchesNeed) : [];
    const reasons: HelperReason[] = [];
    if (entry.accepted) reasons.push({ kind: 'accepted_answers', count: entry.accepted });
    if (tags.length) reasons.push({ kind: 'expertise', tags });
    if (entry.resources) reasons.push({ kind: 'resources', count: entry.resources });
    if (entry.events) reasons.push({ kind: 'events', count: entry.events });
    if (entry.replies) reasons.push({ kind: 'replies', count: entry.replies });
    // A profile that matched only on its name or biography is not a reason to bother someone.
    if (reasons.length === 0) continue;
    items.push({
      handle: view.handle,
      name: view.name,
      avatarUrl: view.avatarUrl,
      organisation: view.organisation?.name ?? null,
      reasons,
      score: entry.score + tags.length * weights.expertise,
      canWrite: await mayWriteTo(db, asker, user_id)
    });
  }
  items.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'fr'));
  return { topic, items: items.slice(0, input.limit) };
}

/** Animators are suggested unless they say no: the default of the profile setting. */
export async function isAnimatorSomewhere(db: DB, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .innerJoin('communities', 'communities.id', 'memberships.community_id')
    .select('memberships.id')
    .where('memberships.user_id', '=', userId)
    .where('memberships.role', '=', 'animator')
    .where('memberships.status', '=', 'active')
    .where('communities.status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

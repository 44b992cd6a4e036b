// A poll in a publication (issue 18, use 3) as createPost with a poll, and then vote, leave it: an
// animator of the largest public community asks which slot suits the January gathering — five
// choices, one each, counts shown to whoever voted, no closing date — ten days ago, and about as
// many members as the scale says have voted since (the `many` bench readers among them, so the
// results page shows them the chart, and the vote scenario changes a vote they already gave). The
// publication is written as publications.ts writes one: its copy in post_communities, tags from the
// application's own renderMarkdown, the journal, a few comments (with their follows), the readers'
// marks and view count; polls, poll_options and poll_votes with the counts recount() would leave.
// A twin publication (same text, comments and readers, no poll) shows what the thread costs without it.
import { renderMarkdown } from '../../src/lib/server/markdown';
import { uuidv7At } from '../random';
import { DAY, HOUR, type Context } from './model';
import { weighted } from './library';

export const POLL_TITLE = 'Quel créneau pour la rencontre de janvier ?';
/** The twin publication without a poll. */
export const TWIN_TITLE = 'Quel créneau pour la rencontre de janvier ? (sans vote)';
const POLL_BODY =
  'Nous préparons la **rencontre de janvier** : dites-nous quel créneau vous convient le mieux. ' +
  'On confirme la date d’ici deux semaines, avec le lieu et le lien pour celles et ceux qui suivront en ligne. #rencontre #janvier';
/** The five choices and how often each is chosen. */
const OPTIONS: [string, number][] = [
  ['Mardi 13 janvier, 12 h (dîner-causerie)', 0.34],
  ['Mercredi 14 janvier, 9 h', 0.22],
  ['Jeudi 15 janvier, 17 h (5 à 7)', 0.18],
  ['Vendredi 16 janvier, 12 h', 0.16],
  ['Lundi 19 janvier, 19 h (en ligne)', 0.1]
];
const COMMENTS = [
  'Le midi me convient, mais le 13 j’ai déjà une formation en après-midi.',
  'Le 5 à 7 serait bien pour celles qui travaillent de jour !',
  'Pourriez-vous prévoir un lien pour suivre à distance ?',
  'Oui, il y aura un lien pour chaque créneau.',
  'Vendredi midi, c’est parfait pour notre équipe.',
  'Merci de demander avant de fixer la date, c’est apprécié.',
  'Je vote mardi, et je peux aider à l’accueil.',
  'Le lundi soir en ligne me permettrait enfin de participer depuis la région.'
];

/** Members who vote: the scale's figure, at most 85 % of the community's active members. */
export function pollVoterCount(wanted: number, members: number): number {
  return Math.min(wanted, Math.floor(members * 0.85));
}

export async function generatePolls(ctx: Context): Promise<void> {
  const { random, writer, scale } = ctx;
  const community = ctx.communities[0]!;
  const animators = [...community.roles].filter(([, role]) => role === 'animator').map(([u]) => u);
  if (animators.length === 0) return;
  const authorIndex = animators[animators.length > 1 ? 1 : 0]!;
  const at = ctx.now - 10 * DAY;
  const id = uuidv7At(at, random);

  // Who voted: the bench readers of the community first (reader k chose option k mod 5, so the vote
  // scenario's choices differ from theirs), then members drawn at random; most in the first two days.
  const readers = new Set(ctx.readers.filter((r) => r.kind === 'many').map((r) => r.id));
  const fromReaders = community.members.filter((u) => readers.has(ctx.users[u]!.id));
  const others = community.members.filter((u) => !readers.has(ctx.users[u]!.id));
  const count = Math.max(fromReaders.length, pollVoterCount(scale.pollVoters, community.members.length));
  const voters = [...fromReaders, ...random.distinct(others.length, count - fromReaders.length).map((k) => others[k]!)];
  const readerOrder = ctx.readers.filter((r) => r.kind === 'many').map((r) => r.id);
  const optionIds = OPTIONS.map(() => uuidv7At(at, random));
  const votes = voters.map((u) => {
    const k = readerOrder.indexOf(ctx.users[u]!.id);
    const option = k >= 0 ? k % OPTIONS.length : weighted(random, OPTIONS.map(([, w], i) => [i, w] as [number, number]));
    const votedAt = Math.min(ctx.now - HOUR, at + 60_000 + Math.floor(random.chance(0.8) ? random.exponential(DAY) : random.next() * 9 * DAY));
    return { user: u, option, at: votedAt };
  });
  const counts = OPTIONS.map((_, i) => votes.filter((v) => v.option === i).length);

  // A few voters say why in the comments, over the first three days; the fourth answers the third.
  const talkers = voters.slice(fromReaders.length).filter((u) => u !== authorIndex);
  const commenters = random.distinct(talkers.length, COMMENTS.length).map((k) => talkers[k]!);
  const commentTimes = COMMENTS.map(() => at + Math.floor(random.next() * 3 * DAY)).sort((a, b) => a - b);
  const comments = COMMENTS.map((text, j) => ({ text, at: commentTimes[j]!, authorIndex: j === 3 ? authorIndex : commenters[j]!, reply: j === 3 }));

  // Who opened it (the voters in the thread and the commenters; the others voted from a feed), each
  // with the comments there were when they last read it.
  const readBy = new Map<number, number>();
  for (const v of votes) if (readers.has(ctx.users[v.user]!.id) || random.chance(0.6)) readBy.set(v.user, v.at);
  for (const c of comments) readBy.set(c.authorIndex, Math.max(readBy.get(c.authorIndex) ?? 0, c.at));
  readBy.delete(authorIndex);

  writePublication(ctx, id, { at, title: POLL_TITLE, authorIndex, comments, readBy });
  writer.add('polls', { post_id: id, multiple: 0, closes_at: null, results_visibility: 'after_vote', voter_count: votes.length, created_at: at });
  OPTIONS.forEach(([label], position) => writer.add('poll_options', { id: optionIds[position]!, post_id: id, position, label, vote_count: counts[position]! }));
  for (const v of votes) writer.add('poll_votes', { post_id: id, option_id: optionIds[v.option]!, user_id: ctx.users[v.user]!.id, created_at: v.at });

  // Its twin, for comparison: the same publication a day later, with the same comments and readers and
  // no poll — what the thread costs without it (scenario poll-thread-plain).
  const twin = uuidv7At(at + DAY, random);
  writePublication(ctx, twin, { at: at + DAY, title: TWIN_TITLE, authorIndex, comments: comments.map((c) => ({ ...c, at: c.at + DAY })), readBy: new Map([...readBy].map(([u, t]) => [u, Math.min(ctx.now - 1000, t + DAY)])) });
  await writer.flush();
  ctx.targets.poll = { id, community: community.slug, options: optionIds, voters: votes.length, twin };
}

type Plan = { at: number; title: string; authorIndex: number; comments: { text: string; at: number; authorIndex: number; reply: boolean }[]; readBy: Map<number, number> };

/** A publication of the largest public community, its comments, follows and readers, as publications.ts writes one. */
function writePublication(ctx: Context, id: string, plan: Plan): void {
  const { random, writer } = ctx;
  const community = ctx.communities[0]!;
  const author = ctx.users[plan.authorIndex]!;
  const rendered = renderMarkdown(POLL_BODY, { mentionable: new Set() });
  const comments: { id: string; at: number; authorIndex: number; text: string; parentId: string | null }[] = [];
  for (const c of plan.comments) comments.push({ id: uuidv7At(c.at, random), at: c.at, authorIndex: c.authorIndex, text: c.text, parentId: c.reply ? (comments[comments.length - 1]?.id ?? null) : null });
  const activityAt = comments.length > 0 ? comments[comments.length - 1]!.at : plan.at;
  writer.add('posts', {
    id,
    community_id: community.id,
    author_id: author.id,
    kind: 'discussion',
    title: plan.title,
    body: POLL_BODY,
    body_html: rendered.html,
    language: 'fr',
    link_url: null,
    link_preview: null,
    revision: 1,
    comment_count: comments.length,
    view_count: plan.readBy.size,
    answer_id: null,
    pinned_at: null,
    locked_at: null,
    deleted_at: null,
    deleted_by: null,
    edited_at: null,
    activity_at: activityAt,
    created_at: plan.at,
    updated_at: activityAt
  });
  writer.add('post_communities', { post_id: id, community_id: community.id, activity_at: activityAt, created_at: plan.at });
  for (const tag of new Set(rendered.tags)) writer.add('post_tags', { post_id: id, tag });
  writer.add('journal', { id: uuidv7At(plan.at, random), kind: 'post.created', actor_id: author.id, community_id: community.id, post_id: id, comment_id: null, payload: JSON.stringify({ communities: [community.id], kind: 'discussion' }), created_at: plan.at, processed_at: plan.at });
  const follows = new Map<number, number>([[plan.authorIndex, plan.at]]);
  for (const c of comments) {
    const commenter = ctx.users[c.authorIndex]!;
    const html = renderMarkdown(c.text, { mentionable: new Set() }).html;
    writer.add('comments', { id: c.id, post_id: id, parent_id: c.parentId, author_id: commenter.id, body: c.text, body_html: html, revision: 1, deleted_at: null, deleted_by: null, edited_at: null, created_at: c.at, updated_at: c.at });
    writer.add('journal', { id: uuidv7At(c.at, random), kind: 'comment.created', actor_id: commenter.id, community_id: community.id, post_id: id, comment_id: c.id, payload: JSON.stringify({ parentId: c.parentId }), created_at: c.at, processed_at: c.at });
    if (!follows.has(c.authorIndex)) follows.set(c.authorIndex, c.at);
  }
  for (const [userIndex, followedAt] of follows) writer.add('post_follows', { post_id: id, user_id: ctx.users[userIndex]!.id, muted_at: null, created_at: followedAt });
  for (const [userIndex, readAt] of plan.readBy) {
    const seen = comments.filter((c) => c.at <= readAt).length;
    writer.add('post_reads', { user_id: ctx.users[userIndex]!.id, post_id: id, comments_seen: seen, read_at: readAt });
  }
}

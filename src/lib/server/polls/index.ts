// Polls in publications (issue 18, use 3). Any publication but a topic proposal may carry a poll:
// single or multiple choice, open until a closing date (or until the publication is locked), with
// its counts shown after voting or only after closing. A member's vote replaces their earlier one
// until it closes. The counts are recounted from the votes in the transaction of each vote, so the
// feed reads them from the rows; after the commit the poll's open pages are told (see ./live.ts).
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import { assertOnPoll, canOnPoll, findPost, isPollClosed, requireMember, resultsVisibleTo, wherePostReadableBy, type PollRelation } from '../access';
import { forUpdate } from '../db/dialect';
import type { PollResultsVisibility } from '../db/schema';
import { invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { announcePoll } from './live';
import { voteSchema, type PollInput, type VoteInput } from './schemas';

export { pollInputSchema, voteSchema, type PollInput, type VoteInput } from './schemas';

/** Called by createPost, in its transaction, when the publication carries a poll (already validated). */
export async function attachPoll(tx: Executor, postId: string, poll: PollInput, at: number): Promise<void> {
  await tx
    .insertInto('polls')
    .values({ post_id: postId, multiple: poll.multiple ? 1 : 0, closes_at: poll.closesAt ?? null, results_visibility: poll.resultsVisibility, created_at: at })
    .execute();
  await tx
    .insertInto('poll_options')
    .values(poll.options.map((label, position) => ({ id: newId(), post_id: postId, position, label })))
    .execute();
}

/** The publication with its poll and whether the actor voted; not_found if it has none or they may not read it. */
export async function findPoll(db: DB, actor: Actor | null, postId: string): Promise<PollRelation> {
  const relation = await findPost(db, actor, postId);
  if (relation.post.deleted_at !== null) throw notFound();
  const [poll, mine] = await Promise.all([
    db.selectFrom('polls').selectAll().where('post_id', '=', postId).executeTakeFirst(),
    actor ? db.selectFrom('poll_votes').select('option_id').where('post_id', '=', postId).where('user_id', '=', actor.id).limit(1).executeTakeFirst() : undefined
  ]);
  if (!poll) throw notFound();
  return { ...relation, poll, voted: mine !== undefined };
}

export type PollView = {
  postId: string;
  /** In their order; `votes` is null unless the viewer may see the counts. */
  options: { id: string; label: string; votes: number | null }[];
  multiple: boolean;
  closesAt: number | null;
  closed: boolean;
  resultsVisibility: PollResultsVisibility;
  /** Members who voted; null unless the viewer may see the counts. */
  voterCount: number | null;
  /** The options the viewer chose. */
  myChoice: string[];
  canVote: boolean;
  resultsVisible: boolean;
};

/** What the feed shows of a poll: its view without `canVote`, which needs the viewer's standing in each community. */
export type PollSummary = Omit<PollView, 'canVote'>;

type OptionRow = { id: string; label: string; vote_count: number };
type PollRow = { post_id: string; multiple: number; closes_at: number | null; results_visibility: PollResultsVisibility; voter_count: number };

/** The one place a poll's rows become what goes out, the counts hidden unless they are visible. */
function present(poll: PollRow, options: OptionRow[], myChoice: string[], visible: boolean, at: number): PollSummary {
  return {
    postId: poll.post_id,
    options: options.map((o) => ({ id: o.id, label: o.label, votes: visible ? o.vote_count : null })),
    multiple: poll.multiple === 1,
    closesAt: poll.closes_at === null ? null : Number(poll.closes_at),
    closed: isPollClosed(poll, at),
    resultsVisibility: poll.results_visibility,
    voterCount: visible ? poll.voter_count : null,
    myChoice,
    resultsVisible: visible
  };
}

/** The poll of a publication, as this viewer may see it. */
export async function pollView(db: DB, actor: Actor | null, postId: string): Promise<PollView> {
  const relation = await findPoll(db, actor, postId);
  const at = now();
  const [options, mine] = await Promise.all([
    db.selectFrom('poll_options').select(['id', 'label', 'vote_count']).where('post_id', '=', postId).orderBy('position').execute(),
    actor ? db.selectFrom('poll_votes').select('option_id').where('post_id', '=', postId).where('user_id', '=', actor.id).execute() : []
  ]);
  const chosen = new Set(mine.map((v) => v.option_id));
  const myChoice = options.filter((o) => chosen.has(o.id)).map((o) => o.id);
  const summary = present(relation.poll, options, myChoice, canOnPoll(actor, 'see_results', relation, at), at);
  return { ...summary, canVote: canOnPoll(actor, 'vote', relation, at) };
}

/**
 * The polls of a page of publications, in one query, keyed by publication: those the viewer may not
 * read (or that are deleted) are left out, and the counts follow the same rule as pollView.
 */
export async function pollsOf(db: DB, actor: Actor | null, postIds: string[]): Promise<Map<string, PollSummary>> {
  const found = new Map<string, PollSummary>();
  if (postIds.length === 0) return found;
  const at = now();
  const viewer = actor?.id ?? '';
  const rows = await db
    .selectFrom('polls')
    .innerJoin('posts', 'posts.id', 'polls.post_id')
    .innerJoin('poll_options', 'poll_options.post_id', 'polls.post_id')
    .select((eb) => [
      'polls.post_id',
      'polls.multiple',
      'polls.closes_at',
      'polls.results_visibility',
      'polls.voter_count',
      'poll_options.id',
      'poll_options.label',
      'poll_options.vote_count',
      eb
        .exists(eb.selectFrom('poll_votes').select('poll_votes.option_id').whereRef('poll_votes.option_id', '=', 'poll_options.id').where('poll_votes.user_id', '=', viewer))
        .as('mine'),
      eb
        .exists(
          eb
            .selectFrom('memberships')
            .select('memberships.id')
            .whereRef('memberships.community_id', '=', 'posts.community_id')
            .where('memberships.user_id', '=', viewer)
            .where('memberships.status', '=', 'active')
            .where('memberships.role', '=', 'animator')
        )
        .as('animates')
    ])
    .where('polls.post_id', 'in', postIds)
    .where('posts.deleted_at', 'is', null)
    .where(wherePostReadableBy(actor))
    .orderBy('polls.post_id')
    .orderBy('poll_options.position')
    .execute();
  const byPost = new Map<string, typeof rows>();
  for (const row of rows) byPost.set(row.post_id, [...(byPost.get(row.post_id) ?? []), row]);
  for (const [postId, options] of byPost) {
    const poll = options[0]!;
    // exists() comes back as 0/1 on SQLite and as a boolean on PostgreSQL.
    const myChoice = options.filter((o) => Boolean(o.mine)).map((o) => o.id);
    const watches = actor?.role === 'admin' || Boolean(poll.animates);
    found.set(postId, present(poll, options, myChoice, resultsVisibleTo(poll, myChoice.length > 0, watches, at), at));
  }
  return found;
}

/** Recounts each option's votes and the poll's voters from the votes themselves. */
async function recount(tx: Executor, postId: string): Promise<void> {
  await tx
    .updateTable('poll_options')
    .set((eb) => ({ vote_count: eb.selectFrom('poll_votes').select((e) => e.fn.countAll<number>().as('n')).whereRef('poll_votes.option_id', '=', 'poll_options.id') }))
    .where('post_id', '=', postId)
    .execute();
  await tx
    .updateTable('polls')
    .set((eb) => ({ voter_count: eb.selectFrom('poll_votes').select((e) => e.fn.count<number>('poll_votes.user_id').distinct().as('n')).where('poll_votes.post_id', '=', postId) }))
    .where('post_id', '=', postId)
    .execute();
}

/** Replaces the actor's choice (none: takes it back) and recounts, in one transaction, then tells the poll's pages. */
async function replaceChoice(db: DB, relation: PollRelation, userId: string, optionIds: string[]): Promise<void> {
  const postId = relation.poll.post_id;
  await db.transaction().execute(async (tx) => {
    // Votes on one poll wait for each other, so that each recount sees the votes committed before it.
    await forUpdate(tx, tx.selectFrom('polls').select('post_id').where('post_id', '=', postId)).execute();
    await tx.deleteFrom('poll_votes').where('post_id', '=', postId).where('user_id', '=', userId).execute();
    if (optionIds.length > 0) {
      const at = now();
      await tx
        .insertInto('poll_votes')
        .values(optionIds.map((optionId) => ({ post_id: postId, option_id: optionId, user_id: userId, created_at: at })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await recount(tx, postId);
  });
  await announcePoll(db, postId);
}

/**
 * The member's vote, replacing the one they gave before; changeable until the poll closes. A
 * single-choice poll takes one option, a multiple-choice one any of its options.
 */
export async function vote(db: DB, actor: Actor | null, postId: string, raw: string[] | VoteInput): Promise<PollView> {
  const member = requireMember(actor);
  const { optionIds } = voteSchema.parse(Array.isArray(raw) ? { optionIds: raw } : raw);
  const relation = await findPoll(db, member, postId);
  assertOnPoll(member, 'vote', relation, now());
  const chosen = [...new Set(optionIds)];
  const known = new Set((await db.selectFrom('poll_options').select('id').where('post_id', '=', postId).execute()).map((o) => o.id));
  if (chosen.some((id) => !known.has(id))) throw invalid([{ path: 'optionIds', message: 'polls.errors.unknown_option' }]);
  if (relation.poll.multiple !== 1 && chosen.length > 1) throw invalid([{ path: 'optionIds', message: 'polls.errors.single_choice' }]);
  await replaceChoice(db, relation, member.id, chosen);
  return pollView(db, member, postId);
}

/** Takes the member's vote back, while the poll is open (a closed poll's result stays as it was). */
export async function withdrawVote(db: DB, actor: Actor | null, postId: string): Promise<PollView> {
  const member = requireMember(actor);
  const relation = await findPoll(db, member, postId);
  assertOnPoll(member, 'vote', relation, now());
  if (relation.voted) await replaceChoice(db, relation, member.id, []);
  return pollView(db, member, postId);
}

// Polls in publications (issue 18, use 3). Any publication but a topic proposal may carry a poll:
// single or multiple choice, open until a closing date (or until the publication is locked), with
// its counts shown after voting or only after closing. A member's vote replaces their earlier one
// until it closes. The counts are recounted from the votes in the transaction of each vote, so the
// feed reads them from the rows; after the commit the poll's open pages are told (see ./live.ts).
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import { assertOnPoll, canOnPoll, findPost, isPollClosed, requireMember, type PollRelation } from '../access';
import { forUpdate } from '../db/dialect';
import type { PollResultsVisibility } from '../db/schema';
import { DomainError, invalid, notFound } from '../errors';
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
  // created_at: as in pollsOf, so that SQLite finds the member's vote through poll_votes_voter.
  const [poll, mine] = await Promise.all([
    db.selectFrom('polls').selectAll().where('post_id', '=', postId).executeTakeFirst(),
    actor ? db.selectFrom('poll_votes').select(['option_id', 'created_at']).where('post_id', '=', postId).where('user_id', '=', actor.id).limit(1).executeTakeFirst() : undefined
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

/** The poll of a publication, as this viewer may see it. */
export async function pollView(db: DB, actor: Actor | null, postId: string): Promise<PollView> {
  const view = (await pollsOf(db, actor, [postId])).get(postId);
  if (!view) throw notFound();
  return view;
}

/**
 * The polls of a page of publications, keyed by publication: those the viewer may not read (or that
 * are deleted) are left out. Each poll's standing is decided by canOnPoll on its publication's
 * relation — a page carries a poll or two, so this is a few small reads, never a second copy of the
 * rules in SQL — and its options and the viewer's choices are read in one query each.
 */
export async function pollsOf(db: DB, actor: Actor | null, postIds: string[]): Promise<Map<string, PollView>> {
  const found = new Map<string, PollView>();
  if (postIds.length === 0) return found;
  const polls = await db.selectFrom('polls').selectAll().where('post_id', 'in', postIds).execute();
  if (polls.length === 0) return found;
  const readable = (
    await Promise.all(
      polls.map((poll) =>
        findPost(db, actor, poll.post_id).then(
          (relation) => (relation.post.deleted_at === null ? { ...relation, poll } : null),
          (error: unknown) => {
            if (error instanceof DomainError && error.code === 'not_found') return null;
            throw error;
          }
        )
      )
    )
  ).filter((relation) => relation !== null);
  if (readable.length === 0) return found;
  const ids = readable.map((r) => r.poll.post_id);
  const [options, mine] = await Promise.all([
    db.selectFrom('poll_options').select(['id', 'post_id', 'label', 'vote_count']).where('post_id', 'in', ids).orderBy('post_id').orderBy('position').execute(),
    // created_at is read so that no index covers the query but poll_votes_voter: with only post_id
    // and option_id, SQLite (no ANALYZE) took the primary key, which covers them, and walked every
    // vote of the poll to find the viewer's — a cost growing with the voters, on every view.
    actor ? db.selectFrom('poll_votes').select(['post_id', 'option_id', 'created_at']).where('post_id', 'in', ids).where('user_id', '=', actor.id).execute() : []
  ]);
  const chosen = new Set(mine.map((v) => v.option_id));
  const at = now();
  for (const relation of readable) {
    const { poll } = relation;
    const own = options.filter((o) => o.post_id === poll.post_id);
    const myChoice = own.filter((o) => chosen.has(o.id)).map((o) => o.id);
    const withVote: PollRelation = { ...relation, voted: myChoice.length > 0 };
    const visible = canOnPoll(actor, 'see_results', withVote, at);
    found.set(poll.post_id, {
      postId: poll.post_id,
      options: own.map((o) => ({ id: o.id, label: o.label, votes: visible ? o.vote_count : null })),
      multiple: poll.multiple === 1,
      closesAt: poll.closes_at === null ? null : Number(poll.closes_at),
      closed: isPollClosed(poll, at),
      resultsVisibility: poll.results_visibility,
      voterCount: visible ? poll.voter_count : null,
      myChoice,
      canVote: canOnPoll(actor, 'vote', withVote, at),
      resultsVisible: visible
    });
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

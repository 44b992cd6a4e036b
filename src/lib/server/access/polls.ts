// Who may read, vote in and see the counts of a poll. A poll is part of its publication: reading it
// follows canOnPost 'read'; voting is taking part (a member of one of its communities, not locked,
// not deleted) while the poll is open. The counts are seen once the viewer voted (results after
// voting) or once it is closed, and always by the home community's animators and administrators,
// who watch over it.
import type { Poll } from '../db/schema';
import { forbidden, notFound } from '../errors';
import type { Actor } from '../auth/actor';
import { canOnPost, type PostRelation } from './posts';

export type PollAction =
  /** See the poll and its options. */
  | 'read'
  /** Choose, change or take back one's choice: someone who may take part, while it is open. */
  | 'vote'
  /** See how many chose each option. */
  | 'see_results';

export type PollRelation = PostRelation & {
  poll: Poll;
  /** Whether the actor has a vote in it now. */
  voted: boolean;
};

/** Closed once its closing date has passed; `at` is now, passed in so that one request sees one answer. */
export const isPollClosed = (poll: Pick<Poll, 'closes_at'>, at: number) => poll.closes_at !== null && poll.closes_at <= at;

/** The home community's active animators, and administrators: they always see the counts. */
export function watchesOverPoll(actor: Actor | null, relation: PostRelation): boolean {
  if (actor === null) return false;
  const { membership } = relation.home;
  return actor.role === 'admin' || (membership?.status === 'active' && membership.role === 'animator');
}

/** Whether the counts are shown to this viewer, given the poll, whether they voted and whether they watch over it. */
export function resultsVisibleTo(poll: Pick<Poll, 'closes_at' | 'results_visibility'>, voted: boolean, watches: boolean, at: number): boolean {
  return watches || isPollClosed(poll, at) || (poll.results_visibility === 'after_vote' && voted);
}

export function canOnPoll(actor: Actor | null, action: PollAction, relation: PollRelation, at: number): boolean {
  if (!canOnPost(actor, 'read', relation) || relation.post.deleted_at !== null) return false;
  switch (action) {
    case 'read':
      return true;
    case 'vote':
      return actor !== null && !isPollClosed(relation.poll, at) && canOnPost(actor, 'take_part', relation);
    case 'see_results':
      return resultsVisibleTo(relation.poll, relation.voted, watchesOverPoll(actor, relation), at);
  }
}

/** Throws unless the actor may: not_found for whoever may not read it, else forbidden with why (closed, locked). */
export function assertOnPoll(actor: Actor | null, action: PollAction, relation: PollRelation, at: number): void {
  if (canOnPoll(actor, action, relation, at)) return;
  if (!canOnPoll(actor, 'read', relation, at)) throw notFound();
  if (action === 'vote' && isPollClosed(relation.poll, at)) throw forbidden('polls.errors.closed');
  if (action === 'vote' && relation.post.locked_at !== null) throw forbidden('posts.errors.locked');
  throw forbidden();
}

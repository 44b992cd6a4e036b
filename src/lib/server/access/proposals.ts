// Who may support, volunteer for and decide a topic proposal. A proposal is a publication: reading
// it, commenting on it and moderating it follow canOnPost. What is added: supporting and offering to
// help are taking part, while it is open; deciding (planned, declined, reopened) is moderating, the
// home community's animators' (and administrators') as for every publication written there.
import type { Proposal } from '../db/schema';
import { forbidden, notFound } from '../errors';
import type { Actor } from '../auth/actor';
import { canOnPost, type PostRelation } from './posts';

export type ProposalAction =
  /** Support it, or offer to help: someone who may take part in the thread, while it is open. */
  | 'support'
  /** Plan it, decline it, reopen it; change how many proposals each member may support. */
  | 'decide';

export type ProposalRelation = PostRelation & { proposal: Proposal };

export function canOnProposal(actor: Actor | null, action: ProposalAction, relation: ProposalRelation): boolean {
  if (actor === null) return false;
  switch (action) {
    case 'support':
      return relation.proposal.status === 'open' && canOnPost(actor, 'take_part', relation);
    case 'decide':
      return canOnPost(actor, 'moderate', relation);
  }
}

/** Throws unless the actor may: not_found for whoever may not read it, else forbidden with why. */
export function assertOnProposal(actor: Actor | null, action: ProposalAction, relation: ProposalRelation): void {
  if (canOnProposal(actor, action, relation)) return;
  if (!canOnPost(actor, 'read', relation) || relation.post.deleted_at !== null) throw notFound();
  if (action === 'support' && relation.proposal.status !== 'open') throw forbidden('proposals.errors.decided');
  if (action === 'support' && relation.post.locked_at !== null) throw forbidden('posts.errors.locked');
  throw forbidden();
}

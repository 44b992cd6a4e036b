// Who may see and do what: the one place that decides. Later issues add communities, posts, files…
// A missing or private item answers not_found, never forbidden, so its existence does not leak.
import type { Actor } from '../auth/actor';
import { forbidden, notFound, unauthorized } from '../errors';

export function isAdmin(actor: Actor | null): actor is Actor {
  return actor?.role === 'admin';
}

/** Instance administration pages and actions: admins only; others are told the page does not exist. */
export function requireAdmin(actor: Actor | null): Actor {
  if (!isAdmin(actor)) throw notFound();
  return actor;
}

/** Anything personal (account settings, tokens, /api/v1/me) needs a signed-in member. */
export function requireMember(actor: Actor | null): Actor {
  if (!actor) throw unauthorized();
  return actor;
}

/** A member may act on their own things only (tokens, sessions, preferences). */
export function requireSelf(actor: Actor | null, ownerId: string): Actor {
  const member = requireMember(actor);
  if (member.id !== ownerId) throw forbidden();
  return member;
}

export {
  assertCan,
  can,
  findCommunity,
  membershipOf,
  whereContentReadableBy,
  whereVisibleTo,
  type CommunityAction,
  type Relation
} from './communities';
export { canSeeField, fieldVisibleTo, viewerOf, type ProfileViewer } from './profiles';
export { assertOnEvent, canOnEvent, findEvent, whereEventVisibleTo, type EventAction, type EventRelation } from './events';
export { assertOnLive, canOnLive, type LiveAction, type LiveRelation } from './live';
export { assertOnPost, canOnPost, communitiesReadBy, findPost, whereInFeed, wherePostReadableBy, type PostAction, type PostRelation } from './posts';
export {
  assertOnNotebook,
  assertOnResource,
  canOnNotebook,
  canOnResource,
  communitiesShownTo,
  findNotebook,
  findResource,
  whereNotebookReadableBy,
  whereResourceReadableBy,
  type NotebookAction,
  type NotebookRelation,
  type ResourceAction,
  type ResourceRelation
} from './library';
export {
  assertOnConversation,
  conversationRelation,
  isBlockedBetween,
  mayWriteTo,
  shareActiveCommunity,
  whereConversationReadableBy,
  whereMessageReaches,
  type ConversationAction,
  type ConversationRelation
} from './messages';
export { assertOnInitiative, canOnInitiative, findInitiative, whereInitiativeReadableBy, type InitiativeAction, type InitiativeRelation } from './initiatives';
export { assertOnForm, canOnForm, findForm, hasResponded, isAcceptingResponses, whereFormReadableBy, type FormAction, type FormRelation } from './forms';
export { assertOnProposal, canOnProposal, type ProposalAction, type ProposalRelation } from './proposals';
export { assertOnPoll, canOnPoll, isPollClosed, resultsVisibleTo, watchesOverPoll, type PollAction, type PollRelation } from './polls';
export { whereSearchDocumentIn, whereSearchDocumentOfKindReadableBy, whereSearchDocumentReadableBy } from './search';

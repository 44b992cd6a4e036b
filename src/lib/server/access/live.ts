// Who may follow, answer and run an activity's live questions. They belong to the event: following
// them (the page and its stream) is reading the event; answering is for a signed-in participant —
// registered as going, an active member of a host community, or one who runs it — while the event
// is not cancelled; running them (writing the questions, moving from one to the next) is managing
// the event. Nothing is answered or run in an archived community. What a participant sees of the counts and the right answer is decided by the state of
// the session, in the quiz domain.
import type { Actor } from '../auth/actor';
import type { LiveSession } from '../db/schema';
import { forbidden, notFound } from '../errors';
import { canOnEvent, type EventRelation } from './events';

export type LiveAction =
  /** See the session as it stands, and follow it live. */
  | 'follow'
  /** Answer the question shown. */
  | 'answer'
  /** Write the questions, choose how scores are shown, start, reveal, move on, finish. */
  | 'run';

export type LiveRelation = EventRelation & { session: LiveSession | null };

export function canOnLive(actor: Actor | null, action: LiveAction, relation: LiveRelation): boolean {
  if (!canOnEvent(actor, 'read', relation)) return false;
  // An archived community is read-only, for the event's organisers too.
  const archived = relation.hosts.some((h) => h.community.status === 'archived');
  const runs = !archived && canOnEvent(actor, 'manage', relation);
  switch (action) {
    case 'follow':
      return true;
    case 'answer': {
      if (actor === null || relation.event.status === 'cancelled' || archived) return false;
      const member = relation.hosts.some((h) => h.membership?.status === 'active');
      return runs || member || relation.registration?.status === 'going';
    }
    case 'run':
      return runs;
  }
}

/** Throws unless the actor may: not_found for whoever may not see the event, else forbidden. */
export function assertOnLive(actor: Actor | null, action: LiveAction, relation: LiveRelation): void {
  if (canOnLive(actor, action, relation)) return;
  if (!canOnLive(actor, 'follow', relation)) throw notFound();
  if (action === 'answer' && relation.event.status === 'cancelled') throw forbidden('events.errors.cancelled');
  throw forbidden(action === 'answer' ? 'quiz.errors.not_participant' : undefined);
}

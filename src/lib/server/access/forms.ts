// Who may see, answer, run and read the results of a form (surveys, polls, quizzes, feedback). A
// form lives in a community and follows it: a private community's form never exists for outsiders.
// A draft exists only for those who run the form; results are for animators and stewards, and for
// respondents when the form says so.
//
// A feedback form (purpose `feedback`) belongs to an event too (`subject_id`), and the event decides:
// those who went (registered as going, once it started) answer it; those who run the event — its
// organisers, the animators of its hosts, administrators — run it and read its results, as they see
// the rest of the event's running (participants, attendance); nobody else knows it exists, members
// and stewards of its community included. Lists never carry feedback forms (whereFormReadableBy):
// each is reached from its event.
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Database, Form } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { forbidden, notFound, unauthorized } from '../errors';
import { can, membershipOf, whereContentReadableBy, type Relation } from './communities';
import { canOnEvent, eventRelation } from './events';

export type FormAction =
  /** Know it exists and read its questions. */
  | 'read'
  /** Answer it now (open, within its dates, and the actor is among those asked). */
  | 'respond'
  /** Edit, open, close, remind, delete. */
  | 'manage'
  /** Counts, charts, free-text answers, the CSV. */
  | 'read_results';

/** What the actor is to the event a feedback form is about, as canOnEvent() says. */
export type FormSubject = {
  kind: 'event';
  id: string;
  /** May see the event. */
  read: boolean;
  /** Runs it: organiser, animator of a host, administrator. */
  manage: boolean;
  /** Registered as going. */
  going: boolean;
  /** May give feedback now: went (going, it has started) and it was not cancelled. */
  answer: boolean;
};

/** The form, its community, and what the actor is to both (whether they took part already); for feedback, to its event. */
export type FormRelation = Relation & { form: Form; responded: boolean; subject?: FormSubject | null };

/** Open now: opened by its animators and within its dates. */
export function isAcceptingResponses(form: Pick<Form, 'status' | 'opens_at' | 'closes_at'>, at = Date.now()): boolean {
  return form.status === 'open' && (form.opens_at === null || at >= form.opens_at) && (form.closes_at === null || at < form.closes_at);
}

function isActiveMember(relation: Relation): boolean {
  return relation.membership?.status === 'active';
}

/** A feedback form: its event decides (see the header). Without its event (deleted), nobody. */
function canOnFeedback(actor: Actor | null, action: FormAction, relation: FormRelation): boolean {
  const { form, subject } = relation;
  if (!subject || !subject.read) return false;
  const live = relation.community.status !== 'archived';
  switch (action) {
    case 'manage':
      return subject.manage && live;
    case 'read':
      if (form.status === 'draft') return subject.manage && live;
      return subject.manage || subject.going;
    case 'respond':
      return live && isAcceptingResponses(form) && subject.answer;
    case 'read_results':
      if (!canOnFeedback(actor, 'read', relation)) return false;
      return subject.manage || (form.status !== 'draft' && form.results_visible_to === 'respondents' && relation.responded);
  }
}

export function canOnForm(actor: Actor | null, action: FormAction, relation: FormRelation): boolean {
  const { form } = relation;
  if (form.purpose === 'feedback') return canOnFeedback(actor, action, relation);
  // Administrators run any form but those of an archived community, which is read-only.
  const manages = can(actor, 'manage', relation);
  const steers = can(actor, 'steer', relation);
  const readable = can(actor, 'read_content', relation);
  switch (action) {
    case 'manage':
      return manages;
    case 'read':
      if (form.status === 'draft') return manages || actor?.role === 'admin';
      return readable;
    case 'respond':
      if (!isAcceptingResponses(form) || relation.community.status === 'archived') return false;
      // Members are always asked; `public` asks visitors too, while the community is public.
      if (actor !== null && isActiveMember(relation)) return true;
      return form.audience === 'public' && readable && relation.community.visibility === 'public';
    case 'read_results':
      // Nobody reads the results of a form they may not read (a draft, for a steward).
      if (!canOnForm(actor, 'read', relation)) return false;
      if (steers) return true;
      return form.status !== 'draft' && form.results_visible_to === 'respondents' && relation.responded && readable;
  }
}

/** Throws not_found unless the actor may; someone who may read the form but not do this is told so. */
export function assertOnForm(actor: Actor | null, action: FormAction, relation: FormRelation): void {
  if (canOnForm(actor, action, relation)) return;
  if (action !== 'read' && canOnForm(actor, 'read', relation)) {
    // Signing in is suggested only where it would help: a form taking answers now.
    const signingInHelps = actor === null && action === 'respond' && isAcceptingResponses(relation.form) && relation.community.status !== 'archived';
    throw signingInHelps ? unauthorized() : forbidden();
  }
  throw notFound();
}

/** Whether this member answered the form (their response, or the participation mark of an anonymous one). */
export async function hasResponded(db: Executor, form: Pick<Form, 'id' | 'anonymous'>, userId: string | null): Promise<boolean> {
  if (!userId) return false;
  const row = form.anonymous
    ? await db.selectFrom('form_participations').select('user_id').where('form_id', '=', form.id).where('user_id', '=', userId).executeTakeFirst()
    : await db.selectFrom('form_responses').select('id').where('form_id', '=', form.id).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** The form with its relation, or not_found if the actor may not read it. */
export async function findForm(db: DB | Executor, actor: Actor | null, id: string): Promise<FormRelation> {
  const form = await db.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
  if (!form) throw notFound();
  const community = await db.selectFrom('communities').selectAll().where('id', '=', form.community_id).executeTakeFirstOrThrow();
  const relation: FormRelation = {
    form,
    community,
    membership: await membershipOf(db as DB, actor, community.id),
    responded: await hasResponded(db, form, actor?.id ?? null),
    subject: form.purpose === 'feedback' ? await feedbackSubject(db, actor, form.subject_id) : null
  };
  assertOnForm(actor, 'read', relation);
  return relation;
}

/** What the actor is to the event of a feedback form. */
async function feedbackSubject(db: DB | Executor, actor: Actor | null, eventId: string | null): Promise<FormSubject | null> {
  const relation = eventId ? await eventRelation(db as DB, actor, eventId) : null;
  if (!relation) return null;
  return {
    kind: 'event',
    id: relation.event.id,
    read: canOnEvent(actor, 'read', relation),
    manage: canOnEvent(actor, 'manage', relation),
    going: relation.registration?.status === 'going',
    answer: canOnEvent(actor, 'give_feedback', relation)
  };
}

/**
 * The SQL form of `canOnForm(actor, 'read', …)` for lists of forms (feedback forms aside: none is listed): drafts only for those who run
 * them, the rest wherever the actor may read the community's content.
 */
export function whereFormReadableBy(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'forms'>) => eb.and([eb('forms.purpose', '!=', 'feedback'), readableUnlessFeedback(actor)(eb)]);
}

function readableUnlessFeedback(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'forms'>) => {
    const contentReadable = eb('forms.community_id', 'in', eb.selectFrom('communities').select('communities.id').where(whereContentReadableBy(actor)));
    const published = eb.and([eb('forms.status', '!=', 'draft'), contentReadable]);
    if (!actor) return published;
    if (actor.role === 'admin') return eb.lit(true);
    const animates = eb(
      'forms.community_id',
      'in',
      eb
        .selectFrom('memberships')
        .innerJoin('communities', 'communities.id', 'memberships.community_id')
        .select('memberships.community_id')
        .where('memberships.user_id', '=', actor.id)
        .where('memberships.status', '=', 'active')
        .where('memberships.role', '=', 'animator')
        // As can('manage'): not archived, and not waiting for approval either.
        .where('communities.status', '=', 'active')
    );
    return eb.or([published, animates]);
  };
}

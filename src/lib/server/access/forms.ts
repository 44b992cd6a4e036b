// Who may see, answer, run and read the results of a form (surveys, polls, quizzes, feedback). A
// form lives in a community and follows it: a private community's form never exists for outsiders.
// A draft exists only for those who run the form; results are for animators and stewards, and for
// respondents when the form says so.
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Database, Form } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { forbidden, notFound, unauthorized } from '../errors';
import { can, membershipOf, whereContentReadableBy, type Relation } from './communities';

export type FormAction =
  /** Know it exists and read its questions. */
  | 'read'
  /** Answer it now (open, within its dates, and the actor is among those asked). */
  | 'respond'
  /** Edit, open, close, remind, delete. */
  | 'manage'
  /** Counts, charts, free-text answers, the CSV. */
  | 'read_results';

/** The form, its community, and what the actor is to both (whether they took part already). */
export type FormRelation = Relation & { form: Form; responded: boolean };

/** Open now: opened by its animators and within its dates. */
export function isAcceptingResponses(form: Pick<Form, 'status' | 'opens_at' | 'closes_at'>, at = Date.now()): boolean {
  return form.status === 'open' && (form.opens_at === null || at >= form.opens_at) && (form.closes_at === null || at < form.closes_at);
}

function isActiveMember(relation: Relation): boolean {
  return relation.membership?.status === 'active';
}

export function canOnForm(actor: Actor | null, action: FormAction, relation: FormRelation): boolean {
  const { form } = relation;
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
  const relation: FormRelation = { form, community, membership: await membershipOf(db as DB, actor, community.id), responded: await hasResponded(db, form, actor?.id ?? null) };
  assertOnForm(actor, 'read', relation);
  return relation;
}

/**
 * The SQL form of `canOnForm(actor, 'read', …)` for lists of forms: drafts only for those who run
 * them, the rest wherever the actor may read the community's content.
 */
export function whereFormReadableBy(actor: Actor | null) {
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

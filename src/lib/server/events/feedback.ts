// Feedback after an event, on the forms engine (issue 18, use 5). Each event has at most one form of
// purpose `feedback` (subject_id: the event), made from the feedback template the first time someone
// needs it: a participant who went, or one of its organisers, once it has started — or a call to the
// API. A partial unique index on forms (0029_feedback_on_forms) keeps it to one when two people
// arrive at once. Who answers and who reads the results is the event's to say (access/forms.ts).
// The older ratings (event_feedback) were copied onto these forms and are no longer written.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import { assertOnEvent, canOnEvent, canOnForm, findEvent, findForm, requireMember, type EventRelation } from '../access';
import { newId, now } from '../ids';
import { translate } from '../../i18n';
import { DomainError } from '../errors';
import { feedbackSurvey } from '../forms/templates';
import { myResponse, submitResponse } from '../forms/responses';
import { feedbackSchema, type FeedbackInput } from './schemas';
import { formTextLimits } from '../forms/forms';
import { definitionSchema } from '../forms/model';

/** The questions the old rating and comment live in (see forms/templates.ts). */
export const feedbackQuestions = { rating: 'satisfaction', comment: 'comment' } as const;

/** The template as the engine stores a definition: every default filled in. */
export const feedbackDefinition = () => definitionSchema.parse(feedbackSurvey);

/** The event's feedback form, or null while nobody has needed one. */
async function existingForm(db: Executor, eventId: string): Promise<string | null> {
  const row = await db.selectFrom('forms').select('id').where('purpose', '=', 'feedback').where('subject_id', '=', eventId).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The event's feedback form, made now if it has none. Its community is the event's home: the first
 * of its hosts as the event lists them. Safe to call twice at once: the second insert does nothing.
 */
export async function feedbackFormOf(db: DB, relation: EventRelation): Promise<string> {
  const { event } = relation;
  const found = await existingForm(db, event.id);
  if (found) return found;
  const home = relation.hosts[0];
  if (!home) throw new Error(`event ${event.id} has no host`);
  const at = now();
  const id = newId();
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('forms')
      .values({
        id,
        community_id: home.community.id,
        purpose: 'feedback',
        subject_id: event.id,
        title: translate(event.language, 'events.feedback_form_title', { title: event.title }).slice(0, formTextLimits.titleMax),
        description: translate(event.language, 'events.feedback_form_description'),
        language: event.language,
        status: 'open',
        opens_at: null,
        closes_at: null,
        anonymous: 0,
        audience: 'members',
        results_visible_to: 'animators',
        version: 1,
        reminded_at: null,
        created_by: event.created_by,
        created_at: at,
        updated_at: at
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return (await existingForm(tx, event.id))!;
    await tx.insertInto('form_versions').values({ form_id: id, version: 1, definition: JSON.stringify(feedbackDefinition()), created_at: at }).execute();
    return id;
  });
}

export type FeedbackSummary = {
  /** Where the full results (charts, free text, CSV) are: /f/{formId}/results. */
  formId: string;
  count: number;
  average: number | null;
  ratings: number[];
  comments: string[];
};

async function summarise(db: DB, formId: string): Promise<FeedbackSummary> {
  const count = Number(
    (await db.selectFrom('form_responses').select((eb) => eb.fn.countAll<number>().as('n')).where('form_id', '=', formId).executeTakeFirstOrThrow()).n
  );
  const answers = await db
    .selectFrom('form_answers')
    .innerJoin('form_responses', 'form_responses.id', 'form_answers.response_id')
    .select(['form_answers.question_id', 'form_answers.number', 'form_answers.text'])
    .where('form_answers.form_id', '=', formId)
    .where('form_answers.question_id', 'in', [feedbackQuestions.rating, feedbackQuestions.comment])
    .orderBy('form_responses.submitted_at')
    .orderBy('form_responses.id')
    .execute();
  const notes = answers.filter((a) => a.question_id === feedbackQuestions.rating && a.number !== null).map((a) => Number(a.number));
  return {
    formId,
    count,
    average: notes.length ? Math.round((notes.reduce((sum, n) => sum + n, 0) / notes.length) * 10) / 10 : null,
    ratings: [1, 2, 3, 4, 5].map((note) => notes.filter((n) => n === note).length),
    comments: answers.filter((a) => a.question_id === feedbackQuestions.comment && a.text).map((a) => a.text!)
  };
}

/** The participant's rating and comment (the API's older door): the other answers they gave stay. */
export async function giveFeedback(db: DB, actor: Actor | null, eventId: string, raw: FeedbackInput): Promise<void> {
  const member = requireMember(actor);
  const input = feedbackSchema.parse(raw);
  const relation = await findEvent(db, member, eventId);
  assertOnEvent(member, 'give_feedback', relation);
  const formId = await feedbackFormOf(db, relation);
  const mine = await myResponse(db, member, formId);
  await submitResponse(db, { actor: member }, formId, {
    answers: { ...(mine?.answers ?? {}), [feedbackQuestions.rating]: input.rating, [feedbackQuestions.comment]: input.comment ?? '' },
    other: mine?.other ?? {}
  });
}

/** For organisers: how many answered, the average satisfaction, how many gave each note, the comments without names. */
export async function feedbackSummary(db: DB, actor: Actor | null, eventId: string): Promise<FeedbackSummary> {
  const relation = await findEvent(db, requireMember(actor), eventId);
  assertOnEvent(actor, 'manage', relation);
  return summarise(db, await feedbackFormOf(db, relation));
}

export type EventFeedback = {
  formId: string;
  /** The viewer answered; a named response they may change while they may answer. */
  responded: boolean;
  mayAnswer: boolean;
  /** For those who read the results. */
  summary: FeedbackSummary | null;
};

/** What the event's page shows of its feedback to this viewer; null when nothing. */
export async function eventFeedback(db: DB, actor: Actor | null, eventId: string, at = now()): Promise<EventFeedback | null> {
  if (!actor) return null;
  const relation = await findEvent(db, actor, eventId);
  const started = relation.event.starts_at <= at;
  const concerned = canOnEvent(actor, 'give_feedback', relation, at) || canOnEvent(actor, 'manage', relation, at);
  // Made once it has started, for those it concerns; a cancelled event gets none. One that exists
  // (asked for through the API, or before it was cancelled) still shows its results.
  const formId = concerned && started && relation.event.status !== 'cancelled' ? await feedbackFormOf(db, relation) : await existingForm(db, eventId);
  if (!formId) return null;
  let form;
  try {
    form = await findForm(db, actor, formId);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return null;
    throw error;
  }
  const results = canOnForm(actor, 'read_results', form);
  const mayAnswer = canOnForm(actor, 'respond', form);
  if (!results && !mayAnswer && !form.responded) return null;
  return { formId, responded: form.responded, mayAnswer, summary: results ? await summarise(db, formId) : null };
}

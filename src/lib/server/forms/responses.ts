// Answering a form. A member's named response is theirs to change while the form is open (the new
// answers replace the old, against the current version). An anonymous response is stored without
// any link to the member: in the same transaction, a participation mark (who, which day) so nobody
// answers twice, and the response (a random id, the day only, the segment for the results' filters,
// no member). Visitors answer public forms, within a rate limit per address, behind a honeypot.
import { randomUUID } from 'node:crypto';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Insertable } from 'kysely';
import type { FormAnswersTable } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { assertOnForm, findForm } from '../access';
import { conflict, rateLimited } from '../errors';
import { now } from '../ids';
import { currentDefinition } from './forms';
import { readAnswers, type Answer, type AnswersInput } from './model';

const dayMs = 24 * 3600 * 1000;
const dayOf = (at: number) => Math.floor(at / dayMs) * dayMs;

/** Visitors' responses to public forms: per client address, 20 an hour. */
const visitorLimit = new RateLimiterMemory({ keyPrefix: 'form_response:ip', points: 20, duration: 3600 });

export type Respondent = { actor: Actor | null; ip?: string };

/** The answer rows of one response. */
function answerRows(responseId: string, formId: string, answers: Map<string, Answer>): Insertable<FormAnswersTable>[] {
  const rows: Insertable<FormAnswersTable>[] = [];
  for (const [questionId, answer] of answers) {
    const base = { response_id: responseId, form_id: formId, question_id: questionId };
    if (answer.kind === 'choice') answer.choices.forEach((choice, position) => rows.push({ ...base, position, choice, number: null, text: choice === 'other' ? answer.other : null }));
    else if (answer.kind === 'ranking') answer.order.forEach((choice, position) => rows.push({ ...base, position, choice, number: position + 1, text: null }));
    else if (answer.kind === 'number') rows.push({ ...base, position: 0, choice: null, number: answer.value, text: null });
    else rows.push({ ...base, position: 0, choice: null, number: null, text: answer.value });
  }
  return rows;
}

/**
 * Marks, in the transaction that changes a form's answers, that its counted results are out of date
 * (results.ts keeps them under the revision). Whatever adds, replaces or removes answers calls it. On
 * PostgreSQL it also takes the form's row lock first, so answers to one form commit one at a time.
 */
export async function answersChanged(tx: Executor, formId: string): Promise<void> {
  await tx
    .updateTable('forms')
    .set((eb) => ({ answers_revision: eb('answers_revision', '+', 1) }))
    .where('id', '=', formId)
    .execute();
}

async function insertAnswers(tx: Executor, rows: Insertable<FormAnswersTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await tx.insertInto('form_answers').values(rows.slice(i, i + 200)).execute();
}

/** What the results may be filtered by: the respondent's role in the community, region and organisation. */
async function segmentOf(db: Executor, communityId: string, userId: string | null) {
  if (!userId) return { segment_role: null, segment_region: null, segment_organisation: null };
  const row = await db
    .selectFrom('users')
    .leftJoin('profiles', 'profiles.user_id', 'users.id')
    .leftJoin('organisations', 'organisations.id', 'profiles.organisation_id')
    .leftJoin('memberships', (join) => join.onRef('memberships.user_id', '=', 'users.id').on('memberships.community_id', '=', communityId).on('memberships.status', '=', 'active'))
    .select(['memberships.role', 'profiles.region', 'organisations.name as organisation'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  return { segment_role: row?.role ?? null, segment_region: row?.region?.trim() || null, segment_organisation: row?.organisation ?? null };
}

/**
 * Records a response. Returns whether it replaced an earlier one (a member answering again). A
 * second anonymous response from the same member is refused with a conflict, and nothing changes.
 */
export async function submitResponse(db: DB, who: Respondent, formId: string, raw: AnswersInput): Promise<{ replaced: boolean }> {
  const { actor } = who;
  const relation = await findForm(db, actor, formId);
  assertOnForm(actor, 'respond', relation);
  const { form } = relation;
  const definition = await currentDefinition(db, form);
  const answers = readAnswers(definition, raw);
  if (!actor) {
    try {
      await visitorLimit.consume(who.ip ?? 'unknown');
    } catch (refusal) {
      throw rateLimited(Math.max(1, Math.ceil((refusal as RateLimiterRes).msBeforeNext / 1000)));
    }
  }
  const at = now();
  return db.transaction().execute(async (tx) => {
    await answersChanged(tx, form.id);
    const segment = await segmentOf(tx, form.community_id, actor?.id ?? null);
    if (form.anonymous && actor) {
      const mark = await tx
        .insertInto('form_participations')
        .values({ form_id: form.id, user_id: actor.id, day: dayOf(at) })
        .onConflict((oc) => oc.columns(['form_id', 'user_id']).doNothing())
        .executeTakeFirst();
      if (Number(mark.numInsertedOrUpdatedRows ?? 0) === 0) throw conflict('forms.errors.already_answered');
    }
    if (!form.anonymous && actor) {
      const earlier = await tx.selectFrom('form_responses').select('id').where('form_id', '=', form.id).where('user_id', '=', actor.id).executeTakeFirst();
      if (earlier) {
        await tx.deleteFrom('form_answers').where('response_id', '=', earlier.id).execute();
        await tx.updateTable('form_responses').set({ version: form.version, ...segment, updated_at: at }).where('id', '=', earlier.id).execute();
        await insertAnswers(tx, answerRows(earlier.id, form.id, answers));
        return { replaced: true };
      }
    }
    const id = randomUUID();
    const anonymous = form.anonymous === 1 || !actor;
    const stamp = form.anonymous ? dayOf(at) : at;
    await tx
      .insertInto('form_responses')
      .values({ id, form_id: form.id, version: form.version, user_id: anonymous ? null : actor!.id, ...segment, submitted_at: stamp, updated_at: stamp })
      .execute();
    await insertAnswers(tx, answerRows(id, form.id, answers));
    return { replaced: false };
  });
}

/** The caller's own named response (to show it and change it), or null. Anonymous ones have none to show. */
export async function myResponse(db: DB, actor: Actor | null, formId: string): Promise<{ answers: Record<string, string | string[] | number>; other: Record<string, string>; submittedAt: number; updatedAt: number } | null> {
  if (!actor) return null;
  const { form } = await findForm(db, actor, formId);
  if (form.anonymous) return null;
  const response = await db.selectFrom('form_responses').select(['id', 'submitted_at', 'updated_at']).where('form_id', '=', form.id).where('user_id', '=', actor.id).executeTakeFirst();
  if (!response) return null;
  const rows = await db.selectFrom('form_answers').selectAll().where('response_id', '=', response.id).orderBy('question_id').orderBy('position').execute();
  const definition = await currentDefinition(db, form);
  const answers: Record<string, string | string[] | number> = {};
  const other: Record<string, string> = {};
  for (const question of definition.questions) {
    const mine = rows.filter((r) => r.question_id === question.id);
    if (mine.length === 0) continue;
    if (question.kind === 'multiple' || question.kind === 'ranking') answers[question.id] = mine.map((r) => r.choice!);
    else if (question.kind === 'scale') answers[question.id] = Number(mine[0]!.number);
    else if (question.kind === 'single' || question.kind === 'yes_no') answers[question.id] = mine[0]!.choice!;
    else answers[question.id] = mine[0]!.text ?? '';
    const otherText = mine.find((r) => r.choice === 'other')?.text;
    if (otherText) other[question.id] = otherText;
  }
  return { answers, other, submittedAt: Number(response.submitted_at), updatedAt: Number(response.updated_at) };
}

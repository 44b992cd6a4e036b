// Reminding those who have not answered: once per survey, while it takes answers, by its animators.
// The reminder is a journal entry; the fan-out tells each active member who has neither a named
// response nor an anonymous participation mark, through their notification choices and their weekly
// email ceiling (past it, the reminder waits in their digest), like every other notification.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import { assertOnForm, findForm, isAcceptingResponses } from '../access';
import { conflict } from '../errors';
import { now } from '../ids';
import { record } from '../journal';

/**
 * How many active members of the community have not answered: what a reminder would reach at most.
 * The one who would send it is not counted, as they are not told about what they do themselves.
 */
export async function nonRespondentCount(db: Executor, form: { id: string; community_id: string }, sender: string | null = null): Promise<number> {
  let q = db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('memberships.community_id', '=', form.community_id)
    .where('memberships.status', '=', 'active')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('form_responses').select('form_responses.id').where('form_responses.form_id', '=', form.id).whereRef('form_responses.user_id', '=', 'memberships.user_id'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('form_participations').select('form_participations.user_id').where('form_participations.form_id', '=', form.id).whereRef('form_participations.user_id', '=', 'memberships.user_id'))));
  if (sender) q = q.where('memberships.user_id', '!=', sender);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Sends the reminder; a second one, or one for a survey that takes no answers, is refused and changes nothing. */
export async function remindNonRespondents(db: DB, actor: Actor | null, formId: string): Promise<{ remindedAt: number }> {
  const relation = await findForm(db, actor, formId);
  assertOnForm(actor, 'manage', relation);
  const { form } = relation;
  // Who a reminder reaches is the community's members; a feedback form's are the event's participants.
  if (form.purpose === 'feedback') throw conflict('forms.errors.remind_feedback');
  if (!isAcceptingResponses(form)) throw conflict('forms.errors.remind_not_open');
  const at = now();
  await db.transaction().execute(async (tx) => {
    // The condition in the update makes two animators clicking at once send one reminder.
    const updated = await tx.updateTable('forms').set({ reminded_at: at }).where('id', '=', form.id).where('reminded_at', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw conflict('forms.errors.already_reminded');
    await record(tx, { kind: 'form.reminded', actorId: actor!.id, communityId: form.community_id, payload: { formId: form.id, title: form.title } });
  });
  return { remindedAt: at };
}

// The welcome survey: a community may keep one open form of purpose `welcome`, asked of each member
// who joined after it was written, on the community's page. "Not now" puts it aside for a week; the
// second "not now" is the last, and the member is not asked again. Answering ends the asking.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { canOnForm, findCommunity, findForm } from '../access';
import { conflict } from '../errors';
import { now } from '../ids';

/** How long a first "not now" holds before the survey is asked once more. */
export const welcomeSnooze = 7 * 24 * 3600 * 1000;
/** After this many "not now", the member is not asked again. */
const skipsAllowed = 2;

export type WelcomePrompt = { formId: string; title: string; askedAgain: boolean };

/** The welcome survey to ask this member on the community's page now, or null. */
export async function welcomePrompt(db: DB, actor: Actor | null, slug: string, at = now()): Promise<WelcomePrompt | null> {
  if (!actor) return null;
  const { community } = await findCommunity(db, actor, slug);
  // Open welcome surveys written before the actor joined (the active membership, in the same query).
  const candidates = await db
    .selectFrom('forms')
    .innerJoin('memberships', (join) =>
      join.on('memberships.community_id', '=', community.id).on('memberships.user_id', '=', actor.id).on('memberships.status', '=', 'active')
    )
    .leftJoin('form_prompts', (join) => join.onRef('form_prompts.form_id', '=', 'forms.id').on('form_prompts.user_id', '=', actor.id))
    .select(['forms.id', 'forms.title', 'form_prompts.skips', 'form_prompts.skipped_at'])
    .where('forms.community_id', '=', community.id)
    .where('forms.purpose', '=', 'welcome')
    .where('forms.status', '=', 'open')
    .where((eb) => eb('forms.created_at', '<=', eb.fn.coalesce('memberships.joined_at', 'memberships.created_at')))
    .orderBy('forms.created_at', 'desc')
    .limit(3)
    .execute();
  for (const candidate of candidates) {
    const skips = Number(candidate.skips ?? 0);
    if (skips >= skipsAllowed || (skips > 0 && at - Number(candidate.skipped_at) < welcomeSnooze)) continue;
    const relation = await findForm(db, actor, candidate.id);
    if (relation.responded || !canOnForm(actor, 'respond', relation)) continue;
    return { formId: candidate.id, title: candidate.title, askedAgain: skips > 0 };
  }
  return null;
}

/** "Not now": counted, so that the survey comes back once, a week later. Only for a welcome survey the member is asked. */
export async function skipWelcomeSurvey(db: DB, actor: Actor | null, formId: string, at = now()): Promise<void> {
  const relation = await findForm(db, actor, formId);
  if (relation.form.purpose !== 'welcome' || !actor || !canOnForm(actor, 'respond', relation)) throw conflict('forms.errors.not_welcome');
  await db
    .insertInto('form_prompts')
    .values({ form_id: formId, user_id: actor.id, skips: 1, skipped_at: at })
    .onConflict((oc) => oc.columns(['form_id', 'user_id']).doUpdateSet((eb) => ({ skips: eb('form_prompts.skips', '+', 1), skipped_at: at })))
    .execute();
}

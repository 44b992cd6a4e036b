import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { addQuestion, answer, control, liveView, removeQuestion } from '$lib/server/quiz';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure } from '$lib/server/http/forms';
import { liveControls } from '$lib/shared/live';

// An activity's live questions: the animator writes them and runs them one at a time; participants
// answer the one shown. Every action answers with a redirect back to the page, so reloading never
// sends twice, and the page works the same without JavaScript (it then refreshes itself).
export const load: PageServerLoad = async ({ locals, params }) => orPageError(async () => ({ live: await liveView(db(), locals.user, params.id) }));

const back = (id: string, anchor = '') => `/e/${id}/live${anchor}`;
type Control = (typeof liveControls)[number];

export const actions: Actions = {
  addQuestion: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const correct = field(form, 'correct');
    try {
      await addQuestion(db(), user, params.id, {
        prompt: String(form.get('prompt') ?? ''),
        options: String(form.get('options') ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
        correct: correct === undefined ? null : Number(correct)
      });
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), action: 'addQuestion' });
    }
    redirect(303, back(params.id, '#questions'));
  },
  removeQuestion: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await removeQuestion(db(), user, params.id, String(form.get('questionId') ?? ''));
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'run' });
    }
    redirect(303, back(params.id, '#questions'));
  },
  control: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const scoring = field(form, 'scoring');
    try {
      await control(db(), user, params.id, { action: String(form.get('move') ?? '') as Control, ...(scoring ? { scoring: scoring as 'named' } : {}) });
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'run' });
    }
    redirect(303, back(params.id));
  },
  answer: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const choice = field(form, 'choice');
    try {
      await answer(db(), user, params.id, { questionId: String(form.get('questionId') ?? ''), choice: choice === undefined || !/^\d+$/.test(choice) ? -1 : Number(choice) });
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'answer' });
    }
    redirect(303, back(params.id));
  }
};

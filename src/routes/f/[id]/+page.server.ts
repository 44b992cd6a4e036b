import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { getForm, myResponse, submitResponse } from '$lib/server/forms';
import { orPageError } from '$lib/server/http/pages';
import { formFailure } from '$lib/server/http/forms';
import { answersFrom, givenFrom } from '$lib/server/http/survey-form';

// Answering a survey: the questions with native inputs, one's named answer to change while it is
// open, or the word that an anonymous answer was recorded and cannot be shown back.
export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
  const { survey } = await parent();
  return orPageError(async () => {
    const mine = survey.anonymous ? null : await myResponse(db(), locals.user, params.id);
    return {
      mine: mine ? { given: givenFrom(mine, survey.definition), updatedAt: mine.updatedAt } : null,
      thanks: url.searchParams.has('thanks')
    };
  });
};

export const actions: Actions = {
  respond: async ({ locals, params, request, getClientAddress }) => {
    const form = await request.formData();
    let given = null;
    try {
      const { definition } = await getForm(db(), locals.user, params.id);
      const input = answersFrom(form, definition);
      given = givenFrom(input, definition);
      // The honeypot: a robot that filled the hidden field is thanked, and nothing is recorded.
      if (!form.get('website')) await submitResponse(db(), { actor: locals.user, ip: getClientAddress() }, params.id, input);
    } catch (error) {
      return formFailure(error, locals.locale, { given });
    }
    redirect(303, `/f/${params.id}?thanks#answer`);
  }
};

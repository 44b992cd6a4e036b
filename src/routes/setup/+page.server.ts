import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createFirstAdmin, needsSetup } from '$lib/server/auth/setup';
import { echo, readForm, signUpForm } from '$lib/server/auth/forms';
import { accountFailure, clientOf, forwardCookies } from '$lib/server/http/auth';

export const load: PageServerLoad = async () => {
  if (!(await needsSetup())) redirect(303, '/login');
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    let cookies: Headers;
    try {
      const input = readForm(signUpForm, form);
      cookies = await createFirstAdmin(clientOf(event), { ...input, locale: event.locals.locale });
    } catch (error) {
      return accountFailure(error, event, echo(form, 'name', 'email'));
    }
    forwardCookies(cookies, event.cookies);
    redirect(303, '/');
  }
};

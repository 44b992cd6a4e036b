import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { signUp } from '$lib/server/auth/accounts';
import { echo, readForm, signUpForm } from '$lib/server/auth/forms';
import { accountFailure, clientOf } from '$lib/server/http/auth';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (locals.user) redirect(303, '/');
  // An invitation link proposes the invited address.
  return { suggestedEmail: url.searchParams.get('email')?.slice(0, 254) ?? '' };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    try {
      const input = readForm(signUpForm, form);
      await signUp(clientOf(event), { ...input, locale: event.locals.locale });
      // The same answer whether the address is new or already has an account (which gets an email saying so).
      return { sent: true, email: input.email };
    } catch (error) {
      return accountFailure(error, event, echo(form, 'name', 'email'));
    }
  }
};

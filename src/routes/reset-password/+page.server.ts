import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { resetPassword } from '$lib/server/auth/accounts';
import { readForm, resetForm } from '$lib/server/auth/forms';
import { accountFailure } from '$lib/server/http/auth';

export const load: PageServerLoad = async ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    try {
      const { token, password } = readForm(resetForm, form);
      await resetPassword(token, password);
    } catch (error) {
      return accountFailure(error, event);
    }
    redirect(303, '/login?reset');
  }
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { signOut } from '$lib/server/auth/accounts';
import { clientOf, forwardCookies } from '$lib/server/http/auth';

// Signing out changes state, so it is a POST; a GET (a prefetch, a link) only shows the button.
export const load: PageServerLoad = async ({ locals }) => {
  if (!locals.user) redirect(303, '/');
};

export const actions: Actions = {
  default: async (event) => {
    forwardCookies(await signOut(clientOf(event)), event.cookies);
    redirect(303, '/login?signedout');
  }
};

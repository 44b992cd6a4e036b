// The magic link lands here and asks for one click: mail scanners that follow links must not
// use up the link or walk away with a session.
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { signInWithMagicLink } from '$lib/server/auth/accounts';
import { readForm, tokenForm } from '$lib/server/auth/forms';
import { accountFailure, clientOf, forwardCookies } from '$lib/server/http/auth';

export const load: PageServerLoad = async ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    let cookies: Headers;
    try {
      cookies = await signInWithMagicLink(clientOf(event), readForm(tokenForm, form).token);
    } catch (error) {
      return accountFailure(error, event);
    }
    forwardCookies(cookies, event.cookies);
    redirect(303, '/');
  }
};

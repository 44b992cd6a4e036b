import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestMagicLink, resendVerification, signIn } from '$lib/server/auth/accounts';
import { echo, emailForm, readForm, safeRedirect, signInForm } from '$lib/server/auth/forms';
import { accountFailure, clientOf, forwardCookies } from '$lib/server/http/auth';

const notices = ['verified', 'reset', 'signedout'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (locals.user) redirect(303, redirectTo);
  const notice = notices.find((n) => url.searchParams.has(n)) ?? null;
  return { redirectTo, notice };
};

export const actions: Actions = {
  password: async (event) => {
    const form = await event.request.formData();
    let cookies: Headers;
    try {
      cookies = await signIn(clientOf(event), readForm(signInForm, form));
    } catch (error) {
      return accountFailure(error, event, { ...echo(form, 'email'), action: 'password' });
    }
    forwardCookies(cookies, event.cookies);
    redirect(303, safeRedirect(String(form.get('redirectTo') ?? '')));
  },
  magic: async (event) => {
    const form = await event.request.formData();
    try {
      const { email } = readForm(emailForm, form);
      await requestMagicLink(clientOf(event), email);
      return { action: 'magic', sent: email };
    } catch (error) {
      return accountFailure(error, event, { ...echo(form, 'email'), action: 'magic' });
    }
  },
  resend: async (event) => {
    const form = await event.request.formData();
    try {
      const { email } = readForm(emailForm, form);
      await resendVerification(clientOf(event), email);
      return { action: 'resend', sent: email };
    } catch (error) {
      return accountFailure(error, event, { ...echo(form, 'email'), action: 'resend' });
    }
  }
};

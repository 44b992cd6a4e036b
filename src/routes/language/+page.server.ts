import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isLocale } from '$lib/i18n';
import { LOCALE_COOKIE } from '$lib/server/http/locale';
import { saveLocalePreference } from '$lib/server/auth/preferences';
import { safeRedirect } from '$lib/server/auth/forms';

export const load: PageServerLoad = async () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ request, cookies, locals, url }) => {
    const form = await request.formData();
    const locale = form.get('locale');
    if (isLocale(locale)) {
      cookies.set(LOCALE_COOKIE, locale, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: url.protocol === 'https:',
        maxAge: 60 * 60 * 24 * 365
      });
      if (locals.user) await saveLocalePreference(locals.user.id, locale);
    }
    redirect(303, safeRedirect(String(form.get('redirectTo') ?? '/')));
  }
};

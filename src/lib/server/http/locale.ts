import type { Handle } from '@sveltejs/kit';
import { negotiateLocale } from '../../i18n';

export const LOCALE_COOKIE = 'ruche_lang';

/** Chooses the request's language: the switch (cookie), the member's saved preference, the browser. */
export const localeHandle: Handle = async ({ event, resolve }) => {
  const choice = event.cookies.get(LOCALE_COOKIE) ?? event.locals.user?.locale ?? null;
  const locale = negotiateLocale(choice, event.request.headers.get('accept-language'));
  event.locals.locale = locale;
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', locale)
  });
};

import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '$lib/server/db';
import { setDisplayTimeZone } from '$lib/server/preferences';
import { requireSignedIn } from '$lib/server/http/pages';
import { changeEmailForm, changePasswordForm, echo, profileForm, readForm } from '$lib/server/auth/forms';
import { changeEmail, changePassword, signOutOtherSessions, updateProfile } from '$lib/server/auth/settings';
import { accountFailure, clientOf, forwardCookies } from '$lib/server/http/auth';
import { LOCALE_COOKIE } from '$lib/server/http/locale';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  return {
    account: { name: user.name, email: user.email, locale: user.locale, emailVerified: user.emailVerified, timeZone: user.timeZone ?? null }
  };
};

/** Runs one settings form; a failure names the form so the page shows it in the right place. */
async function settingsAction(event: RequestEvent, name: string, work: (form: FormData) => Promise<{ sent?: string }>) {
  const form = await event.request.formData();
  try {
    return { action: name, ...(await work(form)) };
  } catch (error) {
    return accountFailure(error, event, { ...echo(form, 'name', 'newEmail'), action: name });
  }
}

export const actions: Actions = {
  profile: (event) =>
    settingsAction(event, 'profile', async (form) => {
      const user = requireSignedIn(event.locals.user, event.url);
      const input = readForm(profileForm, form);
      await updateProfile(clientOf(event), user, input);
      // The page drawn after this action already speaks the new language and shows the new name.
      event.locals.locale = input.locale;
      event.locals.user = { ...user, name: input.name, locale: input.locale };
      // The language switch's cookie wins over the saved preference, so it follows the new choice.
      event.cookies.set(LOCALE_COOKIE, input.locale, {
        path: '/', httpOnly: true, sameSite: 'lax', secure: event.url.protocol === 'https:', maxAge: 60 * 60 * 24 * 365
      });
      return {};
    }),
  timeZone: (event) =>
    settingsAction(event, 'timeZone', async (form) => {
      const user = requireSignedIn(event.locals.user, event.url);
      const zone = String(form.get('timeZone') ?? '') || null;
      await setDisplayTimeZone(db(), user, zone);
      event.locals.user = { ...user, timeZone: zone };
      return {};
    }),
  email: (event) =>
    settingsAction(event, 'email', async (form) => {
      const user = requireSignedIn(event.locals.user, event.url);
      const input = readForm(changeEmailForm, form);
      await changeEmail(clientOf(event), user, input);
      return { sent: input.newEmail };
    }),
  password: (event) =>
    settingsAction(event, 'password', async (form) => {
      const user = requireSignedIn(event.locals.user, event.url);
      forwardCookies(await changePassword(clientOf(event), user, readForm(changePasswordForm, form)), event.cookies);
      return {};
    }),
  sessions: (event) =>
    settingsAction(event, 'sessions', async () => {
      requireSignedIn(event.locals.user, event.url);
      await signOutOtherSessions(clientOf(event));
      return {};
    })
};

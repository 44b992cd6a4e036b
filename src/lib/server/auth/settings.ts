// A signed-in member's own account: name, language, address, password, other sessions.
import type { Actor } from './actor';
import type { Locale } from '../../i18n';
import { getAuth } from '.';
import { AccountError, authHeaders, betterAuthCode } from './outcome';
import { assertAcceptablePassword, type AuthClient } from './accounts';
import { assertNotLimited, forgiveAccount, recordAttempt } from './rate-limit';
import { saveLocalePreference } from './preferences';

export async function updateProfile(client: AuthClient, actor: Actor, input: { name: string; locale: Locale }): Promise<void> {
  const auth = await getAuth();
  if (input.name !== actor.name) {
    await auth.api.updateUser({ body: { name: input.name }, headers: authHeaders(client.headers) });
  }
  if (input.locale !== actor.locale) await saveLocalePreference(actor.id, input.locale);
}

/** Asking for the current password again guards the account against a borrowed, unlocked screen. */
async function confirmPassword(client: AuthClient, actor: Actor, password: string, field: 'currentPassword') {
  await assertNotLimited('sign_in', client, actor.email);
  const auth = await getAuth();
  try {
    await auth.api.verifyPassword({ body: { password }, headers: authHeaders(client.headers) });
  } catch (error) {
    if (betterAuthCode(error) === null) throw error;
    await recordAttempt('sign_in', client, actor.email);
    throw new AccountError('wrong_password', field);
  }
}

/** Mails a confirmation link to the new address; the address changes only when it is followed. */
export async function changeEmail(client: AuthClient, actor: Actor, input: { currentPassword: string; newEmail: string }) {
  const newEmail = input.newEmail.trim().toLowerCase();
  if (newEmail === actor.email.toLowerCase()) throw new AccountError('same_email', 'newEmail');
  await confirmPassword(client, actor, input.currentPassword, 'currentPassword');
  const auth = await getAuth();
  // An address already in use gets the same answer and no email, so this form cannot probe accounts.
  await auth.api.changeEmail({ body: { newEmail }, headers: authHeaders(client.headers) });
}

/** Changes the password and signs out every other session; returns the refreshed session cookie. */
export async function changePassword(
  client: AuthClient,
  actor: Actor,
  input: { currentPassword: string; newPassword: string }
): Promise<Headers> {
  assertAcceptablePassword(input.newPassword, [actor.email, actor.name], 'newPassword');
  await assertNotLimited('sign_in', client, actor.email);
  const auth = await getAuth();
  try {
    const { headers } = await auth.api.changePassword({
      body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions: true },
      headers: authHeaders(client.headers),
      returnHeaders: true
    });
    await forgiveAccount('sign_in', actor.email);
    return headers;
  } catch (error) {
    if (betterAuthCode(error) === null) throw error;
    await recordAttempt('sign_in', client, actor.email);
    throw new AccountError('wrong_password', 'currentPassword');
  }
}

export async function signOutOtherSessions(client: AuthClient): Promise<void> {
  const auth = await getAuth();
  await auth.api.revokeOtherSessions({ headers: authHeaders(client.headers) });
}

// Signing up, in and out, and proving control of an address. Each function takes the client (its
// address for the limiter, its headers for the session cookie) and returns the Set-Cookie headers
// the page must pass on. Answers never reveal whether an address has an account.
import type { Locale } from '../../i18n';
import { getAuth } from '.';
import { AccountError, authHeaders, betterAuthCode } from './outcome';
import { passwordProblem } from './password';
import { assertNotLimited, forgiveAccount, recordAttempt, takeAttempt } from './rate-limit';

export type AuthClient = { ip: string; headers: Headers };

export function assertAcceptablePassword(password: string, context: string[], field: 'password' | 'newPassword' = 'password') {
  const problem = passwordProblem(password, context);
  if (problem) throw new AccountError(problem, field);
}

/** Registers an unverified account and mails the verification link; a known address is mailed instead. */
export async function signUp(
  client: AuthClient,
  input: { name: string; email: string; password: string; locale: Locale }
): Promise<void> {
  // A refused password sends no email, so it does not count against the limit.
  assertAcceptablePassword(input.password, [input.email, input.name]);
  await takeAttempt('sign_up', client, input.email);
  const auth = await getAuth();
  await auth.api.signUpEmail({
    body: { name: input.name, email: input.email, password: input.password, locale: input.locale }
  });
}

export async function signIn(client: AuthClient, input: { email: string; password: string }): Promise<Headers> {
  await assertNotLimited('sign_in', client, input.email);
  const auth = await getAuth();
  try {
    const { headers } = await auth.api.signInEmail({
      body: { email: input.email, password: input.password, rememberMe: true },
      headers: authHeaders(client.headers),
      returnHeaders: true
    });
    await forgiveAccount('sign_in', input.email);
    return headers;
  } catch (error) {
    const code = betterAuthCode(error);
    if (code === null) throw error;
    // better-auth only says "not verified" once the password was right, so this reveals nothing new.
    if (code === 'EMAIL_NOT_VERIFIED') throw new AccountError('email_not_verified');
    await recordAttempt('sign_in', client, input.email);
    throw new AccountError('invalid_credentials');
  }
}

export async function signOut(client: AuthClient): Promise<Headers> {
  const auth = await getAuth();
  try {
    const { headers } = await auth.api.signOut({ headers: authHeaders(client.headers), returnHeaders: true });
    return headers;
  } catch (error) {
    // Signing out without a session is already done.
    if (betterAuthCode(error) === null) throw error;
    return new Headers();
  }
}

export async function requestMagicLink(client: AuthClient, email: string): Promise<void> {
  await takeAttempt('email_link', client, email);
  const auth = await getAuth();
  await auth.api.signInMagicLink({ body: { email }, headers: authHeaders(client.headers) });
}

export async function signInWithMagicLink(client: AuthClient, token: string): Promise<Headers> {
  const auth = await getAuth();
  try {
    const { headers } = await auth.api.magicLinkVerify({
      query: { token },
      headers: authHeaders(client.headers),
      returnHeaders: true
    });
    return headers;
  } catch (error) {
    if (betterAuthCode(error) === null) throw error;
    throw new AccountError('invalid_link');
  }
}

export async function resendVerification(client: AuthClient, email: string): Promise<void> {
  await takeAttempt('email_link', client, email);
  const auth = await getAuth();
  // Without headers better-auth answers the same for unknown, verified and unverified addresses.
  await auth.api.sendVerificationEmail({ body: { email } });
}

/** Confirms an address (after sign-up, or the new one after a change). Returns cookies to refresh. */
export async function verifyEmail(client: AuthClient, token: string): Promise<Headers> {
  const auth = await getAuth();
  try {
    const { headers } = await auth.api.verifyEmail({
      query: { token },
      headers: authHeaders(client.headers),
      returnHeaders: true
    });
    return headers;
  } catch (error) {
    if (betterAuthCode(error) === null) throw error;
    throw new AccountError('invalid_link');
  }
}

export async function requestPasswordReset(client: AuthClient, email: string): Promise<void> {
  await takeAttempt('email_link', client, email);
  const auth = await getAuth();
  await auth.api.requestPasswordReset({ body: { email } });
}

export async function resetPassword(token: string, newPassword: string): Promise<void> {
  assertAcceptablePassword(newPassword, []);
  const auth = await getAuth();
  try {
    await auth.api.resetPassword({ body: { token, newPassword } });
  } catch (error) {
    if (betterAuthCode(error) === null) throw error;
    throw new AccountError('invalid_link');
  }
}

// Session cookies for pages: resolves the cookie into locals.user, and passes on the cookies
// better-auth sets (sign-in, refresh, sign-out) through SvelteKit's cookie jar.
import { fail, type Cookies, type Handle, type RequestEvent } from '@sveltejs/kit';
import { parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';
import { getActor } from '../auth/session';
import { COOKIE_PREFIX } from '../auth';
import { AccountError, type AccountErrorCode } from '../auth/outcome';

type FailureCode = AccountErrorCode | 'rate_limited';
import type { AuthClient } from '../auth/accounts';
import { DomainError } from '../errors';
import { log } from '../log';

export function forwardCookies(setCookies: Headers, cookies: Cookies): void {
  const header = setCookies.getSetCookie().join(', ');
  if (!header) return;
  for (const [name, attributes] of parseSetCookieHeader(header)) {
    cookies.set(name, attributes.value, { ...toCookieOptions(attributes), path: attributes.path || '/' });
  }
}

function hasSessionCookie(cookies: Cookies): boolean {
  return cookies.getAll().some((c) => c.name.replace(/^__Secure-/, '').startsWith(`${COOKIE_PREFIX}.session_token`));
}

export const authHandle: Handle = async ({ event, resolve }) => {
  // Visitors without a session cookie cost no database query.
  if (!event.locals.user && hasSessionCookie(event.cookies)) {
    try {
      const session = await getActor(event.request.headers);
      if (session) {
        event.locals.user = session.actor;
        event.locals.authVia = 'session';
        event.locals.sessionId = session.sessionId;
      }
      forwardCookies(session?.setCookies ?? new Headers(), event.cookies);
    } catch (error) {
      // A broken session must not take the page down: the visitor is treated as signed out.
      log('error', { where: 'auth', message: error instanceof Error ? error.message : String(error) });
    }
  }
  return resolve(event);
};

/** The client as the account functions need it. The address is adapter-node's, never a raw header. */
export function clientOf(event: Pick<RequestEvent, 'getClientAddress' | 'request'>): AuthClient {
  return { ip: event.getClientAddress(), headers: event.request.headers };
}

/**
 * Turns an account refusal into the form's failure: the translation key, the field it belongs to,
 * and for the limiter a 429 with Retry-After. Anything else is rethrown.
 */
export function accountFailure<V extends Record<string, string>>(
  error: unknown,
  event: Pick<RequestEvent, 'setHeaders'>,
  values: V = {} as V
) {
  if (error instanceof AccountError) {
    const status = error.code === 'setup_done' ? 409 : 400;
    return fail(status, { ...values, error: error.code as FailureCode, field: error.field, retryAfter: null as number | null });
  }
  if (error instanceof DomainError && error.code === 'rate_limited') {
    const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds ?? 60));
    event.setHeaders({ 'retry-after': String(seconds) });
    return fail(429, { ...values, error: 'rate_limited' as FailureCode, field: null as string | null, retryAfter: seconds as number | null });
  }
  throw error;
}

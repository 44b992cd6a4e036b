// Turns a request's session cookie into the Actor every domain function receives.
//
// Most requests take the short way: the cookie's signature checked here, then one query for the
// session and its member. Nothing is cached, so a sign-out, a revoked session or a changed name is
// seen by the very next request, in every process. Whatever that way does not handle plainly — no
// such session, an expired one, one due to be extended, a cookie it cannot read — goes through
// better-auth's getSession, which answers it (extending or clearing the cookie) as before.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseCookies } from 'better-auth/cookies';
import { isLocale } from '../../i18n';
import { config } from '../config';
import { db } from '../db';
import type { Actor } from './actor';
import { COOKIE_PREFIX, SESSION_REFRESH_SECONDS, SESSION_SECONDS, getAuth, sessionSecret } from '.';
import { authHeaders } from './outcome';

type SessionUser = {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean | number;
  role?: unknown;
  locale?: unknown;
  timeZone?: unknown;
};

export function toActor(user: SessionUser): Actor {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role === 'admin' ? 'admin' : 'member',
    locale: isLocale(user.locale) ? user.locale : 'fr',
    emailVerified: Boolean(user.emailVerified),
    timeZone: typeof user.timeZone === 'string' && user.timeZone ? user.timeZone : null
  };
}

export type ResolvedSession = {
  actor: Actor;
  sessionId: string;
  /** Set-Cookie headers to pass on (better-auth refreshes a session's expiry as it is used). */
  setCookies: Headers;
};

/** The session token inside a signed cookie value (`token.signature`, HMAC-SHA256 in base64), if the signature holds. */
export function verifiedToken(value: string, secret: string): string | null {
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  // Compared as written, so only the one encoding better-auth produces is accepted.
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(createHmac('sha256', secret).update(token).digest('base64'));
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

function cookieName(kind: string): string {
  return `${config().origin.startsWith('https:') ? '__Secure-' : ''}${COOKIE_PREFIX}.${kind}`;
}

/** The short way; undefined when better-auth must answer. */
async function directSession(headers: Headers): Promise<ResolvedSession | undefined> {
  const cookies = parseCookies(headers.get('cookie') ?? '');
  const value = cookies.get(cookieName('session_token'));
  // A leftover cached-session cookie is better-auth's to clear.
  if (!value || cookies.has(cookieName('session_data'))) return undefined;
  const token = verifiedToken(value, await sessionSecret());
  if (!token) return undefined;
  const row = await db()
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as sessionId', 'sessions.expires_at', 'users.id', 'users.name', 'users.email', 'users.email_verified', 'users.role', 'users.locale', 'users.time_zone'])
    .where('sessions.token', '=', token)
    .executeTakeFirst();
  if (!row) return undefined;
  const expiresAt = new Date(row.expires_at).getTime();
  const now = Date.now();
  // Expired, or old enough that this use should extend it (better-auth's rule): its way.
  if (!(expiresAt > now) || expiresAt - (SESSION_SECONDS - SESSION_REFRESH_SECONDS) * 1000 <= now) return undefined;
  const actor = toActor({ id: row.id, name: row.name, email: row.email, emailVerified: row.email_verified, role: row.role, locale: row.locale, timeZone: row.time_zone });
  return { actor, sessionId: row.sessionId, setCookies: new Headers() };
}

/** The member signed in by the cookies in these headers, or null. */
export async function getActor(headers: Headers): Promise<ResolvedSession | null> {
  const direct = await directSession(headers);
  if (direct) return direct;
  const auth = await getAuth();
  const { headers: setCookies, response } = await auth.api.getSession({
    headers: authHeaders(headers),
    returnHeaders: true
  });
  if (!response) return null;
  return { actor: toActor(response.user), sessionId: response.session.id, setCookies };
}

// Turns a request's session cookie into the Actor every domain function receives.
import { isLocale } from '../../i18n';
import type { Actor } from './actor';
import { getAuth } from '.';
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

/** The member signed in by the cookies in these headers, or null. */
export async function getActor(headers: Headers): Promise<ResolvedSession | null> {
  const auth = await getAuth();
  const { headers: setCookies, response } = await auth.api.getSession({
    headers: authHeaders(headers),
    returnHeaders: true
  });
  if (!response) return null;
  return { actor: toActor(response.user), sessionId: response.session.id, setCookies };
}

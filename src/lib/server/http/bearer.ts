// Authenticates API calls that carry `Authorization: Bearer <token>`. A token that does not
// authenticate is refused with a 401 problem rather than treated as a visitor, so a script with a
// revoked token fails loudly. Also turns SvelteKit's plain-text 405 on the API into a problem.
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { negotiateLocale } from '../../i18n';
import { authenticateToken } from '../tokens';
import { unauthorized } from '../errors';
import { LOCALE_COOKIE } from './locale';
import { HttpProblem, isApiPath, problemFromError } from './problem';

function bearerSecret(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1] ?? null;
}

// The locale handle runs later in the sequence; a problem answered here still speaks the caller's language.
function requestLocale(event: RequestEvent) {
  return event.locals.locale ?? negotiateLocale(event.cookies.get(LOCALE_COOKIE), event.request.headers.get('accept-language'));
}

export const bearerHandle: Handle = async ({ event, resolve }) => {
  if (!isApiPath(event.url.pathname)) return resolve(event);
  const secret = bearerSecret(event.request);
  if (secret !== null && !event.locals.user) {
    const actor = await authenticateToken(secret);
    if (!actor) return problemFromError(unauthorized('api.invalid_token'), requestLocale(event));
    event.locals.user = actor;
    event.locals.authVia = 'token';
  }
  const response = await resolve(event);
  if (response.status === 405 && !response.headers.get('content-type')?.includes('problem+json')) {
    const allow = response.headers.get('allow');
    return problemFromError(new HttpProblem(405, 'method_not_allowed', allow ? { allow } : {}), requestLocale(event));
  }
  return response;
};

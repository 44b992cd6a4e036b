// Security headers on every response (errors included) and a CSRF check that does not depend on
// the request's Content-Type: a browser request that changes state must come from our own origin.
import type { Handle } from '@sveltejs/kit';
import { config, tileOrigins } from '../config';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteWrite(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  // Token-authenticated API calls carry no ambient credential, so they cannot be forged by a page.
  const authorization = request.headers.get('authorization') ?? '';
  if (/^bearer\s/i.test(authorization) && !request.headers.get('cookie')) return false;
  // A one-click unsubscribe (RFC 8058) is posted by the recipient's mail provider, possibly with its
  // own Origin; its only authority is the signed token in the address, which no forger has.
  if (url.pathname.startsWith('/unsubscribe/')) return false;
  const origin = request.headers.get('origin');
  if (origin) return origin !== url.origin && origin !== config().origin;
  const site = request.headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  // No Origin and no Fetch Metadata: not a browser (curl, scripts). Without cookies there is nothing to forge.
  return request.headers.has('cookie');
}

/**
 * The pages' policy (svelte.config.js) is fixed at build time; the map's tile server is chosen at
 * run time (MAP_TILES_URL), so its origin joins img-src here — and nothing else is loosened.
 */
export function allowTileImages(policy: string, origins: string[]): string {
  if (!origins.length) return policy;
  return policy
    .split(';')
    .map((directive) => (directive.trim().startsWith('img-src ') ? `${directive.trimEnd()} ${origins.join(' ')}` : directive))
    .join(';');
}

export function applySecurityHeaders(headers: Headers): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
  if (!headers.has('Content-Security-Policy')) {
    // Non-page responses (API, files, errors from endpoints) get the strictest policy.
    headers.set(
      'Content-Security-Policy',
      "default-src 'none'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    );
  }
  if (config().origin.startsWith('https:')) {
    headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
}

export const securityHandle: Handle = async ({ event, resolve }) => {
  if (isCrossSiteWrite(event.request, event.url)) {
    const response = new Response(
      JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Cross-site request refused' }),
      { status: 403, headers: { 'content-type': 'application/problem+json' } }
    );
    applySecurityHeaders(response.headers);
    return response;
  }
  const response = await resolve(event);
  const policy = response.headers.get('Content-Security-Policy');
  if (policy) response.headers.set('Content-Security-Policy', allowTileImages(policy, tileOrigins(config().mapTilesUrl)));
  applySecurityHeaders(response.headers);
  return response;
};

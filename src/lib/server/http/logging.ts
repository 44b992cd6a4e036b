import type { Handle } from '@sveltejs/kit';
import { log } from '../log';

/** One structured line per request: method, route (not the raw URL, which may carry tokens), status, duration. */
export const loggingHandle: Handle = async ({ event, resolve }) => {
  const started = performance.now();
  let status = 500;
  try {
    const response = await resolve(event);
    status = response.status;
    return response;
  } finally {
    log('request', {
      method: event.request.method,
      route: event.route.id ?? event.url.pathname.replace(/[^/]{24,}/g, ':id'),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10
    });
  }
};

import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { db } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { loggingHandle } from '$lib/server/http/logging';
import { securityHandle } from '$lib/server/http/security';
import { localeHandle } from '$lib/server/http/locale';
import { bearerHandle } from '$lib/server/http/bearer';
import { authHandle } from '$lib/server/http/auth';
import { log } from '$lib/server/log';
import { building } from '$app/environment';
import { config } from '$lib/server/config';
import { startInlineWorker } from '$lib/server/jobs/inline';

export const init: ServerInit = async () => {
  const applied = await migrateToLatest(db());
  if (applied.length > 0) log('migrated', { applied: applied.join(',') });
  if (config().worker === 'inline' && !building) startInlineWorker();
  // A promise nobody awaited that fails (a client gone mid-stream, a lost connection) is logged with
  // its cause; it must not stop a server that is answering everyone else.
  if (!building && process.listenerCount('unhandledRejection') === 0) {
    process.on('unhandledRejection', (reason) => {
      // On stderr even with RUCHE_LOG=off: it is a defect to fix, not traffic.
      const detail = reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : String(reason);
      process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), event: 'unhandled_rejection', detail: detail.slice(0, 2000) })}\n`);
    });
  }
};

const defaults: Handle = async ({ event, resolve }) => {
  event.locals.user = null;
  event.locals.authVia = null;
  event.locals.sessionId = null;
  return resolve(event);
};

export const handle: Handle = sequence(loggingHandle, securityHandle, defaults, authHandle, bearerHandle, localeHandle);

export const handleError: HandleServerError = ({ error, event, status }) => {
  if (status >= 500) {
    log('error', {
      route: event.route.id,
      status,
      message: error instanceof Error ? error.message : String(error)
    });
  }
  const code = status === 404 ? 'not_found' : 'internal';
  return { message: code, code };
};

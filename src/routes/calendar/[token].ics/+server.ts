// A member's personal calendar feed at its secret address, polled by calendar applications without
// a session; a 404 once the address is revoked.
import { db } from '$lib/server/db';
import { orPageError } from '$lib/server/http/pages';
import { personalCalendar } from '$lib/server/events/calendar-feeds';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) =>
  orPageError(async () => {
    const ics = await personalCalendar(db(), params.token);
    return new Response(ics, {
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'x-content-type-options': 'nosniff',
        // Personal, and the address itself is the secret: no shared cache keeps it.
        'cache-control': 'private, no-store',
        'x-robots-tag': 'noindex'
      }
    });
  });

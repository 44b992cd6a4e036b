// A member's personal calendar feed at its secret address, polled by calendar applications without
// a session; a 404 once the address is revoked. The ETag is the member's own: a 304 only ever
// confirms the copy their own application holds.
import { db } from '$lib/server/db';
import { orPageError } from '$lib/server/http/pages';
import { calendarResponse } from '$lib/server/events/ical';
import { personalFeed } from '$lib/server/events/calendar-feeds';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, request }) =>
  orPageError(async () =>
    calendarResponse(request, await personalFeed(db(), params.token), {
      // Personal, and the address itself is the secret: no shared cache keeps it; the member's own
      // application may, asking each time whether it is still current.
      'cache-control': 'private, no-cache',
      'x-robots-tag': 'noindex'
    })
  );

// One event as an iCalendar file, to add it to one's own calendar; a 404 unless the reader may see it.
import { db } from '$lib/server/db';
import { orPageError } from '$lib/server/http/pages';
import { eventCalendar } from '$lib/server/events/ical';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, locals }) =>
  orPageError(async () => {
    const ics = await eventCalendar(db(), locals.user, params.id);
    return new Response(ics, {
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="${params.id.replace(/[^\w-]/g, '')}.ics"`,
        'x-content-type-options': 'nosniff',
        // What it holds depends on who asks (the meeting link reaches participants only).
        'cache-control': 'private, no-store'
      }
    });
  });

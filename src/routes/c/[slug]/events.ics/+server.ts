// The agenda of a public community as an iCalendar feed, the same for everyone (public events only);
// a 404 like any missing page otherwise.
import { db } from '$lib/server/db';
import { orPageError } from '$lib/server/http/pages';
import { communityCalendar } from '$lib/server/events/ical';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) =>
  orPageError(async () => {
    const ics = await communityCalendar(db(), params.slug);
    return new Response(ics, {
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'cache-control': 'public, max-age=300'
      }
    });
  });

// The agenda of a public community as an iCalendar feed, the same for everyone (public events only);
// a 404 like any missing page otherwise. Calendars poll it: with the ETag they kept, an unchanged
// agenda is a 304 and costs a few aggregates, and a changed one is written once for all of them.
import { db } from '$lib/server/db';
import { orPageError } from '$lib/server/http/pages';
import { calendarResponse, communityFeed } from '$lib/server/events/ical';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, request }) =>
  orPageError(async () => calendarResponse(request, await communityFeed(db(), params.slug), { 'cache-control': 'public, max-age=300' }));

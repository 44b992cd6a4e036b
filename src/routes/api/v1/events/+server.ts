import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { createEvent, createEventSchema, listEvents } from '$lib/server/events';
import { agendaQuery } from '$lib/server/api/events';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => {
  const { cursor, limit, ...query } = parseQuery(url, agendaQuery);
  return json(await listEvents(db(), locals.user, query, { cursor, limit }));
});

export const POST: RequestHandler = apiRoute(async ({ locals, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, createEventSchema);
  return json(await createEvent(db(), member, input), { status: 201 });
});

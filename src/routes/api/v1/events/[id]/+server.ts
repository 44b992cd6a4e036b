import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { cancelEvent, readEvent, updateEvent, updateEventSchema } from '$lib/server/events';
import { cancelQuery } from '$lib/server/api/events';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await readEvent(db(), locals.user, params.id)));

export const PATCH: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, updateEventSchema);
  await updateEvent(db(), member, params.id, input);
  return json(await readEvent(db(), member, params.id));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params, url }) => {
  const member = requireMember(locals.user);
  const { scope } = parseQuery(url, cancelQuery);
  await cancelEvent(db(), member, params.id, scope);
  return new Response(null, { status: 204 });
});

import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { rsvp, rsvpSchema } from '$lib/server/events';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, rsvpSchema);
  return json(await rsvp(db(), member, params.id, input));
});

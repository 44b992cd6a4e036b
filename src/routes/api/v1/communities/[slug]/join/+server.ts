import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { joinCommunity } from '$lib/server/communities';
import { joinBody } from '$lib/server/api/communities';
import { parseOptionalBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  requireMember(locals.user);
  const { message } = await parseOptionalBody(request, joinBody);
  return json({ status: await joinCommunity(db(), locals.user, params.slug, message) });
});

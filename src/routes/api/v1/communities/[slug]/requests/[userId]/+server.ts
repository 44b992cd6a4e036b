import { db } from '$lib/server/db';
import { decideRequest } from '$lib/server/communities';
import { decideBody } from '$lib/server/api/communities';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  requireMember(locals.user);
  const decision = await parseBody(request, decideBody);
  await decideRequest(db(), locals.user, params.slug, params.userId, decision);
  return new Response(null, { status: 204 });
});

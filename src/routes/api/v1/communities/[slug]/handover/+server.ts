import { db } from '$lib/server/db';
import { handOver } from '$lib/server/communities';
import { handoverBody } from '$lib/server/api/communities';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  requireMember(locals.user);
  await handOver(db(), locals.user, params.slug, await parseBody(request, handoverBody));
  return new Response(null, { status: 204 });
});

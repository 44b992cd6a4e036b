import { db } from '$lib/server/db';
import { moveInNotebook } from '$lib/server/library';
import { moveBody } from '$lib/server/api/library';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { direction } = await parseBody(request, moveBody);
  await moveInNotebook(db(), member, params.id, params.resourceId, direction);
  return new Response(null, { status: 204 });
});

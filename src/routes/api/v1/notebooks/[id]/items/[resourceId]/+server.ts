import { db } from '$lib/server/db';
import { removeFromNotebook } from '$lib/server/library';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await removeFromNotebook(db(), requireMember(locals.user), params.id, params.resourceId);
  return new Response(null, { status: 204 });
});

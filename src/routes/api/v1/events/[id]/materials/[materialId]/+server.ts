import { db } from '$lib/server/db';
import { removeMaterial } from '$lib/server/events';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await removeMaterial(db(), requireMember(locals.user), params.id, params.materialId);
  return new Response(null, { status: 204 });
});

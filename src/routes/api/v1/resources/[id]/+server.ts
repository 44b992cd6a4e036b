import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deleteResource, readResource, updateResource, updateResourceSchema } from '$lib/server/library';
import { resourceBody } from '$lib/server/api/library';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await readResource(db(), locals.user, params.id)));

export const PATCH: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { input, file } = await resourceBody(request, updateResourceSchema);
  await updateResource(db(), member, params.id, input, file);
  return json(await readResource(db(), member, params.id));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await deleteResource(db(), requireMember(locals.user), params.id);
  return new Response(null, { status: 204 });
});

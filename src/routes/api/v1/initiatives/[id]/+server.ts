import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deleteInitiative, getInitiative, updateInitiative, updateInitiativeSchema } from '$lib/server/initiatives';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await getInitiative(db(), locals.user, params.id)));

export const PATCH: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  await updateInitiative(db(), member, params.id, await parseBody(request, updateInitiativeSchema));
  return json(await getInitiative(db(), member, params.id));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await deleteInitiative(db(), requireMember(locals.user), params.id);
  return new Response(null, { status: 204 });
});

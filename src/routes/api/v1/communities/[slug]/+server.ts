import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { updateCommunitySchema } from '$lib/server/communities/schemas';
import { deleteCommunity, findCommunityView, updateCommunity } from '$lib/server/communities';
import { deleteQuery } from '$lib/server/api/communities';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await findCommunityView(db(), locals.user, params.slug)));

export const PATCH: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  requireMember(locals.user);
  const input = await parseBody(request, updateCommunitySchema);
  await updateCommunity(db(), locals.user, params.slug, input);
  return json(await findCommunityView(db(), locals.user, params.slug));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params, url }) => {
  requireMember(locals.user);
  const { confirm } = parseQuery(url, deleteQuery);
  await deleteCommunity(db(), locals.user, params.slug, confirm);
  return new Response(null, { status: 204 });
});

import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { createResource, createResourceSchema, listResources } from '$lib/server/library';
import { readableCommunityId, resourceBody, resourcesQuery } from '$lib/server/api/library';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => {
  const { cursor, limit, community, ...query } = parseQuery(url, resourcesQuery);
  const communityId = await readableCommunityId(db(), locals.user, community);
  return json(await listResources(db(), locals.user, { ...query, communityId }, { cursor, limit }));
});

export const POST: RequestHandler = apiRoute(async ({ locals, request }) => {
  const member = requireMember(locals.user);
  const { input, file } = await resourceBody(request, createResourceSchema);
  return json(await createResource(db(), member, input, file), { status: 201 });
});

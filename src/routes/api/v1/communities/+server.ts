import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { createCommunitySchema } from '$lib/server/communities/schemas';
import { createCommunity, findCommunityView, listCommunities, presentCommunities } from '$lib/server/communities';
import { listQuery } from '$lib/server/api/communities';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';

export const GET = apiRoute(async ({ locals, url }) => {
  const { mine, ...page } = parseQuery(url, listQuery);
  const result = await listCommunities(db(), locals.user, { mine }, page);
  return json({ items: await presentCommunities(db(), locals.user, result.items), nextCursor: result.nextCursor });
});

export const POST = apiRoute(async ({ locals, request }) => {
  const input = await parseBody(request, createCommunitySchema);
  const community = await createCommunity(db(), locals.user, input);
  return json(await findCommunityView(db(), locals.user, community.slug), { status: 201 });
});

import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { communityFeed, createPost, createPostSchema, readPost } from '$lib/server/posts';
import { communityPostsQuery } from '$lib/server/api/posts';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => {
  const { cursor, limit, ...filters } = parseQuery(url, communityPostsQuery);
  return json(await communityFeed(db(), locals.user, params.slug, filters, { cursor, limit }));
});

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, createPostSchema);
  const { id } = await createPost(db(), member, params.slug, input);
  return json(await readPost(db(), member, id, { markRead: false }), { status: 201 });
});

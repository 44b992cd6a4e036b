import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { homeFeed } from '$lib/server/posts';
import { feedQuery } from '$lib/server/api/posts';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => {
  const { scope, order, ...page } = parseQuery(url, feedQuery);
  return json(await homeFeed(db(), locals.user, { scope, order }, page));
});

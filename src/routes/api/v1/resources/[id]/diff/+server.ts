import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { compareRevisions } from '$lib/server/library';
import { diffQuery } from '$lib/server/api/library';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => {
  const { from, to } = parseQuery(url, diffQuery);
  return json(await compareRevisions(db(), locals.user, params.id, from, to));
});

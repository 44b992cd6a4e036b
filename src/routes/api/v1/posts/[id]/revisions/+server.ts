import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { revisionHistory } from '$lib/server/posts';
import { revisionsQuery } from '$lib/server/api/posts';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => {
  const member = requireMember(locals.user);
  const { comment } = parseQuery(url, revisionsQuery);
  return json(await revisionHistory(db(), member, params.id, comment ?? null));
});

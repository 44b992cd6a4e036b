import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { setSupportLimit, supportLimitSchema } from '$lib/server/proposals';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { limit } = await parseBody(request, supportLimitSchema);
  await setSupportLimit(db(), member, params.slug, { limit });
  return json({ limit });
});

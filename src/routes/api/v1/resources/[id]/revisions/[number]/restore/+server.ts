import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { restoreRevision } from '$lib/server/library';
import { restoreBody, revisionNumber } from '$lib/server/api/library';
import { parseOptionalBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { revision } = await parseOptionalBody(request, restoreBody);
  return json(await restoreRevision(db(), member, params.id, revisionNumber(params.number), revision));
});

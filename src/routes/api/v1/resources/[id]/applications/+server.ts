import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { applyResource, applySchema, withdrawApplication } from '$lib/server/library';
import { parseOptionalBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const input = await parseOptionalBody(request, applySchema);
  return json(await applyResource(db(), member, params.id, input));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => json(await withdrawApplication(db(), requireMember(locals.user), params.id)));

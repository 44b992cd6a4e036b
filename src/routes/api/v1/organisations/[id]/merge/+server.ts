import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { mergeBody, mergeOrganisations } from '$lib/server/organisations/admin';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireAdmin } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  requireAdmin(locals.user);
  const { into } = await parseBody(request, mergeBody);
  return json(await mergeOrganisations(db(), locals.user, params.id, into));
});

import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { presentOrganisation } from '$lib/server/organisations';
import { organisationUpdate, updateOrganisation } from '$lib/server/organisations/admin';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireAdmin } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  requireAdmin(locals.user);
  return json(presentOrganisation(await updateOrganisation(db(), locals.user, params.id, await parseBody(request, organisationUpdate))));
});

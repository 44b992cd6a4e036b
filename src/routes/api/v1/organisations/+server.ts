import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { createOrganisation, organisationInput, presentOrganisation, searchOrganisations } from '$lib/server/organisations';
import { organisationQuery } from '$lib/server/api/profiles';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';

export const GET = apiRoute(async ({ url }) => {
  const { q } = parseQuery(url, organisationQuery);
  return json({ items: (await searchOrganisations(db(), q)).map(presentOrganisation) });
});

export const POST = apiRoute(async ({ locals, request }) => {
  requireMember(locals.user);
  const organisation = await createOrganisation(db(), locals.user, await parseBody(request, organisationInput));
  return json(presentOrganisation(organisation), { status: 201 });
});

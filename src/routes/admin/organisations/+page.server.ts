import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listOrganisations } from '$lib/server/organisations/admin';
import { presentOrganisation } from '$lib/server/organisations';
import { orPageError } from '$lib/server/http/pages';

export const load: PageServerLoad = async ({ locals, url }) =>
  orPageError(async () => {
    const q = url.searchParams.get('q')?.trim() ?? '';
    const after = url.searchParams.get('after') ?? undefined;
    const rows = await listOrganisations(db(), locals.user, { q, offsetName: after });
    return {
      q,
      organisations: rows.map((row) => ({ ...presentOrganisation(row), members: row.members, communities: row.communities })),
      next: rows.length === 50 ? rows[rows.length - 1]!.name_key : null
    };
  });

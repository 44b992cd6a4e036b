import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { formResults } from '$lib/server/forms';
import { orPageError } from '$lib/server/http/pages';

// A survey's results: counts, charts and tables, averages, ranks and free texts, filtered by segment
// through a plain GET form. Who may read them is decided by the engine (animators and stewards,
// respondents when the survey says so); a group under five is never shown.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const filter = { role: url.searchParams.get('role') || undefined, region: url.searchParams.get('region') || undefined, organisation: url.searchParams.get('organisation') || undefined };
    return { filter, results: await formResults(db(), locals.user, params.id, filter, locals.locale) };
  });

import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { formResults } from '$lib/server/forms';
import { orPageError } from '$lib/server/http/pages';

// A survey's results: counts, charts and tables, averages, ranks and free texts, filtered by segment
// through a plain GET form. Who may read them is decided by the engine (animators and stewards,
// respondents when the survey says so); a group under five is never shown.
//
// The page is read, not worked in: charts drawn on the server, a GET form, tables in <details>. It is
// sent without the client's script (csr off), so its data — hundreds of free texts at 2,000
// responses — is not serialised a second time for hydration: that was an eighth of its cost (bench,
// survey-results at M). The header's live count of notifications waits for the next page.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const filter = { role: url.searchParams.get('role') || undefined, region: url.searchParams.get('region') || undefined, organisation: url.searchParams.get('organisation') || undefined };
    return { filter, results: await formResults(db(), locals.user, params.id, filter, locals.locale) };
  });

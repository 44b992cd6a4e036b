import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { suggestHelpers } from '$lib/server/search';

// "Qui peut m'aider ?": a GET form, so a need can be shared as a link; `about` carries the
// publication the need comes from, for the message "Ask this person" opens.
export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  const q = (url.searchParams.get('q') ?? '').slice(0, 2000);
  return orPageError(async () => ({
    q,
    result: q.trim() ? await suggestHelpers(db(), user, { q, limit: 10 }) : null
  }));
};

import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { revisionHistory } from '$lib/server/posts';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';

// Earlier versions of a publication or of one comment: for its author and the animators.
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const user = requireSignedIn(locals.user, url);
  const comment = url.searchParams.get('comment');
  return orPageError(async () => ({ history: await revisionHistory(db(), user, params.id, comment), comment, postId: params.id }));
};

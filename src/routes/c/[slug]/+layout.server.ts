import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/db';
import { findCommunity } from '$lib/server/access';
import { memberCount, presentCommunity } from '$lib/server/communities';
import { orPageError } from '$lib/server/http/pages';
import { unreadCounts } from '$lib/server/posts';

// Every page under /c/{slug} starts here: a community the visitor may not see is a 404, exactly
// as one that does not exist.
export const load: LayoutServerLoad = async ({ locals, params }) =>
  orPageError(async () => {
    const relation = await findCommunity(db(), locals.user, params.slug);
    const community = presentCommunity(locals.user, relation);
    return {
      community,
      memberCount: await memberCount(db(), relation.community.id),
      // What came since the member last looked at the publications.
      unread: community.viewer.role ? ((await unreadCounts(db(), locals.user, [relation.community.id])).get(relation.community.id) ?? 0) : 0
    };
  });

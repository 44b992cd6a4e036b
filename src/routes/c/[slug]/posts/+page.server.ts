import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { communityFeed, communityFeedSchema, markVisited } from '$lib/server/posts';
import { pageQuery } from '$lib/server/api/pagination';
import { orPageError } from '$lib/server/http/pages';

// A community's publications, filtered by kind, tag or unanswered questions. Looking at it resets the
// member's unread count for the community.
export const load: PageServerLoad = async ({ locals, params, url, parent }) =>
  orPageError(async () => {
    const query = Object.fromEntries(url.searchParams);
    const filters = communityFeedSchema.catch({ order: 'activity', unanswered: false }).parse(query);
    const page = pageQuery.catch({ limit: 20 }).parse({ cursor: query.cursor });
    const feed = await communityFeed(db(), locals.user, params.slug, filters, page);
    const { community } = await parent();
    if (community.viewer.role) await markVisited(db(), locals.user, community.id);
    return { feed, filters };
  });

import type { PageServerLoad } from './$types';
import { needsSetup } from '$lib/server/auth/setup';
import { db } from '$lib/server/db';
import { pendingInvitations } from '$lib/server/communities';
import { feedQuerySchema, homeFeed } from '$lib/server/posts';
import { pageQuery } from '$lib/server/api/pagination';
import { orPageError } from '$lib/server/http/pages';

// The invitation to set up the instance is for its first visitor; someone who already signed up
// as a member sees the ordinary home page: what is new in their communities and in public ones.
export const load: PageServerLoad = async ({ locals, url }) =>
  orPageError(async () => {
    if (!locals.user && (await needsSetup())) return { needsSetup: true as const, invitations: [], feed: null, filters: null };
    const params = Object.fromEntries(url.searchParams);
    const filters = feedQuerySchema.catch({ scope: 'all', order: 'activity' }).parse(params);
    const page = pageQuery.catch({ limit: 20 }).parse({ cursor: params.cursor });
    return {
      needsSetup: false as const,
      // Someone who created their account from an invitation finds it here once signed in.
      invitations: await pendingInvitations(db(), locals.user),
      feed: await homeFeed(db(), locals.user, filters, page),
      filters
    };
  });

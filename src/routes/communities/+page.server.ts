import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listCommunities, mayCreate, pendingInvitations, presentCommunities, readCommunityPolicy } from '$lib/server/communities';
import { orPageError } from '$lib/server/http/pages';

export const load: PageServerLoad = async ({ locals, url }) =>
  orPageError(async () => {
    const cursor = url.searchParams.get('cursor') ?? undefined;
    const all = await listCommunities(db(), locals.user, {}, { cursor, limit: 30 });
    const mine = locals.user && !cursor ? await listCommunities(db(), locals.user, { mine: true }, { limit: 100 }) : null;
    const policy = await readCommunityPolicy(db());
    return {
      communities: await presentCommunities(db(), locals.user, all.items),
      nextCursor: all.nextCursor,
      mine: mine ? await presentCommunities(db(), locals.user, mine.items) : null,
      invitations: cursor ? [] : await pendingInvitations(db(), locals.user),
      canCreate: locals.user ? mayCreate(locals.user, policy) : false
    };
  });

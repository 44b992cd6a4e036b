import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { findCommunity } from '$lib/server/access';
import { directoryQuery, directoryStats, listDirectory } from '$lib/server/profiles/directory';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';

// The filters are a GET form, so a filtered directory is a link one can share or bookmark.
export const load: PageServerLoad = async ({ locals, url }) => {
  const values = Object.fromEntries([...url.searchParams.entries()].filter(([, value]) => value !== ''));
  if (!values.community) requireSignedIn(locals.user, url);
  return orPageError(async () => {
    const query = directoryQuery.parse(values);
    const community = query.community ? (await findCommunity(db(), locals.user, query.community)).community : null;
    return {
      filters: { type: query.type ?? '', region: query.region ?? '', language: query.language ?? '', expertise: query.expertise ?? '', sort: query.sort },
      community: community ? { slug: community.slug, name: community.name } : null,
      page: await listDirectory(db(), locals.user, query),
      stats: await directoryStats(db(), locals.user, query)
    };
  });
};

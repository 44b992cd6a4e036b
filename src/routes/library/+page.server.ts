import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { categoriesInUse, libraryQuerySchema, listNotebooks, listResources } from '$lib/server/library';
import { whereVisibleTo } from '$lib/server/access';
import { pageQuery } from '$lib/server/api/pagination';
import { orPageError } from '$lib/server/http/pages';

// The instance's library: every resource the reader may read, filtered and sorted, a page at a time,
// with the reader's own notebooks above.
export const load: PageServerLoad = async ({ locals, url }) =>
  orPageError(async () => {
    const raw = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''));
    const query = libraryQuerySchema.catch({ sort: 'recent' }).parse(raw);
    const page = pageQuery.catch({ limit: 20 }).parse({ cursor: raw.cursor });
    // The communities the reader may know exist, for the community filter.
    const communities = await db().selectFrom('communities').select(['id', 'slug', 'name']).where(whereVisibleTo(locals.user)).orderBy('name').limit(500).execute();
    const communityId = query.community ? (communities.find((c) => c.slug === query.community)?.id ?? 'none') : undefined;
    return {
      query,
      resources: await listResources(db(), locals.user, { ...query, communityId }, page),
      categories: await categoriesInUse(db(), locals.user),
      communities: communities.map(({ slug, name }) => ({ slug, name })),
      notebooks: await listNotebooks(db(), locals.user, { mine: true, limit: 12 })
    };
  });

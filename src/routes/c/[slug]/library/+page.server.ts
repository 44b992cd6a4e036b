import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { assertCan, findCommunity } from '$lib/server/access';
import { categoriesInUse, libraryQuerySchema, listNotebooks, listResources } from '$lib/server/library';
import { pageQuery } from '$lib/server/api/pagination';
import { orPageError } from '$lib/server/http/pages';

// A community's Library tab: the notebooks linked to it and its resources, with the library's filters.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const relation = await findCommunity(db(), locals.user, params.slug);
    assertCan(locals.user, 'read_content', relation);
    const communityId = relation.community.id;
    const raw = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''));
    const query = { ...libraryQuerySchema.catch({ sort: 'recent' }).parse(raw), community: undefined };
    const page = pageQuery.catch({ limit: 20 }).parse({ cursor: raw.cursor });
    return {
      query,
      resources: await listResources(db(), locals.user, { ...query, communityId }, page),
      categories: await categoriesInUse(db(), locals.user, communityId),
      notebooks: await listNotebooks(db(), locals.user, { communityId })
    };
  });

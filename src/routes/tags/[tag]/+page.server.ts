import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { tagFeed } from '$lib/server/posts';
import { pageQuery } from '$lib/server/api/pagination';
import { orPageError } from '$lib/server/http/pages';

// Every publication carrying a tag, across the communities the reader may read.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const page = pageQuery.catch({ limit: 20 }).parse({ cursor: url.searchParams.get('cursor') ?? undefined });
    return { feed: await tagFeed(db(), locals.user, params.tag, page) };
  });

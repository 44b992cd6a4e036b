import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listEvents } from '$lib/server/events';
import { pageQuery } from '$lib/server/api/pagination';
import { orPageError } from '$lib/server/http/pages';

// A community's activities: upcoming (soonest first) or past (latest first), a page at a time.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const when = url.searchParams.get('when') === 'past' ? 'past' : 'upcoming';
    const page = pageQuery.catch({ limit: 20 }).parse({ cursor: url.searchParams.get('cursor') ?? undefined });
    return { when, events: await listEvents(db(), locals.user, { community: params.slug, when }, page) } as const;
  });

import { ZodError } from 'zod';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listCommunities } from '$lib/server/communities';
import { orPageError } from '$lib/server/http/pages';
import { search, searchQuery, type SearchResult } from '$lib/server/search';
import type { MessageKey } from '$lib/i18n';

// A GET form: a search is a link one can share, bookmark or go back to, with or without JavaScript.
export const load: PageServerLoad = async ({ locals, url }) => {
  const values = Object.fromEntries([...url.searchParams.entries()].filter(([, value]) => value !== ''));
  const parsed = searchQuery.safeParse(values);
  const filters = {
    q: typeof values.q === 'string' ? values.q.slice(0, 500) : '',
    type: parsed.success ? (parsed.data.type ?? '') : '',
    community: parsed.success ? (parsed.data.community ?? '') : '',
    language: parsed.success ? (parsed.data.language ?? '') : '',
    from: parsed.success ? (parsed.data.from ?? '') : '',
    to: parsed.success ? (parsed.data.to ?? '') : '',
    sort: parsed.success ? parsed.data.sort : 'relevance'
  };
  const communities = locals.user ? (await listCommunities(db(), locals.user, { mine: true }, { limit: 100 })).items.map((c) => ({ slug: c.slug, name: c.name })) : [];
  return orPageError(async () => {
    let result: SearchResult | null = null;
    let problem: { field: string; message: MessageKey } | null = null;
    if (filters.q.trim() !== '' || values.q) {
      try {
        result = await search(db(), locals.user, values);
      } catch (error) {
        // Bad input is told beside the form; the page itself stays.
        if (!(error instanceof ZodError)) throw error;
        const issue = error.issues[0]!;
        problem = { field: String(issue.path[0] ?? 'q'), message: issue.message as MessageKey };
      }
    }
    return { filters, communities, result, problem, paged: Boolean(values.cursor), signedIn: locals.user !== null };
  });
};

import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { compareRevisions, listRevisions } from '$lib/server/library';
import { orPageError } from '$lib/server/http/pages';

/** A revision number from the address: absent means the default, anything else not a number is a 404. */
function revisionParam(url: URL, name: string): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return null;
  if (!/^\d{1,9}$/.test(raw)) error(404, { message: 'not_found', code: 'not_found' });
  return Number(raw);
}

// What changed between two revisions; by default the previous one and the current one.
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const from = revisionParam(url, 'from');
  const to = revisionParam(url, 'to');
  return orPageError(async () => {
    const history = await listRevisions(db(), locals.user, params.id);
    const target = to ?? history.revision;
    const diff = await compareRevisions(db(), locals.user, params.id, from ?? Math.max(1, target - 1), target);
    const entry = (n: number) => history.revisions.find((r) => r.number === n) ?? null;
    return { id: params.id, diff, fromEntry: entry(diff.from), toEntry: entry(diff.to) };
  });
};

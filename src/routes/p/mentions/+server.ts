import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { suggestMentions } from '$lib/server/posts';
import { apiRoute } from '$lib/server/http/problem';
import { parsePlace } from '$lib/server/http/place';
import { notFound } from '$lib/server/errors';

// Suggestions for the editor's @mentions: only people the author may mention where they write.
export const GET: RequestHandler = apiRoute(async ({ locals, url }) => {
  const place = parsePlace(url.searchParams.get('place'));
  if (!place) throw notFound();
  const typed = (url.searchParams.get('q') ?? '').slice(0, 30);
  return json({ items: await suggestMentions(db(), locals.user, place, typed) }, { headers: { 'cache-control': 'private, no-store' } });
});

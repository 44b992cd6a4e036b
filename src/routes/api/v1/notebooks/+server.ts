import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { createNotebook, createNotebookSchema, listNotebooks } from '$lib/server/library';
import { notebooksQuery, readableCommunityId } from '$lib/server/api/library';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => {
  const { community, mine } = parseQuery(url, notebooksQuery);
  const communityId = await readableCommunityId(db(), locals.user, community);
  return json({ items: await listNotebooks(db(), locals.user, { communityId, mine }), nextCursor: null });
});

export const POST: RequestHandler = apiRoute(async ({ locals, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, createNotebookSchema);
  return json(await createNotebook(db(), member, input), { status: 201 });
});

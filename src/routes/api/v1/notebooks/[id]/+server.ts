import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deleteNotebook, readNotebook, updateNotebook, updateNotebookSchema } from '$lib/server/library';
import { notebookQuery } from '$lib/server/api/library';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => json(await readNotebook(db(), locals.user, params.id, parseQuery(url, notebookQuery))));

export const PATCH: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, updateNotebookSchema);
  await updateNotebook(db(), member, params.id, input);
  return json(await readNotebook(db(), member, params.id));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await deleteNotebook(db(), requireMember(locals.user), params.id);
  return new Response(null, { status: 204 });
});

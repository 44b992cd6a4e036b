import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { addToNotebook } from '$lib/server/library';
import { notebookItemBody } from '$lib/server/api/library';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { resourceId } = await parseBody(request, notebookItemBody);
  const { added } = await addToNotebook(db(), member, params.id, resourceId);
  return json({ added }, { status: added ? 201 : 200 });
});

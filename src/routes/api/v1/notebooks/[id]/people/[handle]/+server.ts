import { db } from '$lib/server/db';
import { setNotebookMember } from '$lib/server/library';
import { roleBody } from '$lib/server/api/library';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { role } = await parseBody(request, roleBody);
  await setNotebookMember(db(), member, params.id, params.handle, role);
  return new Response(null, { status: 204 });
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await setNotebookMember(db(), requireMember(locals.user), params.id, params.handle, null);
  return new Response(null, { status: 204 });
});

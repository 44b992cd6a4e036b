import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { addMemberByEmail, pageOfMembers } from '$lib/server/communities';
import { addMemberBody } from '$lib/server/api/communities';
import { pageQuery } from '$lib/server/api/pagination';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => {
  const page = await pageOfMembers(db(), locals.user, params.slug, parseQuery(url, pageQuery));
  return json({ items: page.items.map(({ id, userId, name, handle, avatarUrl, role }) => ({ id, userId, name, handle, avatarUrl, role })), nextCursor: page.nextCursor });
});

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  requireMember(locals.user);
  const input = await parseBody(request, addMemberBody);
  return json(await addMemberByEmail(db(), locals.user, params.slug, input), { status: 201 });
});

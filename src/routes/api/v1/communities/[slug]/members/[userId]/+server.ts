import { db } from '$lib/server/db';
import { changeRole, endMembership } from '$lib/server/communities';
import { changeMemberBody, removeMemberQuery } from '$lib/server/api/communities';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  requireMember(locals.user);
  const { role } = await parseBody(request, changeMemberBody);
  await changeRole(db(), locals.user, params.slug, params.userId, role);
  return new Response(null, { status: 204 });
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params, url }) => {
  requireMember(locals.user);
  const { ban } = parseQuery(url, removeMemberQuery);
  await endMembership(db(), locals.user, params.slug, params.userId, ban ? 'banned' : 'removed');
  return new Response(null, { status: 204 });
});

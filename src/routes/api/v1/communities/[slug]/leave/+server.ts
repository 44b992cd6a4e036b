import { db } from '$lib/server/db';
import { endMembership } from '$lib/server/communities';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params }) => {
  const member = requireMember(locals.user);
  await endMembership(db(), member, params.slug, member.id, 'left');
  return new Response(null, { status: 204 });
});

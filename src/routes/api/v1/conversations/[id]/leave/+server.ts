import { db } from '$lib/server/db';
import { leaveConversation } from '$lib/server/messages';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params }) => {
  const member = requireMember(locals.user);
  await leaveConversation(db(), member, params.id);
  return new Response(null, { status: 204 });
});

import { db } from '$lib/server/db';
import { movePost } from '$lib/server/posts';
import { moveBody } from '$lib/server/api/posts';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { community } = await parseBody(request, moveBody);
  await movePost(db(), member, params.id, community);
  return new Response(null, { status: 204 });
});

import { db } from '$lib/server/db';
import { setPinned } from '$lib/server/posts';
import { pinBody } from '$lib/server/api/posts';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { pinned } = await parseBody(request, pinBody);
  await setPinned(db(), member, params.id, pinned);
  return new Response(null, { status: 204 });
});

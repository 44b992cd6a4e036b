import { db } from '$lib/server/db';
import { setLocked } from '$lib/server/posts';
import { lockBody } from '$lib/server/api/posts';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { locked } = await parseBody(request, lockBody);
  await setLocked(db(), member, params.id, locked);
  return new Response(null, { status: 204 });
});

import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { setFollowing } from '$lib/server/posts';
import { followBody } from '$lib/server/api/posts';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { following } = await parseBody(request, followBody);
  return json(await setFollowing(db(), member, params.id, following));
});

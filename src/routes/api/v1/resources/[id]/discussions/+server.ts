import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { discussResource } from '$lib/server/library';
import { discussBody } from '$lib/server/api/library';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { community } = await parseBody(request, discussBody);
  const { postId, created } = await discussResource(db(), member, params.id, community);
  return json({ postId }, { status: created ? 201 : 200 });
});

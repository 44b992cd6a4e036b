import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { toggleReaction } from '$lib/server/posts';
import { reactionBody } from '$lib/server/api/posts';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { emoji, target } = await parseBody(request, reactionBody);
  return json(await toggleReaction(db(), member, params.id, target ?? params.id, emoji));
});

import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deletePost, readPost, updatePost, updatePostSchema } from '$lib/server/posts';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await readPost(db(), locals.user, params.id)));

export const PATCH: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, updatePostSchema);
  await updatePost(db(), member, params.id, input);
  return json(await readPost(db(), member, params.id, { markRead: false }));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await deletePost(db(), requireMember(locals.user), params.id);
  return new Response(null, { status: 204 });
});

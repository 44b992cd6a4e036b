import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deleteComment, updateComment, updateCommentSchema } from '$lib/server/posts';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, updateCommentSchema);
  return json(await updateComment(db(), member, params.id, params.commentId, input));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await deleteComment(db(), requireMember(locals.user), params.id, params.commentId);
  return new Response(null, { status: 204 });
});

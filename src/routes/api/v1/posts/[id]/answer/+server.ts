import { db } from '$lib/server/db';
import { markAnswer } from '$lib/server/posts';
import { answerBody } from '$lib/server/api/posts';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { commentId } = await parseBody(request, answerBody);
  await markAnswer(db(), member, params.id, commentId);
  return new Response(null, { status: 204 });
});

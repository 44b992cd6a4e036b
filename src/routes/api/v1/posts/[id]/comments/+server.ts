import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { addComment, createCommentSchema, pageOfComments } from '$lib/server/posts';
import { pageQuery } from '$lib/server/api/pagination';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => json(await pageOfComments(db(), locals.user, params.id, parseQuery(url, pageQuery))));

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, createCommentSchema);
  return json(await addComment(db(), member, params.id, input), { status: 201 });
});

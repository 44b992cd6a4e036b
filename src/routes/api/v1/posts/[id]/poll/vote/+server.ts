import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { vote, voteSchema, withdrawVote } from '$lib/server/polls';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

// PUT replaces the caller's vote, DELETE takes it back: both answer with the poll as it now is.
export const PUT: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  return json(await vote(db(), member, params.id, await parseBody(request, voteSchema)));
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => json(await withdrawVote(db(), requireMember(locals.user), params.id)));

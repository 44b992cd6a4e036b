import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { feedbackSchema, feedbackSummary, giveFeedback } from '$lib/server/events';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await feedbackSummary(db(), requireMember(locals.user), params.id)));

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, feedbackSchema);
  await giveFeedback(db(), member, params.id, input);
  return new Response(null, { status: 204 });
});

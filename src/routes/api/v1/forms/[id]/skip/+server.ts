import { db } from '$lib/server/db';
import { skipWelcomeSurvey } from '$lib/server/forms';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params }) => {
  await skipWelcomeSurvey(db(), requireMember(locals.user), params.id);
  return new Response(null, { status: 204 });
});

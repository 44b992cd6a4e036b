import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { control, controlSchema } from '$lib/server/quiz';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  return json(await control(db(), member, params.id, await parseBody(request, controlSchema)));
});

import { db } from '$lib/server/db';
import { setFormStatus } from '$lib/server/forms';
import { statusBody } from '$lib/server/api/forms';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  await setFormStatus(db(), requireMember(locals.user), params.id, (await parseBody(request, statusBody)).status);
  return new Response(null, { status: 204 });
});

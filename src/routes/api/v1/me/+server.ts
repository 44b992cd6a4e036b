import { json } from '@sveltejs/kit';
import { requireMember } from '$lib/server/access';
import { db } from '$lib/server/db';
import { meUpdate, presentMe, updateMe } from '$lib/server/api/me';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';

export const GET = apiRoute(async ({ locals }) => json(presentMe(requireMember(locals.user))));

export const PATCH = apiRoute(async ({ locals, request }) => {
  requireMember(locals.user);
  const input = await parseBody(request, meUpdate);
  return json(presentMe(await updateMe(db(), locals.user, input)));
});

import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { importReferences, importSchema } from '$lib/server/library';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, request }) => {
  const member = requireMember(locals.user);
  const input = await parseBody(request, importSchema);
  return json(await importReferences(db(), member, input));
});

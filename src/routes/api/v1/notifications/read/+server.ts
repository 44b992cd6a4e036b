import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { markRead } from '$lib/server/notifications';
import { markReadBody } from '$lib/server/api/notifications';
import { parseBody } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, request }) => {
  const body = await parseBody(request, markReadBody);
  return json(await markRead(db(), locals.user, 'all' in body ? 'all' : { id: body.id }));
});

import { db } from '$lib/server/db';
import { blockMember, unblockMember } from '$lib/server/messages';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = apiRoute(async ({ locals, params }) => {
  await blockMember(db(), requireMember(locals.user), params.handle);
  return new Response(null, { status: 204 });
});

export const DELETE: RequestHandler = apiRoute(async ({ locals, params }) => {
  await unblockMember(db(), requireMember(locals.user), params.handle);
  return new Response(null, { status: 204 });
});

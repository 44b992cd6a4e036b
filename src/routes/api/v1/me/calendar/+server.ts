import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { createCalendarFeed, revokeCalendarFeed } from '$lib/server/events';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals }) => json(await createCalendarFeed(db(), requireMember(locals.user)), { status: 201 }));

export const DELETE: RequestHandler = apiRoute(async ({ locals }) => {
  await revokeCalendarFeed(db(), requireMember(locals.user));
  return new Response(null, { status: 204 });
});

import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { eventLoad } from '$lib/server/events';
import { loadInput } from '$lib/server/api/events';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => {
  const member = requireMember(locals.user);
  const { slugs, startsAt } = loadInput(url);
  return json(await eventLoad(db(), member, slugs, startsAt));
});

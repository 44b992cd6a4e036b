import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { createInitiative, createInitiativeSchema, listInitiatives } from '$lib/server/initiatives';
import { initiativesQuery } from '$lib/server/api/initiatives';
import { parseBody, parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => json(await listInitiatives(db(), locals.user, parseQuery(url, initiativesQuery))));

export const POST: RequestHandler = apiRoute(async ({ locals, request }) => {
  const member = requireMember(locals.user);
  return json(await createInitiative(db(), member, await parseBody(request, createInitiativeSchema)), { status: 201 });
});

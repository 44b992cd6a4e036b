import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { mapPoints } from '$lib/server/initiatives';
import { mapQuery } from '$lib/server/api/initiatives';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => json(await mapPoints(db(), locals.user, parseQuery(url, mapQuery))));

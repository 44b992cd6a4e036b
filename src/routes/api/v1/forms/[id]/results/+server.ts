import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formResults, resultsFilterSchema } from '$lib/server/forms';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => json(await formResults(db(), locals.user, params.id, parseQuery(url, resultsFilterSchema), locals.locale)));

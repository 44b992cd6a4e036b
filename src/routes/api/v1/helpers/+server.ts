import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { helpersQuery, suggestHelpers } from '$lib/server/search';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';

export const GET = apiRoute(async ({ locals, url }) => json(await suggestHelpers(db(), locals.user, parseQuery(url, helpersQuery))));

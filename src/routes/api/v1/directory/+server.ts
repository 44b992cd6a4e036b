import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { directoryQuery, listDirectory } from '$lib/server/profiles/directory';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';

export const GET = apiRoute(async ({ locals, url }) => json(await listDirectory(db(), locals.user, parseQuery(url, directoryQuery))));

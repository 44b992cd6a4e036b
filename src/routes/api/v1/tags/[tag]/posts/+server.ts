import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { tagFeed } from '$lib/server/posts';
import { pageQuery } from '$lib/server/api/pagination';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => json(await tagFeed(db(), locals.user, params.tag, parseQuery(url, pageQuery))));

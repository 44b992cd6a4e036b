import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { readEvent } from '$lib/server/events';
import { occurrencesOf } from '$lib/server/api/events';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json({ items: occurrencesOf(await readEvent(db(), locals.user, params.id)), nextCursor: null }));

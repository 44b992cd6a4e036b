import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { liveView } from '$lib/server/quiz';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await liveView(db(), locals.user, params.id)));

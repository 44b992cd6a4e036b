import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { pollView } from '$lib/server/polls';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await pollView(db(), locals.user, params.id)));

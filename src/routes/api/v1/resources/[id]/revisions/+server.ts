import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { listRevisions } from '$lib/server/library';
import { revisionsOut } from '$lib/server/api/library';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(revisionsOut(await listRevisions(db(), locals.user, params.id))));

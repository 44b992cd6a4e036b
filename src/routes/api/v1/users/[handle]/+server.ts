import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { readProfile } from '$lib/server/profiles';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await readProfile(db(), locals.user, params.handle)));

import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { welcomePrompt } from '$lib/server/forms';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json(await welcomePrompt(db(), requireMember(locals.user), params.slug)));

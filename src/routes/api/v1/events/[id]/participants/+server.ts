import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { participants } from '$lib/server/events';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => json({ items: await participants(db(), requireMember(locals.user), params.id), nextCursor: null }));

import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { remindNonRespondents } from '$lib/server/forms';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = apiRoute(async ({ locals, params }) => json(await remindNonRespondents(db(), requireMember(locals.user), params.id)));

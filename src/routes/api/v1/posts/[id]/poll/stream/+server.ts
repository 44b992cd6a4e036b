import { db } from '$lib/server/db';
import { pollStream } from '$lib/server/polls/stream';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, request }) => pollStream(db(), locals.user, params.id, request.signal));

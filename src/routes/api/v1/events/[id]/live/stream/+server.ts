import { db } from '$lib/server/db';
import { liveStream } from '$lib/server/quiz/stream';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, request }) => liveStream(db(), locals.user, params.id, request.signal));

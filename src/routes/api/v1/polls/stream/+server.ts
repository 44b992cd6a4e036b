import { db } from '$lib/server/db';
import { pollsStream } from '$lib/server/polls/stream';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

// ?posts=a,b,c — the polls of the publications a page shows, on one connection.
export const GET: RequestHandler = apiRoute(async ({ locals, url, request }) =>
  pollsStream(db(), locals.user, (url.searchParams.get('posts') ?? '').split(',').filter(Boolean), request.signal)
);

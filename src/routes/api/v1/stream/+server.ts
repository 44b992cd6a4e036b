import { db } from '$lib/server/db';
import { notificationStream } from '$lib/server/notifications/stream';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, request }) => notificationStream(db(), locals.user, request.signal));

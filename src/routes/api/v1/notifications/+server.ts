import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { listNotifications } from '$lib/server/notifications';
import { notificationsQuery } from '$lib/server/api/notifications';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => json(await listNotifications(db(), locals.user, parseQuery(url, notificationsQuery))));

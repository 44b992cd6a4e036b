// Opening a notification from the centre: its group is marked read, then the member goes where it leads.
import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { openNotification } from '$lib/server/notifications';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
  const user = requireSignedIn(locals.user, url);
  const target = await orPageError(() => openNotification(db(), user, params.id));
  redirect(303, target);
};

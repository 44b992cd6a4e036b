import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listNotifications, markRead } from '$lib/server/notifications';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { field, formFailure } from '$lib/server/http/forms';

// The notification centre: grouped, newest first, older ones by "before".
export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  const before = Number(url.searchParams.get('before')) || undefined;
  return orPageError(async () => ({ ...(await listNotifications(db(), user, { before })), before: before ?? null }));
};

export const actions: Actions = {
  read: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await markRead(db(), user, { id: field(form, 'id') ?? '' });
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, '/notifications');
  },
  all: async ({ locals, url }) => {
    const user = requireSignedIn(locals.user, url);
    await markRead(db(), user, 'all');
    redirect(303, '/notifications');
  }
};

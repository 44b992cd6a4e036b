import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { activeCalendarFeed, createCalendarFeed, revokeCalendarFeed } from '$lib/server/events';
import { loadAgenda } from '$lib/server/http/agenda';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { formFailure } from '$lib/server/http/forms';

// My communities' activities and my registrations, and the secret address of my calendar feed:
// shown once, when made (the answer to the action, never stored in a page that can be reloaded).
export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  return orPageError(async () => ({
    agenda: await loadAgenda(db(), user, url, true),
    feed: await activeCalendarFeed(db(), user),
    confirmRevoke: url.searchParams.has('revoke'),
    revoked: url.searchParams.has('revoked')
  }));
};

export const actions: Actions = {
  createFeed: async ({ locals, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      return { feedUrl: (await createCalendarFeed(db(), user)).url };
    } catch (error) {
      return formFailure(error, locals.locale);
    }
  },
  revokeFeed: async ({ locals, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await revokeCalendarFeed(db(), user);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, '/agenda/mine?revoked#calendar-feed');
  }
};

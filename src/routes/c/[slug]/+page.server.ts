import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { db } from '$lib/server/db';
import { dismissWelcome, endMembership, joinCommunity } from '$lib/server/communities';
import { requireSignedIn } from '$lib/server/http/pages';
import { field, formFailure } from '$lib/server/http/forms';

export const actions: Actions = {
  join: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      return { joined: await joinCommunity(db(), user, params.slug, field(form, 'message')) };
    } catch (error) {
      return formFailure(error, locals.locale);
    }
  },
  dismissWelcome: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await dismissWelcome(db(), user, params.slug);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, `/c/${params.slug}`);
  },
  leave: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await endMembership(db(), user, params.slug, user.id, 'left');
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, `/c/${params.slug}?left`);
  }
};

// The invitations waiting for the signed-in member; home and "my communities" show them too and post
// their answers here.
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { acceptInvitation, pendingInvitations } from '$lib/server/communities';
import { requireSignedIn } from '$lib/server/http/pages';
import { field, formFailure } from '$lib/server/http/forms';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  return { invitations: await pendingInvitations(db(), user) };
};

export const actions: Actions = {
  accept: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    let slug: string;
    try {
      slug = (await acceptInvitation(db(), user, { id: field(form, 'id') ?? '' })).slug;
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, `/c/${slug}`);
  }
};

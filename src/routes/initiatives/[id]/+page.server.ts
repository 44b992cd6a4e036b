import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { deleteInitiative, getInitiative } from '$lib/server/initiatives';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { formFailure } from '$lib/server/http/forms';
import { config, mapTiles } from '$lib/server/config';

// One initiative: what it is, where, and a way to write to whoever described it. Deleting asks
// first (`?delete` shows the confirmation), so it works without JavaScript.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const initiative = await getInitiative(db(), locals.user, params.id);
    return {
      initiative,
      url: `${config().origin}/initiatives/${initiative.id}`,
      tiles: initiative.latitude !== null && initiative.longitude !== null ? mapTiles() : null,
      confirmDelete: initiative.may.delete && url.searchParams.has('delete')
    };
  });

export const actions: Actions = {
  delete: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await deleteInitiative(db(), user, params.id);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, '/initiatives?deleted');
  }
};

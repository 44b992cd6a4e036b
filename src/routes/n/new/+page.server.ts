import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { createNotebook } from '$lib/server/library';
import { libraryTargets } from '$lib/server/library/targets';
import { requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure, tagList } from '$lib/server/http/forms';

// Starting a notebook: its title, description, who sees it, its communities and categories.
export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  return { targets: await libraryTargets(db(), user), preselected: url.searchParams.get('community') };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    let id: string;
    try {
      id = (
        await createNotebook(db(), user, {
          title: String(form.get('title') ?? ''),
          description: String(form.get('description') ?? ''),
          visibility: field(form, 'visibility') ?? 'instance',
          communities: form.getAll('communities').map(String),
          categories: tagList(field(form, 'categories'))
        })
      ).id;
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), communities: form.getAll('communities').map(String) });
    }
    redirect(303, `/n/${id}`);
  }
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { readNotebook, updateNotebook } from '$lib/server/library';
import { libraryTargets } from '$lib/server/library/targets';
import { forbidden } from '$lib/server/errors';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure, tagList } from '$lib/server/http/forms';

// A notebook's managers change its title, description, visibility, communities and categories.
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const user = requireSignedIn(locals.user, url);
  return orPageError(async () => {
    const notebook = await readNotebook(db(), user, params.id);
    if (!notebook.can.manage) throw forbidden();
    const targets = await libraryTargets(db(), user);
    // Communities it is already in stay offered, even where the manager may no longer post.
    const linked = notebook.communities.filter((c) => !targets.some((t) => t.slug === c.slug));
    return {
      notebook: { id: notebook.id, title: notebook.title },
      values: {
        title: notebook.title,
        description: notebook.description,
        visibility: notebook.visibility,
        communities: notebook.communities.map((c) => c.slug),
        categories: notebook.categories.join(', ')
      },
      targets: [...targets, ...linked]
    };
  });
};

export const actions: Actions = {
  default: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await updateNotebook(db(), user, params.id, {
        title: String(form.get('title') ?? ''),
        description: String(form.get('description') ?? ''),
        visibility: field(form, 'visibility') ?? 'instance',
        communities: form.getAll('communities').map(String),
        categories: tagList(field(form, 'categories'))
      });
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), communities: form.getAll('communities').map(String) });
    }
    redirect(303, `/n/${params.id}`);
  }
};

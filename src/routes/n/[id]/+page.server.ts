import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { addToNotebook, deleteNotebook, moveInNotebook, notebookQuerySchema, readNotebook, removeFromNotebook, setNotebookMember } from '$lib/server/library';
import { invalid } from '$lib/server/errors';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure } from '$lib/server/http/forms';

// A notebook: its items in order, filtered and searched by a GET form; its managers arrange it,
// its contributors add to it. Every action answers with a redirect back to the place it concerns.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const raw = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''));
    const query = notebookQuerySchema.catch({ sort: 'position' }).parse(raw);
    const notebook = await readNotebook(db(), locals.user, params.id, query);
    return { notebook, query, confirmRemove: url.searchParams.get('remove'), confirmDelete: url.searchParams.get('delete') === '1' };
  });

/** "https://…/r/0193…", "/r/0193…?x#y" or the bare id. */
function resourceIdOf(text: string | undefined): string {
  const value = (text ?? '').trim();
  const match = /\/r\/([^/?#\s]+)/.exec(value);
  const id = match ? decodeURIComponent(match[1]!) : value;
  if (!/^[\w-]{1,64}$/.test(id)) throw invalid([{ path: 'resource', message: 'library.notebook.errors.bad_address' }]);
  return id;
}

const back = (id: string, anchor = '') => `/n/${id}${anchor}`;

export const actions: Actions = {
  add: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      const { added } = await addToNotebook(db(), user, params.id, resourceIdOf(field(form, 'resource')));
      if (!added) return { action: 'add', notice: 'already' as const };
    } catch (error) {
      const failure = formFailure(error, locals.locale, { ...echoAll(form), action: 'add' });
      // A resource one may not read answers as a missing one: say it plainly next to the field.
      if (failure.status === 404) failure.data.issues = { resource: failure.data.error };
      return failure;
    }
    redirect(303, back(params.id, '#items'));
  },
  move: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const resourceId = String(form.get('resource') ?? '');
    try {
      await moveInNotebook(db(), user, params.id, resourceId, form.get('direction') === 'up' ? 'up' : 'down');
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id, `#item-${resourceId}`));
  },
  remove: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await removeFromNotebook(db(), user, params.id, String(form.get('resource') ?? ''));
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id, '#items'));
  },
  member: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const role = String(form.get('role') ?? '');
    try {
      await setNotebookMember(db(), user, params.id, field(form, 'handle') ?? '', role === 'manager' || role === 'contributor' ? role : null);
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), action: 'member' });
    }
    redirect(303, back(params.id, '#people'));
  },
  delete: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await deleteNotebook(db(), user, params.id);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, '/library');
  }
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { ownHandle } from '$lib/server/library/targets';
import { addToNotebook, applyResource, deleteResource, discussResource, notebooksWritableBy, readResource, withdrawApplication } from '$lib/server/library';
import { excerpt } from '$lib/server/posts';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure } from '$lib/server/http/forms';

// One resource of the library and what a reader may do with it. Every action answers with a redirect
// back to the part of the page it concerns, so reloading never sends twice and no JavaScript is needed.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const resource = await readResource(db(), locals.user, params.id);
    return {
      resource,
      description: resource.summary || excerpt(resource.body, 200),
      notebooks: locals.user ? await notebooksWritableBy(db(), locals.user) : [],
      confirmDelete: resource.can.moderate && url.searchParams.has('delete'),
      added: url.searchParams.get('added'),
      myHandle: locals.user ? await ownHandle(db(), locals.user) : null
    };
  });

const back = (id: string, anchor = '') => `/r/${id}${anchor}`;

export const actions: Actions = {
  apply: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await applyResource(db(), user, params.id, { story: field(form, 'story') });
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), action: 'apply' });
    }
    redirect(303, back(params.id, '#applied'));
  },
  withdraw: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await withdrawApplication(db(), user, params.id);
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'apply' });
    }
    redirect(303, back(params.id, '#applied'));
  },
  discuss: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    let postId: string;
    try {
      postId = (await discussResource(db(), user, params.id, String(form.get('community') ?? ''))).postId;
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), action: 'discuss' });
    }
    redirect(303, `/p/${postId}`);
  },
  addToNotebook: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    let added: boolean;
    try {
      added = (await addToNotebook(db(), user, String(form.get('notebook') ?? ''), params.id)).added;
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), action: 'notebook' });
    }
    redirect(303, back(params.id, `?added=${added ? 'yes' : 'already'}#notebooks`));
  },
  delete: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await deleteResource(db(), user, params.id);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, '/library?deleted');
  }
};

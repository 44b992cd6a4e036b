import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { readEvent, updateEvent } from '$lib/server/events';
import { previewMarkdown } from '$lib/server/posts';
import { forbidden } from '$lib/server/errors';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { formFailure } from '$lib/server/http/forms';
import { echoEvent, eventAsForm, eventFields } from '$lib/server/http/event-form';

// Changing an activity: for a session of a series, this one only or this one and those after it.
export const load: PageServerLoad = async ({ locals, params, url }) => {
  requireSignedIn(locals.user, url);
  return orPageError(async () => {
    const event = await readEvent(db(), locals.user, params.id);
    if (!event.viewer.canManage) throw forbidden();
    return { event, values: eventAsForm(event), defaultZone: config().timeZone };
  });
};

export const actions: Actions = {
  save: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await updateEvent(db(), user, params.id, { ...eventFields(form), scope: form.get('scope') === 'following' ? 'following' : 'one' });
    } catch (error) {
      return formFailure(error, locals.locale, echoEvent(form));
    }
    redirect(303, `/e/${params.id}`);
  },
  preview: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const event = await orPageError(() => readEvent(db(), user, params.id));
    try {
      return { ...echoEvent(form), previewHtml: await previewMarkdown(db(), user, String(form.get('description') ?? ''), event.hosts[0] ? { slug: event.hosts[0].slug } : null) };
    } catch (error) {
      return formFailure(error, locals.locale, echoEvent(form));
    }
  }
};

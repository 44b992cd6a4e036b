import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { formFiles } from '$lib/server/http/uploads';
import {
  addMaterialFile,
  addMaterialLink,
  cancelEvent,
  eventFeedback,
  listMaterials,
  markAttendance,
  participants,
  readEvent,
  removeMaterial,
  rsvp
} from '$lib/server/events';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { liveStatusOf } from '$lib/server/quiz';
import { echoAll, field, formFailure } from '$lib/server/http/forms';
import { formSlots } from '$lib/server/http/event-form';

// An activity and everything done on it. Every action answers with a redirect back to the part of the
// page it concerns, so reloading never sends twice and the page works the same without JavaScript.
export const load: PageServerLoad = async ({ locals, params, url }) =>
  orPageError(async () => {
    const event = await readEvent(db(), locals.user, params.id);
    const manage = event.viewer.canManage;
    return {
      event,
      materials: await listMaterials(db(), locals.user, params.id),
      participants: manage ? await participants(db(), locals.user, params.id) : [],
      // After it started: the feedback form for those who went, its summary for those who run it.
      feedback: await eventFeedback(db(), locals.user, params.id),
      confirmCancel: manage && url.searchParams.has('cancel'),
      position: event.viewer.waitlistPosition,
      live: await liveStatusOf(db(), params.id)
    };
  });

const back = (id: string, anchor = '') => `/e/${id}${anchor}`;

export const actions: Actions = {
  rsvp: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const answers = Object.fromEntries(Array.from({ length: formSlots.questions + 2 }, (_, i) => [String(i), field(form, `answer${i}`) ?? '']).filter(([, v]) => v !== ''));
    try {
      await rsvp(db(), user, params.id, { status: String(form.get('status') ?? '') as 'going', answers });
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), action: 'rsvp' });
    }
    redirect(303, back(params.id, '#rsvp'));
  },
  unregister: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await rsvp(db(), user, params.id, { status: 'not_going' });
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'rsvp' });
    }
    redirect(303, back(params.id, '#rsvp'));
  },
  attendance: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await markAttendance(db(), user, params.id, String(form.get('userId') ?? ''), form.get('attended') === 'true');
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'participants' });
    }
    redirect(303, back(params.id, '#participants'));
  },
  addMaterial: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      const [file] = await formFiles(form, 'file');
      if (file) await addMaterialFile(db(), user, params.id, { title: String(form.get('title') ?? ''), ...file });
      else await addMaterialLink(db(), user, params.id, { title: String(form.get('title') ?? ''), url: String(form.get('url') ?? '') });
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), action: 'material' });
    }
    redirect(303, back(params.id, '#materials'));
  },
  removeMaterial: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await removeMaterial(db(), user, params.id, String(form.get('materialId') ?? ''));
    } catch (error) {
      return formFailure(error, locals.locale, { action: 'material' });
    }
    redirect(303, back(params.id, '#materials'));
  },
  cancel: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await cancelEvent(db(), user, params.id, form.get('scope') === 'following' ? 'following' : 'one');
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, back(params.id));
  }
};

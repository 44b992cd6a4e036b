import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { createPost, previewMarkdown, shareTargets } from '$lib/server/posts';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure } from '$lib/server/http/forms';
import { formFiles } from '$lib/server/http/uploads';
import { forbidden, invalid } from '$lib/server/errors';
import { pollEcho, pollFrom } from '$lib/server/http/poll-form';
import { config } from '$lib/server/config';
import { membersNearCeiling } from '$lib/server/digests/budget';

export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
  const user = requireSignedIn(locals.user, url);
  const { community } = await parent();
  return orPageError(async () => {
    if (!community.viewer.canPost) throw forbidden();
    return {
      shareTargets: await shareTargets(db(), user, params.slug),
      uploadMaxMb: Math.floor(config().uploadMaxBytes / 1024 / 1024),
      timeZone: config().timeZone,
      kind: url.searchParams.get('kind'),
      // Animators writing a call to all see how many members it may reach only in their digest.
      nearCeiling: community.viewer.canManage ? await membersNearCeiling(db(), [community.id]) : 0
    };
  });
};

function postInput(form: FormData) {
  const poll = pollFrom(form, config().timeZone);
  if (poll === 'invalid_date') throw invalid([{ path: 'poll', message: 'polls.errors.bad_date' }]);
  return {
    title: String(form.get('title') ?? ''),
    body: String(form.get('body') ?? ''),
    kind: (field(form, 'kind') ?? 'discussion') as 'discussion',
    language: (field(form, 'language') ?? undefined) as 'fr' | undefined,
    linkUrl: field(form, 'linkUrl'),
    alsoIn: form.getAll('alsoIn').map(String),
    // Only a topic proposal says what it is for; the field is ignored for any other kind.
    proposalFor: field(form, 'kind') === 'proposal' ? (field(form, 'proposalFor') as 'activity' | undefined) : undefined,
    poll
  };
}

export const actions: Actions = {
  create: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    let id: string;
    try {
      id = (await createPost(db(), user, params.slug, postInput(form), await formFiles(form, 'attachments'))).id;
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), ...pollEcho(form), alsoIn: form.getAll('alsoIn').map(String) });
    }
    redirect(303, `/p/${id}`);
  },
  // Without JavaScript, the Preview button comes here: the form comes back with the rendering.
  preview: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    // "Add a choice" without JavaScript: the form comes back with one more field, and no preview.
    if (form.get('pollMore')) return { ...echoAll(form), ...pollEcho(form), alsoIn: form.getAll('alsoIn').map(String) };
    try {
      return { ...echoAll(form), ...pollEcho(form), alsoIn: form.getAll('alsoIn').map(String), previewHtml: await previewMarkdown(db(), user, String(form.get('body') ?? ''), { slug: params.slug }) };
    } catch (error) {
      return formFailure(error, locals.locale, { ...echoAll(form), ...pollEcho(form) });
    }
  }
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { addToNotebook, createResource } from '$lib/server/library';
import { prepareNote } from '$lib/server/library/content';
import { libraryTargets, ownHandle } from '$lib/server/library/targets';
import { requireSignedIn } from '$lib/server/http/pages';
import { formFailure } from '$lib/server/http/forms';
import { config } from '$lib/server/config';
import { resourceKinds, type ResourceKind } from '$lib/shared/library';
import { authorLines, commonFields, echoForm, referenceFrom, uploadedFile } from './form.server';

// A new resource: first its kind, then the form for that kind.
export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  const kind = url.searchParams.get('kind');
  return {
    kind: resourceKinds.includes(kind as ResourceKind) ? (kind as ResourceKind) : null,
    community: url.searchParams.get('community'),
    notebook: url.searchParams.get('notebook'),
    targets: await libraryTargets(db(), user),
    myHandle: await ownHandle(db(), user),
    uploadMaxMb: Math.floor(config().uploadMaxBytes / 1024 / 1024)
  };
};

export const actions: Actions = {
  create: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    const kind = String(form.get('kind') ?? '') as ResourceKind;
    let id: string;
    try {
      const common = commonFields(form);
      const input = {
        ...common,
        kind,
        authors: kind === 'reference' ? undefined : authorLines(form),
        linkUrl: kind === 'link' ? common.linkUrl : undefined,
        reference: kind === 'reference' ? referenceFrom(form) : undefined
      };
      id = (await createResource(db(), user, input, kind === 'file' ? await uploadedFile(form) : undefined)).id;
    } catch (error) {
      return formFailure(error, locals.locale, echoForm(form));
    }
    const notebook = String(form.get('notebook') ?? '') || url.searchParams.get('notebook');
    // The resource exists now: a notebook that refuses it does not undo that.
    if (notebook) await addToNotebook(db(), user, notebook, id).catch(() => undefined);
    redirect(303, `/r/${id}`);
  },
  // Without JavaScript, the Preview button comes here: the form comes back with the rendering.
  preview: async ({ locals, request, url }) => {
    requireSignedIn(locals.user, url);
    const form = await request.formData();
    return { ...echoForm(form), previewHtml: (await prepareNote(db(), String(form.get('body') ?? ''))).html };
  }
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { previewMarkdown, readPost, updatePost } from '$lib/server/posts';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure } from '$lib/server/http/forms';
import { formFiles } from '$lib/server/http/uploads';
import { forbidden } from '$lib/server/errors';
import { config } from '$lib/server/config';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const user = requireSignedIn(locals.user, url);
  return orPageError(async () => {
    const post = await readPost(db(), user, params.id, { markRead: false });
    if (!post.viewer.canEdit) throw forbidden();
    return { post, uploadMaxMb: Math.floor(config().uploadMaxBytes / 1024 / 1024) };
  });
};

export const actions: Actions = {
  save: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await updatePost(
        db(),
        user,
        params.id,
        {
          title: String(form.get('title') ?? ''),
          body: String(form.get('body') ?? ''),
          language: (field(form, 'language') ?? undefined) as 'fr' | undefined,
          linkUrl: field(form, 'linkUrl') ?? null,
          revision: Number(form.get('revision')) || undefined,
          removeAttachments: form.getAll('removeAttachments').map(String)
        },
        await formFiles(form, 'attachments')
      );
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
    redirect(303, `/p/${params.id}`);
  },
  preview: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      return { ...echoAll(form), previewHtml: await previewMarkdown(db(), user, String(form.get('body') ?? ''), { postId: params.id }) };
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
  }
};

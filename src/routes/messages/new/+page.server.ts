import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { recipientsMax, startConversation } from '$lib/server/messages';
import { requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure, tagList } from '$lib/server/http/forms';
import { formFiles } from '$lib/server/http/uploads';
import { config } from '$lib/server/config';

// Writing to one member or a small group, by @handle; "Send a message" on a profile fills `to`.
export const load: PageServerLoad = async ({ locals, url }) => {
  requireSignedIn(locals.user, url);
  // `?to=a,b` from a profile or a resource's authors; `?subject=` and `?body=` from what the message
  // is about ("who can help me?" links the question).
  const to = (url.searchParams.get('to') ?? '')
    .split(',')
    .map((handle) => handle.trim().replace(/^@/, ''))
    .filter(Boolean)
    .slice(0, recipientsMax)
    .map((handle) => `@${handle}`)
    .join(', ');
  return { to, subject: (url.searchParams.get('subject') ?? '').slice(0, 200), body: (url.searchParams.get('body') ?? '').slice(0, 2000), recipientsMax, uploadMaxMb: Math.floor(config().uploadMaxBytes / 1024 / 1024) };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    let id: string;
    try {
      // "@lea, @bob" or "@lea @bob": commas, semicolons, spaces and line breaks all separate.
      const to = tagList(String(form.get('to') ?? '').replace(/\s+/g, ','));
      const files = await formFiles(form, 'attachments');
      id = (await startConversation(db(), user, { to, subject: field(form, 'subject'), body: String(form.get('body') ?? '') }, files)).id;
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
    redirect(303, `/messages/${id}`);
  }
};

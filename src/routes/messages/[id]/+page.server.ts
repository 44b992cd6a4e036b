import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { leaveConversation, listBlocked, markRead, postMessage, readConversation, unreadConversations } from '$lib/server/messages';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, formFailure } from '$lib/server/http/forms';
import { formFiles } from '$lib/server/http/uploads';
import { config } from '$lib/server/config';

const pageSize = 50;

// One conversation, oldest message first, with the reply form at the bottom. Opening it marks it
// read. `?before=` pages back through older messages; `?leave` and `?block=` ask to confirm.
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const user = requireSignedIn(locals.user, url);
  return orPageError(async () => {
    const before = url.searchParams.get('before') ?? undefined;
    const conversation = await readConversation(db(), user, params.id, { cursor: before, limit: pageSize });
    if (!before) await markRead(db(), user, params.id);
    const blocked = new Set((await listBlocked(db(), user)).map((b) => b.handle));
    const blockHandle = url.searchParams.get('block');
    return {
      conversation,
      messages: [...conversation.messages.items].reverse(),
      earlier: conversation.messages.nextCursor,
      paged: Boolean(before),
      blocked: [...blocked],
      confirmLeave: url.searchParams.has('leave') && conversation.viewer.canPost,
      confirmBlock: conversation.participants.find((p) => !p.me && p.handle !== null && p.handle === blockHandle && !blocked.has(p.handle)) ?? null,
      done: url.searchParams.get('done'),
      uploadMaxMb: Math.floor(config().uploadMaxBytes / 1024 / 1024),
      unreadConversations: await unreadConversations(db(), user)
    };
  });
};

export const actions: Actions = {
  reply: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    let id: string;
    try {
      id = (await postMessage(db(), user, params.id, { body: String(form.get('body') ?? '') }, await formFiles(form, 'attachments'))).id;
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
    redirect(303, `/messages/${params.id}#message-${id}`);
  },
  leave: async ({ locals, params, url }) => {
    const user = requireSignedIn(locals.user, url);
    try {
      await leaveConversation(db(), user, params.id);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, '/messages?done=left');
  }
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '$lib/server/db';
import { blockMember, listBlocked, listConversations, unblockMember } from '$lib/server/messages';
import { pageLimits } from '$lib/server/api/pagination';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { field, formFailure } from '$lib/server/http/forms';

// The member's conversations and the members they blocked. Blocking and unblocking live here so
// the profile and conversation pages can post to them and come back where they were.
export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  return orPageError(async () => ({
    conversations: await listConversations(db(), user, { cursor: url.searchParams.get('cursor') ?? undefined, limit: pageLimits.default }),
    blocked: await listBlocked(db(), user),
    done: url.searchParams.get('done')
  }));
};

/** Back to the page the form came from (a path on this site only), saying what was done. */
function back(form: FormData, done: string): string {
  const to = field(form, 'back') ?? '/messages';
  const safe = to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\') ? to : '/messages';
  const [path, hash] = safe.split('#');
  return `${path}${path?.includes('?') ? '&' : '?'}done=${done}${hash ? `#${hash}` : ''}`;
}

async function blocking(event: RequestEvent, work: typeof blockMember, done: string) {
  const user = requireSignedIn(event.locals.user, event.url);
  const form = await event.request.formData();
  try {
    await work(db(), user, String(form.get('handle') ?? ''));
  } catch (error) {
    return formFailure(error, event.locals.locale);
  }
  redirect(303, back(form, done));
}

export const actions: Actions = {
  block: (event) => blocking(event, blockMember, 'blocked'),
  unblock: (event) => blocking(event, unblockMember, 'unblocked')
};

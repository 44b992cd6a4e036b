import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/access';
import { approveCommunity, listCommunities, presentCommunities, readCommunityPolicy, saveCommunityPolicy } from '$lib/server/communities';
import { formFailure } from '$lib/server/http/forms';
import { orPageError } from '$lib/server/http/pages';

export const load: PageServerLoad = async ({ locals }) =>
  orPageError(async () => {
    requireAdmin(locals.user);
    const pending = await listCommunities(db(), locals.user, { status: 'pending' }, { limit: 100 });
    return { policy: await readCommunityPolicy(db()), pending: await presentCommunities(db(), locals.user, pending.items) };
  });

export const actions: Actions = {
  policy: async ({ locals, request }) => {
    const form = await request.formData();
    try {
      await saveCommunityPolicy(db(), locals.user, {
        creation: form.get('creation') === 'admins' ? 'admins' : 'members',
        approval: form.get('approval') === 'on'
      });
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    return { notice: 'communities_saved' as const };
  },
  approve: async ({ locals, request }) => {
    const form = await request.formData();
    try {
      await approveCommunity(db(), locals.user, String(form.get('slug') ?? ''));
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    return { notice: 'communities_approved' as const };
  }
};

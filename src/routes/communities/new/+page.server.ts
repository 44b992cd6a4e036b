import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { createCommunity, mayCreate, readCommunityPolicy } from '$lib/server/communities';
import { requireSignedIn } from '$lib/server/http/pages';
import { communityFormInput } from '$lib/server/communities/form';
import { echoAll, formFailure } from '$lib/server/http/forms';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  const policy = await readCommunityPolicy(db());
  return { allowed: mayCreate(user, policy), needsApproval: policy.approval && user.role !== 'admin' };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    requireSignedIn(locals.user, url);
    const form = await request.formData();
    let slug: string;
    try {
      slug = (await createCommunity(db(), locals.user, { ...communityFormInput(form), slug: form.get('slug')?.toString().trim() || undefined })).slug;
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
    redirect(303, `/c/${slug}`);
  }
};

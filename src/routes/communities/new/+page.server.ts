import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { createCommunity, mayCreate, readCommunityPolicy, setCommunityLogo } from '$lib/server/communities';
import { preparePicture } from '$lib/server/images';
import { formFile } from '$lib/server/http/pictures';
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
      // The logo is checked before anything is created, so a bad picture leaves nothing behind.
      const chosen = await formFile(form, 'logo');
      const logo = chosen && (await preparePicture(chosen, 'logo', 'logo'));
      slug = (await createCommunity(db(), locals.user, { ...communityFormInput(form), slug: form.get('slug')?.toString().trim() || undefined })).slug;
      if (logo) await setCommunityLogo(db(), locals.user, slug, logo);
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
    redirect(303, `/c/${slug}`);
  }
};

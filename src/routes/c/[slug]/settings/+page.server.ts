import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { assertCan, findCommunity } from '$lib/server/access';
import { deleteCommunity, setArchived, setCommunityLogo, updateCommunity } from '$lib/server/communities';
import { formFile } from '$lib/server/http/pictures';
import { invalid } from '$lib/server/errors';
import { communityFormInput } from '$lib/server/communities/form';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { echoAll, field, formFailure } from '$lib/server/http/forms';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  requireSignedIn(locals.user, url);
  return orPageError(async () => {
    const relation = await findCommunity(db(), locals.user, params.slug);
    // Archived communities can still be reopened from here by their animators.
    assertCan(locals.user, relation.community.status === 'archived' ? 'archive' : 'manage', relation);
    return { archived: relation.community.status === 'archived' };
  });
};

export const actions: Actions = {
  save: async ({ locals, params, request, url }) => {
    requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await updateCommunity(db(), locals.user, params.slug, communityFormInput(form));
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
    return { saved: true };
  },
  logo: async ({ locals, params, request, url }) => {
    requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      const chosen = await formFile(form, 'logo');
      if (!chosen) throw invalid([{ path: 'logo', message: 'images.errors.none' }]);
      await setCommunityLogo(db(), locals.user, params.slug, chosen);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    return { logoSaved: true };
  },
  removeLogo: async ({ locals, params, url }) => {
    requireSignedIn(locals.user, url);
    try {
      await setCommunityLogo(db(), locals.user, params.slug, null);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    return { logoRemoved: true };
  },
  archive: async ({ locals, params, request, url }) => {
    requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await setArchived(db(), locals.user, params.slug, form.get('archived') === 'true');
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, `/c/${params.slug}`);
  },
  delete: async ({ locals, params, request, url }) => {
    requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      await deleteCommunity(db(), locals.user, params.slug, field(form, 'confirmation') ?? '');
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, '/communities');
  }
};

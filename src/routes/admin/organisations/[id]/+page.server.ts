import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/access';
import { invalid } from '$lib/server/errors';
import { presentOrganisation } from '$lib/server/organisations';
import { findOrganisation, findOrganisationByName, mergeOrganisations, organisationUsage, updateOrganisation } from '$lib/server/organisations/admin';
import { echoAll, field, formFailure } from '$lib/server/http/forms';
import { orPageError } from '$lib/server/http/pages';

export const load: PageServerLoad = async ({ locals, params }) =>
  orPageError(async () => {
    requireAdmin(locals.user);
    const organisation = await findOrganisation(db(), params.id);
    return { organisation: presentOrganisation(organisation), ...(await organisationUsage(db(), locals.user, organisation.id)) };
  });

export const actions: Actions = {
  save: async ({ locals, params, request }) => {
    const form = await request.formData();
    try {
      await updateOrganisation(db(), locals.user, params.id, {
        name: field(form, 'name') ?? '',
        type: (field(form, 'type') ?? 'other') as 'other',
        region: field(form, 'region') ?? '',
        website: field(form, 'website') ?? ''
      });
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
    return { saved: true };
  },
  // First step: find the organisation to merge into and ask for confirmation.
  merge: async ({ locals, params, request }) => {
    const form = await request.formData();
    try {
      requireAdmin(locals.user);
      const into = await findOrganisationByName(db(), field(form, 'into') ?? '');
      if (!into) throw invalid([{ path: 'into', message: 'organisations.errors.merge_unknown' }]);
      if (into.id === params.id) throw invalid([{ path: 'into', message: 'organisations.errors.merge_same' }]);
      return { confirmMerge: presentOrganisation(into) };
    } catch (error) {
      return formFailure(error, locals.locale, echoAll(form));
    }
  },
  mergeConfirmed: async ({ locals, params, request }) => {
    const form = await request.formData();
    const into = field(form, 'intoId') ?? '';
    try {
      await mergeOrganisations(db(), locals.user, params.id, into);
    } catch (error) {
      return formFailure(error, locals.locale);
    }
    redirect(303, `/admin/organisations/${into}?merged`);
  }
};

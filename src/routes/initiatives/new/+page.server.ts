import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { createInitiative, initiativeFacets, initiativeLimits } from '$lib/server/initiatives';
import { libraryTargets } from '$lib/server/library/targets';
import { requireSignedIn } from '$lib/server/http/pages';
import { formFailure } from '$lib/server/http/forms';
import { mapTiles } from '$lib/server/config';
import { echoForm, initiativeFields } from './form.server';

// Describing an initiative; `?community=slug` (from a community's tab) checks that community.
export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireSignedIn(locals.user, url);
  const [targets, facets] = await Promise.all([libraryTargets(db(), user), initiativeFacets(db(), user)]);
  const community = url.searchParams.get('community');
  return {
    community: targets.some((c) => c.slug === community) ? community : null,
    targets,
    regions: facets.regions.map((r) => r.name),
    tiles: mapTiles(),
    limits: initiativeLimits
  };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    let id: string;
    try {
      id = (await createInitiative(db(), user, initiativeFields(form))).id;
    } catch (error) {
      return formFailure(error, locals.locale, echoForm(form));
    }
    redirect(303, `/initiatives/${id}`);
  }
};

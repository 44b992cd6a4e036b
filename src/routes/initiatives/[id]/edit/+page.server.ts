import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { getInitiative, initiativeFacets, initiativeLimits, updateInitiative } from '$lib/server/initiatives';
import { libraryTargets } from '$lib/server/library/targets';
import { orPageError, requireSignedIn } from '$lib/server/http/pages';
import { formFailure } from '$lib/server/http/forms';
import { findInitiative } from '$lib/server/access';
import { forbidden } from '$lib/server/errors';
import { mapTiles } from '$lib/server/config';
import type { Actor } from '$lib/server/auth/actor';
import { echoForm, initiativeFields } from '../../new/form.server';

/** Decimal degrees as the form shows them, in the reader's way of writing them. */
const degrees = (value: number | null, locale: string) => (value === null ? '' : locale === 'fr' ? String(value).replace('.', ',') : String(value));

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const user = requireSignedIn(locals.user, url);
  return orPageError(async () => {
    const initiative = await getInitiative(db(), user, params.id);
    if (!initiative.may.edit) throw forbidden();
    const [targets, facets] = await Promise.all([libraryTargets(db(), user), initiativeFacets(db(), user)]);
    return {
      initiative: { id: initiative.id, title: initiative.title, communities: initiative.communities, onBehalf: initiative.onBehalfOfOrganisation },
      values: {
        title: initiative.title,
        description: initiative.description,
        region: initiative.region,
        place: initiative.place ?? '',
        latitude: degrees(initiative.latitude, locals.locale),
        longitude: degrees(initiative.longitude, locals.locale),
        themes: initiative.themes.join(', '),
        visibility: initiative.visibility
      } as Record<string, string>,
      targets,
      regions: facets.regions.map((r) => r.name),
      tiles: mapTiles(),
      limits: initiativeLimits
    };
  });
};

/** The checked communities, with those it belongs to that the member cannot see (not in the form): they stay. */
async function chosenCommunities(user: Actor, id: string, checked: string[]): Promise<string[]> {
  const [relation, view] = await Promise.all([findInitiative(db(), user, id), getInitiative(db(), user, id)]);
  const shown = new Set(view.communities.map((c) => c.slug));
  return [...new Set([...checked, ...relation.communities.map((r) => r.community.slug).filter((slug) => !shown.has(slug))])];
}

export const actions: Actions = {
  default: async ({ locals, params, request, url }) => {
    const user = requireSignedIn(locals.user, url);
    const form = await request.formData();
    try {
      const fields = initiativeFields(form);
      await updateInitiative(db(), user, params.id, { ...fields, communities: await chosenCommunities(user, params.id, fields.communities) });
    } catch (error) {
      return formFailure(error, locals.locale, echoForm(form));
    }
    redirect(303, `/initiatives/${params.id}`);
  }
};

import type { PageServerLoad } from './$types';
import { orPageError } from '$lib/server/http/pages';
import { initiativesPage } from '../../../initiatives/list.server';

// A community's Initiatives tab: its layout has already answered 404 to whoever may not see it.
export const load: PageServerLoad = async ({ locals, params, url }) => orPageError(() => initiativesPage(locals.user, url, params.slug));

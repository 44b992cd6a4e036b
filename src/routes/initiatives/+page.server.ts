import type { PageServerLoad } from './$types';
import { orPageError } from '$lib/server/http/pages';
import { initiativesPage } from './list.server';

// The instance's initiatives: every one the reader may read (visitors: the public ones), by region.
export const load: PageServerLoad = async ({ locals, url }) =>
  orPageError(async () => ({ ...(await initiativesPage(locals.user, url)), deleted: url.searchParams.has('deleted') }));

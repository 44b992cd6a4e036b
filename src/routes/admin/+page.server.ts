import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { adminOverview } from '$lib/server/admin/overview';
import { orPageError } from '$lib/server/http/pages';

export const load: PageServerLoad = async ({ locals }) => ({
  overview: await orPageError(() => adminOverview(db(), locals.user))
});

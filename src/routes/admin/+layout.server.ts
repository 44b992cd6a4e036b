import type { LayoutServerLoad } from './$types';
import { requireAdmin } from '$lib/server/access';
import { orPageError } from '$lib/server/http/pages';

// Every admin page answers 404 to anyone but an admin, before its own load runs its own check.
export const load: LayoutServerLoad = async ({ locals }) => {
  await orPageError(() => requireAdmin(locals.user));
  return {};
};

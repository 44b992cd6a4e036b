import type { PageServerLoad } from './$types';
import { needsSetup } from '$lib/server/auth/setup';

// The invitation to set up the instance is for its first visitor; someone who already signed up
// as a member sees the ordinary home page.
export const load: PageServerLoad = async ({ locals }) => ({ needsSetup: !locals.user && (await needsSetup()) });

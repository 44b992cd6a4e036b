import type { PageServerLoad } from './$types';
import { needsSetup } from '$lib/server/auth/setup';

export const load: PageServerLoad = async () => ({ needsSetup: await needsSetup() });

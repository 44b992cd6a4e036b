import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { readProfile } from '$lib/server/profiles';
import { orPageError } from '$lib/server/http/pages';

export const load: PageServerLoad = async ({ locals, params }) =>
  orPageError(async () => ({ profile: await readProfile(db(), locals.user, params.handle) }));

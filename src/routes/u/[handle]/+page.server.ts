import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { readProfile } from '$lib/server/profiles';
import { messagingWith } from '$lib/server/messages';
import { orPageError } from '$lib/server/http/pages';

export const load: PageServerLoad = async ({ locals, params }) =>
  orPageError(async () => ({
    profile: await readProfile(db(), locals.user, params.handle),
    messaging: await messagingWith(db(), locals.user, params.handle)
  }));

import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { getOutboxEmail } from '$lib/server/mail/admin';
import { orPageError } from '$lib/server/http/pages';

export const load: PageServerLoad = async ({ locals, params, url }) => ({
  email: await orPageError(() => getOutboxEmail(db(), locals.user, params.id)),
  resent: url.searchParams.has('resent')
});

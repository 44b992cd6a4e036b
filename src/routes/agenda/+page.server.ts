import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { loadAgenda } from '$lib/server/http/agenda';
import { orPageError } from '$lib/server/http/pages';

// Every activity the reader may see, across the instance.
export const load: PageServerLoad = async ({ locals, url }) => orPageError(async () => ({ agenda: await loadAgenda(db(), locals.user, url, false) }));

import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { emailStatuses, listOutbox } from '$lib/server/mail/admin';
import { orPageError } from '$lib/server/http/pages';

const query = z.object({
  // An unknown status in a hand-edited URL shows everything rather than an error page.
  status: z.enum(emailStatuses).optional().catch(undefined),
  cursor: z.string().max(500).optional()
});

export const load: PageServerLoad = async ({ locals, url }) => {
  const { status, cursor } = query.parse(Object.fromEntries(url.searchParams));
  const page = await orPageError(() => listOutbox(db(), locals.user, { status, cursor, limit: 25 }));
  return { emails: page.items, nextCursor: page.nextCursor, status: status ?? null, paged: Boolean(cursor) };
};

import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { listJobs, retryJob, visibleJobStatuses } from '$lib/server/jobs/admin';
import { orPageError } from '$lib/server/http/pages';
import { doneUnlessConflict } from '../conflict';

const query = z.object({
  status: z.enum(visibleJobStatuses).optional().catch(undefined),
  cursor: z.string().max(500).optional()
});

export const load: PageServerLoad = async ({ locals, url }) => {
  const { status, cursor } = query.parse(Object.fromEntries(url.searchParams));
  const page = await orPageError(() => listJobs(db(), locals.user, { status, cursor, limit: 25 }));
  return { jobs: page.items, nextCursor: page.nextCursor, status: status ?? null, paged: Boolean(cursor) };
};

const retryForm = z.object({ id: z.string().min(1).max(100) });

export const actions: Actions = {
  retry: async ({ locals, request }) => {
    const parsed = retryForm.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) return fail(400, { retryFailed: true });
    const done = await doneUnlessConflict(() => retryJob(db(), locals.user, parsed.data.id));
    return done ? { retried: true } : fail(409, { retryFailed: true });
  }
};

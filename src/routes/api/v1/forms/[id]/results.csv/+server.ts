import { db } from '$lib/server/db';
import { exportResponses } from '$lib/server/forms';
import { exportResponse } from '$lib/server/http/files';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params }) => {
  const { csv, filename } = await exportResponses(db(), locals.user, params.id, locals.locale);
  return exportResponse({ body: csv, fileName: filename, mime: 'text/csv' });
});

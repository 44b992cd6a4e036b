import { exportResponse } from '$lib/server/http/files';
import { db } from '$lib/server/db';
import { exportReferences } from '$lib/server/library';
import { referencesExportQuery } from '$lib/server/api/library';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, url }) => {
  const { ids, format } = parseQuery(url, referencesExportQuery);
  return exportResponse(await exportReferences(db(), locals.user, { ids }, format));
});

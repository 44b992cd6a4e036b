import { exportResponse } from '$lib/server/http/files';
import { db } from '$lib/server/db';
import { exportNotebookBundle, exportReferences } from '$lib/server/library';
import { notebookExportQuery } from '$lib/server/api/library';
import { parseQuery } from '$lib/server/api/validate';
import { apiRoute } from '$lib/server/http/problem';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, url }) => {
  const { format } = parseQuery(url, notebookExportQuery);
  const file =
    format === 'markdown' || format === 'html'
      ? await exportNotebookBundle(db(), locals.user, params.id, format)
      : await exportReferences(db(), locals.user, { notebookId: params.id }, format);
  return exportResponse(file);
});

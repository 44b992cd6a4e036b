// A notebook's references (BibTeX, RIS, CSL-JSON, APA) or its notes as a Markdown or HTML bundle,
// with only the resources the reader may read, as a download. A notebook one may not read is a 404.
import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { exportNotebookBundle, exportReferences } from '$lib/server/library';
import { exportFormats, type ExportFormat } from '$lib/shared/library';
import { exportResponse } from '$lib/server/http/files';
import { orPageError } from '$lib/server/http/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, url }) =>
  orPageError(async () => {
    const format = url.searchParams.get('format') ?? 'bibtex';
    let file;
    if (format === 'markdown' || format === 'html') file = await exportNotebookBundle(db(), locals.user, params.id, format);
    else if ((exportFormats as readonly string[]).includes(format)) file = await exportReferences(db(), locals.user, { notebookId: params.id }, format as ExportFormat);
    else error(400, { message: 'invalid', code: 'invalid' });
    return exportResponse(file);
  });

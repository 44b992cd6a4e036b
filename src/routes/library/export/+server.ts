// A selection of resources (`?ids=a,b,c` or `?id=a&id=b`) as BibTeX, RIS, CSL-JSON or an APA bibliography, as a
// download. Only what the reader may read ends up in it; the others are left out without a word.
import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { exportQuerySchema, exportReferences } from '$lib/server/library';
import { exportResponse } from '$lib/server/http/files';
import { orPageError } from '$lib/server/http/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) =>
  orPageError(async () => {
    // `?ids=a,b` from a link, or one `id` per ticked box of the library's selection form.
    const ids = [...url.searchParams.getAll('id'), ...(url.searchParams.get('ids') ?? '').split(',')].filter(Boolean).join(',');
    const parsed = exportQuerySchema.safeParse({ format: url.searchParams.get('format') ?? undefined, ids: ids || undefined });
    if (!parsed.success) error(400, { message: 'invalid', code: 'invalid' });
    const file = await exportReferences(db(), locals.user, { ids: parsed.data.ids }, parsed.data.format);
    return exportResponse(file);
  });

// A selection of resources (`?ids=a,b,c`) as BibTeX, RIS, CSL-JSON or an APA bibliography, as a
// download. Only what the reader may read ends up in it; the others are left out without a word.
import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { exportQuerySchema, exportReferences } from '$lib/server/library';
import { exportResponse } from '$lib/server/http/files';
import { orPageError } from '$lib/server/http/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) =>
  orPageError(async () => {
    const parsed = exportQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) error(400, { message: 'invalid', code: 'invalid' });
    const file = await exportReferences(db(), locals.user, { ids: parsed.data.ids }, parsed.data.format);
    return exportResponse(file);
  });

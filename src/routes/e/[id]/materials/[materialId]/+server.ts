// A material file of an activity (slides, a handout), for whoever may see the activity; 404 otherwise.
import { db } from '$lib/server/db';
import { readMaterialFile } from '$lib/server/events';
import { orPageError } from '$lib/server/http/pages';
import { fileResponse } from '$lib/server/http/files';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, request }) =>
  orPageError(async () => fileResponse(request, await readMaterialFile(db(), locals.user, params.id, params.materialId)));

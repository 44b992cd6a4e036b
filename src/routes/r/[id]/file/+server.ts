// The current file of a `file` resource: for whoever may read the resource, a 404 for anyone else
// (and for a resource that holds no file).
import { db } from '$lib/server/db';
import { findResource } from '$lib/server/access';
import { notFound } from '$lib/server/errors';
import { storage } from '$lib/server/storage';
import { orPageError } from '$lib/server/http/pages';
import { fileResponse } from '$lib/server/http/files';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, request }) =>
  orPageError(async () => {
    const { resource } = await findResource(db(), locals.user, params.id);
    if (!resource.storage_key || !resource.file_name || !resource.mime) throw notFound();
    const bytes = await storage().get(resource.storage_key);
    if (!bytes) throw notFound();
    return fileResponse(request, { id: `${resource.id}-${resource.revision}`, fileName: resource.file_name, mime: resource.mime, bytes });
  });

// A file attached to a private message: for whoever may read the message, a 404 for anyone else.
import { db } from '$lib/server/db';
import { readMessageAttachment } from '$lib/server/messages';
import { orPageError } from '$lib/server/http/pages';
import { fileResponse } from '$lib/server/http/files';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, request }) =>
  orPageError(async () => {
    const { attachment, bytes } = await readMessageAttachment(db(), locals.user, params.id, params.attachmentId);
    return fileResponse(request, { id: attachment.id, fileName: attachment.file_name, mime: attachment.mime, bytes });
  });

// A file attached to a message: for whoever may read the message, a 404 for anyone else.
import { db } from '$lib/server/db';
import { readMessageAttachment } from '$lib/server/messages';
import { fileResponse } from '$lib/server/http/files';
import { apiRoute } from '$lib/server/http/problem';
import { requireMember } from '$lib/server/access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiRoute(async ({ locals, params, request }) => {
  const member = requireMember(locals.user);
  const { attachment, bytes } = await readMessageAttachment(db(), member, params.id, params.attachmentId);
  return fileResponse(request, { id: attachment.id, fileName: attachment.file_name, mime: attachment.mime, bytes });
});

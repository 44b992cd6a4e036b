// A file attached to a publication: for whoever may read the publication, a 404 for anyone else. Always
// an attachment, never rendered by the browser as a page, and revalidated so lost access counts at once.
import { db } from '$lib/server/db';
import { readAttachment } from '$lib/server/posts';
import { orPageError } from '$lib/server/http/pages';
import { contentDisposition } from '$lib/server/attachments/prepare';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, request }) =>
  orPageError(async () => {
    const { attachment, bytes } = await readAttachment(db(), locals.user, params.id, params.attachmentId);
    const etag = `"${attachment.id}"`;
    const headers: Record<string, string> = {
      etag,
      'cache-control': 'private, no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
      'content-disposition': contentDisposition(attachment.file_name)
    };
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
    const type = attachment.mime.startsWith('text/') ? `${attachment.mime}; charset=utf-8` : attachment.mime;
    return new Response(bytes as BodyInit, { headers: { ...headers, 'content-type': type, 'content-length': String(bytes.byteLength) } });
  });

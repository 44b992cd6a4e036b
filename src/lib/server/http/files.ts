// How a member's file leaves the server: always as an attachment with its recorded type, never
// sniffed or rendered as a page, sandboxed, and revalidated on each use so lost access counts at once.
import { contentDisposition } from '../attachments/prepare';

export function fileResponse(request: Request, file: { id: string; fileName: string; mime: string; bytes: Buffer }): Response {
  const etag = `"${file.id}"`;
  const headers: Record<string, string> = {
    etag,
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cross-origin-resource-policy': 'same-origin',
    'content-disposition': contentDisposition(file.fileName)
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const type = file.mime.startsWith('text/') ? `${file.mime}; charset=utf-8` : file.mime;
  return new Response(file.bytes as BodyInit, { headers: { ...headers, 'content-type': type, 'content-length': String(file.bytes.byteLength) } });
}

/** A file made for the reader (an export): its own type, saved under its name, never cached or sniffed. */
export function exportResponse(file: { body: string | Uint8Array<ArrayBuffer>; fileName: string; mime: string }): Response {
  const type = typeof file.body === 'string' ? `${file.mime}; charset=utf-8` : file.mime;
  return new Response(file.body, {
    headers: {
      'content-type': type,
      'content-disposition': contentDisposition(file.fileName),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff'
    }
  });
}

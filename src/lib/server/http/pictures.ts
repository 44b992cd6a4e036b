// Pictures in and out over HTTP: the bytes of an upload (raw API body or a form's file field), and
// the response that serves a stored picture once access has been decided.
import { invalid } from '../errors';
import { imageLimits } from '../images';

/** The raw body of an API upload, whatever its Content-Type (the type is read from the bytes); refused by its announced length before it is read. */
export async function uploadedBytes(request: Request): Promise<Uint8Array> {
  const announced = Number(request.headers.get('content-length') ?? 0);
  if (announced > imageLimits.maxBytes) throw invalid([{ path: 'body', message: 'images.errors.too_large' }]);
  return new Uint8Array(await request.arrayBuffer());
}

/** The file a form sent under `name`, or null when the member chose none. */
export async function formFile(form: FormData, name: string): Promise<Uint8Array | null> {
  const value = form.get(name);
  if (!(value instanceof File) || value.size === 0) return null;
  if (value.size > imageLimits.maxBytes) throw invalid([{ path: name, message: 'images.errors.too_large' }]);
  return new Uint8Array(await value.arrayBuffer());
}

/**
 * A stored picture, revalidated on every use (`no-cache` with an ETag): whoever loses access to it
 * stops seeing it at once, and an unchanged picture costs a 304.
 */
export function pictureResponse(request: Request, bytes: Uint8Array, key: string): Response {
  const etag = `"${stem(key)}"`;
  const headers = {
    etag,
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'",
    'cross-origin-resource-policy': 'same-origin'
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(bytes as BodyInit, { headers: { ...headers, 'content-type': 'image/webp', 'content-length': String(bytes.byteLength) } });
}

/** A cache-busting address: the picture's key changes whenever the picture does. */
export function pictureUrl(path: string, key: string | null): string | null {
  return key ? `${path}?v=${stem(key).slice(-12)}` : null;
}

/** `logos/0190…c3.webp` → `0190…c3`. */
function stem(key: string): string {
  return key.replace(/^.*\//, '').replace(/\.[a-z0-9]+$/, '');
}

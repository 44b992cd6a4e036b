// Calling an /api/v1 route handler in a test as the server would after the auth handle: the caller is
// already in locals, so tests speak to the endpoint without tokens or cookies.
import type { RequestEvent } from '@sveltejs/kit';
import type { Actor } from '../../src/lib/server/auth/actor';

type Handler = (event: RequestEvent) => Promise<Response>;
export type Call = { as?: Actor | null; params?: Record<string, string>; query?: Record<string, string>; json?: unknown; raw?: Uint8Array };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call(handler: unknown, method: string, path: string, options: Call = {}): Promise<{ status: number; type: string | null; body: any }> {
  const url = new URL(`http://localhost/api/v1${path}`);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const init: RequestInit = { method };
  if (options.json !== undefined) {
    init.body = JSON.stringify(options.json);
    init.headers = { 'content-type': 'application/json' };
  }
  if (options.raw) init.body = options.raw as BodyInit;
  const event = {
    request: new Request(url, init),
    url,
    params: options.params ?? {},
    locals: { user: options.as ?? null, authVia: options.as ? 'token' : null, sessionId: null, locale: 'en' },
    getClientAddress: () => '192.0.2.10'
  } as unknown as RequestEvent;
  const response = await (handler as Handler)(event);
  const text = await response.text();
  const type = response.headers.get('content-type');
  // JSON and problems are parsed; a file (CSV, calendar…) comes back as its text.
  const parsed = text && (type === null || type.includes('json')) ? JSON.parse(text) : text || null;
  return { status: response.status, type, body: parsed };
}

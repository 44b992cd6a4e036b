// Reading a Server-Sent Events endpoint in the API tests: its handler is called as the auth handle
// would leave it, and its events of one name are read as they come, or what it sends as it opens.
import type { Actor } from '../../src/lib/server/auth/actor';

type Handler = (event: never) => Promise<Response>;

/** Calls a stream's handler as `actor`, at `path` (query included), with `params`. */
export async function openEventStream(handler: Handler, actor: Actor | null, path: string, params: Record<string, string | string[]> = {}) {
  const controller = new AbortController();
  const url = new URL(`http://localhost${path}`);
  const event = { request: new Request(url, { signal: controller.signal }), url, params, locals: { user: actor, authVia: actor ? 'token' : null, sessionId: null, locale: 'en' } };
  const response = await handler(event as never);
  const reader = response.status === 200 ? response.body!.getReader() : null;
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    response,
    /** The data of the next event called `name`, parsed; throws 'stream closed' if the stream ends first. */
    async next(name: string): Promise<unknown> {
      const pattern = new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`);
      for (;;) {
        const match = buffer.match(pattern);
        if (match) {
          buffer = buffer.slice(buffer.indexOf(match[0]) + match[0].length);
          return JSON.parse(match[1]!);
        }
        const { value, done } = await reader!.read();
        if (done) throw new Error('stream closed');
        buffer += decoder.decode(value);
      }
    },
    /** Everything sent until the stream has been quiet for `quietMs`, then closed. */
    async opening(quietMs = 100): Promise<string> {
      for (;;) {
        const chunk = await Promise.race([reader!.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), quietMs))]);
        if (chunk === null || chunk.done) break;
        buffer += decoder.decode(chunk.value);
      }
      controller.abort();
      return buffer;
    },
    /** What was received and not read yet. */
    pending: () => buffer,
    close: () => controller.abort()
  };
}

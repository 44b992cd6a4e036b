// Server-Sent Events, the way every live stream of Ruche sends them: what to send is read again
// after each change announced (never carried by the announcement, so each viewer is sent what they
// may see now), a burst of changes is read once more after the read under way rather than once per
// change, a heartbeat keeps proxies from closing the connection, and a client gone without a word
// ends the stream quietly — an exception escaping a timer or a promise would stop the whole server.
import { log } from '../log';

const heartbeatMs = 25_000;

export type EventStreamSource = {
  /** Starts listening for changes; resolves with the way to stop. Rejects when live updates are unavailable. */
  subscribe: (changed: () => void, lost: () => void) => Promise<() => void>;
  /** The events to send now (`event: …\ndata: …\n\n`, '' for nothing), or null to end the stream. */
  read: () => Promise<string | null>;
  /** Sent when the stream opens instead of a first read, when the caller already has it. */
  first?: string;
};

/** An SSE response fed by `source` until the client goes away (`signal`) or `read` answers null. */
export function eventStream(source: EventStreamSource, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed || text === '') return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      let sending = Promise.resolve();
      let queued = false;
      // What is sent last is always read after the last change.
      const send = () => {
        if (queued) return;
        queued = true;
        sending = sending.then(async () => {
          queued = false;
          if (closed) return;
          const text = await source.read().catch(() => '');
          if (text === null) stop();
          else write(text);
        });
      };
      let unsubscribe = () => {};
      try {
        unsubscribe = await source.subscribe(send, () => stop());
      } catch (error) {
        // No live updates now (the database refused the listening connection): the page keeps what
        // it shows and the browser tries again in a few seconds.
        log('live_unavailable', { message: error instanceof Error ? error.message : String(error) });
        write('retry: 5000\n\n');
        closed = true;
        controller.close();
        return;
      }
      const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
      stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      signal.addEventListener('abort', stop, { once: true });
      // Reconnect after 5 s if the connection drops.
      write('retry: 5000\n\n');
      if (source.first !== undefined) write(source.first);
      else send();
    },
    cancel() {
      stop();
    }
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' }
  });
}

/** One event's text. */
export const sseEvent = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

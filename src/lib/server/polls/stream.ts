// One poll's counts as Server-Sent Events, for its thread and the feed: the poll as the viewer may
// see it when the stream opens and after every vote (from this process or, on PostgreSQL, any
// other), read again through the access module each time — a viewer who lost access to the
// publication is sent nothing more, and the counts stay hidden until they may see them.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { log } from '../log';
import { pollView } from '.';
import { subscribePoll } from './live';

const heartbeatMs = 25_000;

/** Answers not_found (thrown) for whoever may not read the publication, as GET …/poll does. */
export async function pollStream(db: DB, actor: Actor | null, postId: string, signal: AbortSignal): Promise<Response> {
  const first = await pollView(db, actor, postId);
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      // A client gone without a word makes the next write throw: the stream ends there, quietly.
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const event = (view: unknown) => write(`event: poll\ndata: ${JSON.stringify(view)}\n\n`);
      let sending = Promise.resolve();
      let queued = false;
      // A burst of votes is read once more after the read under way, not once per vote: what is sent
      // last is always read after the last vote, and a busy poll costs each page one read at a time.
      const send = () => {
        if (queued) return;
        queued = true;
        sending = sending.then(async () => {
          queued = false;
          if (closed) return;
          const view = await pollView(db, actor, postId).catch(() => null);
          if (view === null) stop();
          else event(view);
        });
      };
      let unsubscribe = () => {};
      try {
        unsubscribe = await subscribePoll(postId, send, () => stop());
      } catch (error) {
        // No live updates now: the page keeps the counts it has and the browser tries again later.
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
      write('retry: 5000\n\n');
      event(first);
    },
    cancel() {
      stop();
    }
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' }
  });
}

// The live stream of one member as Server-Sent Events: the unread counts (notifications, then
// conversations) when it opens and after every change announced for them (from this process or, on
// PostgreSQL, any other), recomputed at delivery — a member who lost access to something is never
// sent a count that includes it.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { requireMember } from '../access';
import { log } from '../log';
import { subscribe } from './live';
import { unreadCount } from './inbox';
import { unreadConversations } from '../messages';

const heartbeatMs = 25_000;

export async function notificationStream(db: DB, actor: Actor | null, signal: AbortSignal): Promise<Response> {
  const member = requireMember(actor);
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let sending = Promise.resolve();
      // A client gone without a word leaves a stream that throws on the next write: it ends there,
      // quietly — an exception escaping a timer or a promise would stop the whole server.
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      // Changes arriving together are sent one after the other, each with the count as it is then.
      const send = () => {
        sending = sending
          .then(async () => {
            if (closed) return;
            const unread = await unreadCount(db, member).catch(() => null);
            if (unread !== null) write(`event: notifications\ndata: ${JSON.stringify({ unread })}\n\n`);
            const conversations = await unreadConversations(db, member).catch(() => null);
            if (conversations !== null) write(`event: messages\ndata: ${JSON.stringify({ unread: conversations })}\n\n`);
          })
          .catch(() => {});
      };
      let unsubscribe = () => {};
      try {
        unsubscribe = await subscribe(member.id, send, () => stop());
      } catch (error) {
        // No live updates now (the database refused the listening connection): the page keeps its
        // counts and the browser tries again in a few seconds. Never an error escaping the stream.
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
      send();
    },
    cancel() {
      stop();
    }
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no'
    }
  });
}

// An activity's live questions as Server-Sent Events: the session as the viewer may see it when the
// stream opens and after every change, read again through the access module each time — a viewer
// who lost sight of the event is sent nothing more, and counts and right answers stay hidden from
// participants until they are revealed.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { eventStream, sseEvent } from '../http/event-stream';
import { liveView } from '.';
import { subscribeLive } from './live';

/** Answers not_found (thrown) for whoever may not see the event. */
export async function liveStream(db: DB, actor: Actor | null, eventId: string, signal: AbortSignal): Promise<Response> {
  const first = await liveView(db, actor, eventId);
  return eventStream(
    {
      subscribe: (changed, lost) => subscribeLive(eventId, changed, lost),
      read: async () => {
        const view = await liveView(db, actor, eventId).catch(() => null);
        return view === null ? null : sseEvent('live', view);
      },
      first: sseEvent('live', first)
    },
    signal
  );
}

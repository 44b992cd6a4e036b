// One poll's counts as Server-Sent Events, for its thread and the feed: the poll as the viewer may
// see it when the stream opens and after every vote (from this process or, on PostgreSQL, any
// other), read again through the access module each time — a viewer who lost access to the
// publication is sent nothing more, and the counts stay hidden until they may see them.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { eventStream, sseEvent } from '../http/event-stream';
import { pollView } from '.';
import { subscribePoll } from './live';

/** Answers not_found (thrown) for whoever may not read the publication, as GET …/poll does. */
export async function pollStream(db: DB, actor: Actor | null, postId: string, signal: AbortSignal): Promise<Response> {
  const first = await pollView(db, actor, postId);
  return eventStream(
    {
      subscribe: (changed, lost) => subscribePoll(postId, changed, lost),
      // A viewer who may no longer read it ends the stream.
      read: async () => {
        const view = await pollView(db, actor, postId).catch(() => null);
        return view === null ? null : sseEvent('poll', view);
      },
      first: sseEvent('poll', first)
    },
    signal
  );
}

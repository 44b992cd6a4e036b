// Polls' counts as Server-Sent Events, for the threads and the feeds: the polls as the viewer may
// see them when the stream opens and after every vote (from this process or, on PostgreSQL, any
// other), read again through the access module each time — a viewer who lost access to a
// publication is sent nothing more about it, and the counts stay hidden until they may see them.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { invalid } from '../errors';
import { eventStream, sseEvent } from '../http/event-stream';
import { pollsOf, pollView } from '.';
import { subscribePoll } from './live';

/** A page shows a few polls at most; a feed page of 50 publications could not carry more. */
export const pollsPerStream = 50;

/** One poll, for GET /posts/{id}/poll/stream: answers not_found (thrown) for whoever may not read the publication. */
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

/**
 * The polls of one page on one connection (a browser opens six per site at most): a `poll` event per
 * poll when the stream opens, then one for each poll that took a vote. Publications the viewer may
 * not read, or without a poll, are left out without a word, as if they had none.
 */
export async function pollsStream(db: DB, actor: Actor | null, postIds: string[], signal: AbortSignal): Promise<Response> {
  const ids = [...new Set(postIds)];
  if (ids.length === 0 || ids.length > pollsPerStream) throw invalid([{ path: 'posts', message: 'polls.errors.stream_size' }]);
  const changed = new Set<string>();
  const events = async (of: string[]) => {
    const polls = await pollsOf(db, actor, of);
    return [...polls.values()].map((poll) => sseEvent('poll', poll)).join('');
  };
  return eventStream(
    {
      subscribe: async (onChange, lost) => {
        const settled = await Promise.allSettled(
          ids.map((id) =>
            subscribePoll(
              id,
              () => {
                changed.add(id);
                onChange();
              },
              lost
            )
          )
        );
        const stops = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
        const failed = settled.find((s) => s.status === 'rejected');
        // Half a subscription would leave listeners behind: all of them or none.
        if (failed) {
          stops.forEach((stop) => stop());
          throw failed.reason;
        }
        return () => stops.forEach((stop) => stop());
      },
      read: async () => {
        const of = [...changed];
        changed.clear();
        return of.length ? events(of).catch(() => '') : '';
      },
      first: await events(ids)
    },
    signal
  );
}

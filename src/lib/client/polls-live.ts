// Votes showing live: one Server-Sent Events connection per page for all the polls it shows (a
// browser opens six connections per site at most, and the header holds one). Each poll on the
// page registers; the connection is opened — or opened again with the new list — once they have
// all registered, and closed with the last. Without EventSource the counts are those of the load.
import type { PollView } from '$lib/server/polls';

type Listener = (poll: PollView) => void;

const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;
let opened = '';
let pending: ReturnType<typeof setTimeout> | null = null;

function connect(): void {
  pending = null;
  const ids = [...listeners.keys()].sort().join(',');
  if (ids === opened) return;
  source?.close();
  source = null;
  opened = ids;
  if (ids === '') return;
  source = new EventSource(`/api/v1/polls/stream?posts=${encodeURIComponent(ids)}`);
  source.addEventListener('poll', (event) => {
    const poll = JSON.parse((event as MessageEvent<string>).data) as PollView;
    for (const listener of listeners.get(poll.postId) ?? []) listener(poll);
  });
}

// Polls mounting together (a feed page) share one connection rather than each reconnecting it.
const soon = () => {
  pending ??= setTimeout(connect, 0);
};

/** Calls `listener` with the poll each time it changes; returns the function that stops it. */
export function onPoll(postId: string, listener: Listener): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  const set = listeners.get(postId) ?? new Set();
  set.add(listener);
  listeners.set(postId, set);
  soon();
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(postId);
    soon();
  };
}

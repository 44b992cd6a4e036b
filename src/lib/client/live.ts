// One Server-Sent Events connection per page for everything live in the header: each listener gets
// the events of its name (`notifications`, `messages`) with their data parsed. Opened on the first
// listener, closed with the last; browsers without EventSource simply see counts on each page load.
type Listener = (data: { unread: number }) => void;

const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;

function open(): EventSource {
  const opened = new EventSource('/api/v1/stream');
  for (const name of ['notifications', 'messages']) {
    opened.addEventListener(name, (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { unread: number };
      for (const listener of listeners.get(name) ?? []) listener(data);
    });
  }
  return opened;
}

/** Calls `listener` with each `name` event; returns the function that stops it. */
export function onLive(name: 'notifications' | 'messages', listener: Listener): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  source ??= open();
  const set = listeners.get(name) ?? new Set();
  set.add(listener);
  listeners.set(name, set);
  return () => {
    set.delete(listener);
    if ([...listeners.values()].every((s) => s.size === 0)) {
      source?.close();
      source = null;
    }
  };
}

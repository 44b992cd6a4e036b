// An activity's live questions showing live: after each change commits, the session's open pages are
// told, through the notifications' live channel (NOTIFY on PostgreSQL, so a change made by one
// process reaches a page held by another). Only the key travels; each page reads the session again.
import type { DB } from '../db';
import { log } from '../log';
import { announce, subscribe } from '../notifications/live';

const keyOf = (eventId: string) => `live:${eventId}`;

/** Tells the session's pages that it changed. The change is written already: a failure here only costs liveness. */
export async function announceLive(db: DB, eventId: string): Promise<void> {
  await announce(db, [keyOf(eventId)]).catch((error: unknown) => log('live_announce_failed', { message: error instanceof Error ? error.message : String(error) }));
}

/** Calls `onChange` after every change to the session, and `onClose` on shutdown, until the returned function is called. */
export function subscribeLive(eventId: string, onChange: () => void, onClose: () => void): Promise<() => void> {
  return subscribe(keyOf(eventId), onChange, onClose);
}

// Votes showing live: after a vote commits, the poll's open pages are told that its counts changed.
// The live channel of the notifications carries opaque keys (on PostgreSQL through NOTIFY, so a vote
// taken by one process reaches a page held by another); a poll's key cannot be a user's id. Only the
// key travels: each page reads the poll again, as its viewer may see it, when it is told.
import type { DB } from '../db';
import { log } from '../log';
import { announce, subscribe } from '../notifications/live';

const keyOf = (postId: string) => `poll:${postId}`;

/** Tells the poll's open pages that it changed. The vote is written already: a failure here only costs liveness. */
export async function announcePoll(db: DB, postId: string): Promise<void> {
  await announce(db, [keyOf(postId)]).catch((error: unknown) => log('poll_announce_failed', { message: error instanceof Error ? error.message : String(error) }));
}

/** Calls `onChange` after every vote on the poll, and `onClose` on shutdown, until the returned function is called. */
export function subscribePoll(postId: string, onChange: () => void, onClose: () => void): Promise<() => void> {
  return subscribe(keyOf(postId), onChange, onClose);
}

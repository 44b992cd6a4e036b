// The live stream of one member as Server-Sent Events: the unread counts (notifications, then
// conversations) when it opens and after every change announced for them (from this process or, on
// PostgreSQL, any other), recomputed at delivery — a member who lost access to something is never
// sent a count that includes it.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { requireMember } from '../access';
import { eventStream, sseEvent } from '../http/event-stream';
import { subscribe } from './live';
import { unreadCount } from './inbox';
import { unreadConversations } from '../messages';

export async function notificationStream(db: DB, actor: Actor | null, signal: AbortSignal): Promise<Response> {
  const member = requireMember(actor);
  return eventStream(
    {
      subscribe: (changed, lost) => subscribe(member.id, changed, lost),
      // Each count on its own: one that cannot be read now is left out, the other still sent.
      read: async () => {
        const unread = await unreadCount(db, member).catch(() => null);
        const conversations = await unreadConversations(db, member).catch(() => null);
        return (unread === null ? '' : sseEvent('notifications', { unread })) + (conversations === null ? '' : sseEvent('messages', { unread: conversations }));
      }
    },
    signal
  );
}

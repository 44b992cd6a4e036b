// A member's notifications: the unread count for the header, the centre's list with similar ones
// grouped ("3 new comments on …"), and marking read. What a notification points to is named only
// when the member may still read it now; otherwise the notification is left out of the list.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { requireMember, whereEventVisibleTo, wherePostReadableBy, whereResourceReadableBy } from '../access';
import { notFound } from '../errors';
import { now } from '../ids';
import type { NotificationKind } from '../preferences';
import { announce } from './live';

export type NotificationGroup = {
  /** The newest notification's id: what opening the group marks read with the others. */
  id: string;
  kind: NotificationKind;
  groupKey: string;
  count: number;
  unread: boolean;
  /** The people who did it, newest first, at most three named. */
  actors: string[];
  otherActors: number;
  /** What it is about, as the member may see it now. */
  title: string | null;
  href: string;
  change: string | null;
  createdAt: number;
};

const groupLimit = 50;

export async function unreadCount(db: DB, actor: Actor | null): Promise<number> {
  if (!actor) return 0;
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', actor.id)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function hrefOf(row: { kind: string; post_id: string | null; comment_id: string | null; event_id: string | null; resource_id: string | null; conversation_id: string | null; community_id: string | null }, slug: string | undefined): string {
  if (row.post_id) return `/p/${row.post_id}${row.comment_id ? `#comment-${row.comment_id}` : ''}`;
  if (row.event_id) return `/e/${row.event_id}`;
  if (row.resource_id) return `/r/${row.resource_id}`;
  if (row.conversation_id) return `/messages/${row.conversation_id}`;
  if (row.kind === 'join_request' && slug) return `/c/${slug}/members#requests`;
  if (slug) return `/c/${slug}`;
  return '/notifications';
}

/** The newest notifications, grouped by what they are about, each group newest first. */
export async function listNotifications(db: DB, actor: Actor | null, options: { before?: number } = {}): Promise<{ groups: NotificationGroup[]; unread: number; more: boolean }> {
  const member = requireMember(actor);
  let q = db
    .selectFrom('notifications')
    .leftJoin('users', 'users.id', 'notifications.actor_id')
    .leftJoin('communities', 'communities.id', 'notifications.community_id')
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.group_key',
      'notifications.post_id',
      'notifications.comment_id',
      'notifications.event_id',
      'notifications.resource_id',
      'notifications.conversation_id',
      'notifications.community_id',
      'notifications.payload',
      'notifications.created_at',
      'notifications.read_at',
      'users.name as actor_name',
      'communities.slug',
      'communities.name as community_name'
    ])
    .where('notifications.user_id', '=', member.id);
  if (options.before) q = q.where('notifications.created_at', '<', options.before);
  const rows = await q.orderBy('notifications.created_at', 'desc').orderBy('notifications.id', 'desc').limit(groupLimit * 4 + 1).execute();
  const more = rows.length > groupLimit * 4;
  const kept = rows.slice(0, groupLimit * 4);

  // What each points to, if the member may still read it: titles come from here, never from the row.
  const ids = (key: 'post_id' | 'event_id' | 'resource_id') => [...new Set(kept.map((r) => r[key]).filter((id): id is string => id !== null))];
  const posts = ids('post_id').length
    ? new Map((await db.selectFrom('posts').select(['id', 'title']).where('id', 'in', ids('post_id')).where('deleted_at', 'is', null).where(wherePostReadableBy(member)).execute()).map((p) => [p.id, p.title]))
    : new Map<string, string>();
  const events = ids('event_id').length
    ? new Map((await db.selectFrom('events').select(['id', 'title']).where('id', 'in', ids('event_id')).where(whereEventVisibleTo(member)).execute()).map((e) => [e.id, e.title]))
    : new Map<string, string>();
  const resources = ids('resource_id').length
    ? new Map((await db.selectFrom('resources').select(['id', 'title']).where('id', 'in', ids('resource_id')).where(whereResourceReadableBy(member)).execute()).map((r) => [r.id, r.title]))
    : new Map<string, string>();

  const groups = new Map<string, NotificationGroup>();
  for (const row of kept) {
    let title: string | null = null;
    if (row.post_id) title = posts.get(row.post_id) ?? null;
    else if (row.event_id) title = events.get(row.event_id) ?? null;
    else if (row.resource_id) title = resources.get(row.resource_id) ?? null;
    else if (row.community_name) title = row.community_name;
    const pointsSomewhere = row.post_id || row.event_id || row.resource_id;
    if (pointsSomewhere && title === null) continue;
    const group = groups.get(row.group_key);
    const payload = JSON.parse(row.payload) as { change?: string };
    if (!group) {
      if (groups.size >= groupLimit) continue;
      groups.set(row.group_key, {
        id: row.id,
        kind: row.kind as NotificationKind,
        groupKey: row.group_key,
        count: 1,
        unread: row.read_at === null,
        actors: row.actor_name ? [row.actor_name] : [],
        otherActors: 0,
        title,
        href: hrefOf(row, row.slug ?? undefined),
        change: payload.change ?? null,
        createdAt: row.created_at
      });
      continue;
    }
    // Older notifications of a group count only while unread, as "3 new comments".
    if (row.read_at !== null) continue;
    group.count++;
    if (row.actor_name && !group.actors.includes(row.actor_name)) {
      if (group.actors.length < 3) group.actors.push(row.actor_name);
      else group.otherActors++;
    }
  }
  return { groups: [...groups.values()], unread: await unreadCount(db, member), more };
}

/** Marks read: one group (by the id of any of its notifications), or everything. */
export async function markRead(db: DB, actor: Actor | null, target: { id: string } | 'all'): Promise<{ unread: number }> {
  const member = requireMember(actor);
  if (target === 'all') {
    await db.updateTable('notifications').set({ read_at: now() }).where('user_id', '=', member.id).where('read_at', 'is', null).execute();
  } else {
    const row = await db.selectFrom('notifications').select('group_key').where('id', '=', target.id).where('user_id', '=', member.id).executeTakeFirst();
    if (!row) throw notFound();
    await db.updateTable('notifications').set({ read_at: now() }).where('user_id', '=', member.id).where('group_key', '=', row.group_key).where('read_at', 'is', null).execute();
  }
  // The member's other open pages update their count.
  await announce(db, [member.id]);
  return { unread: await unreadCount(db, member) };
}

/** Opening a notification marks its group read and says where to go. */
export async function openNotification(db: DB, actor: Actor | null, id: string): Promise<string> {
  const member = requireMember(actor);
  const row = await db
    .selectFrom('notifications')
    .leftJoin('communities', 'communities.id', 'notifications.community_id')
    .select(['notifications.kind', 'notifications.post_id', 'notifications.comment_id', 'notifications.event_id', 'notifications.resource_id', 'notifications.conversation_id', 'notifications.community_id', 'communities.slug'])
    .where('notifications.id', '=', id)
    .where('notifications.user_id', '=', member.id)
    .executeTakeFirst();
  if (!row) throw notFound();
  await markRead(db, member, { id });
  return hrefOf(row, row.slug ?? undefined);
}

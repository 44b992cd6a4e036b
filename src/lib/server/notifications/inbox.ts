// A member's notifications: the unread count for the header, the centre's list with similar ones
// grouped ("3 new comments on …"), and marking read. What a notification points to is named only
// when the member may still read it now; otherwise the notification is left out of the list.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema';
import { requireMember, whereEventVisibleTo, whereFormReadableBy, wherePostReadableBy, whereResourceReadableBy, whereVisibleTo } from '../access';
import { notFound } from '../errors';
import { now } from '../ids';
import type { NotificationKind } from '../preferences';
import { announce } from './live';
import { formOf } from './email';

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
  /** What happened: for an activity, changed, cancelled or promoted; for a proposal, planned or declined. */
  change: string | null;
  createdAt: number;
};

const groupLimit = 50;

/**
 * The SQL form of "the list would show it": what a notification points to (a publication, an
 * activity, a resource, or only a community) is still the member's to read. The unread count and the
 * digest filter through it, so a member removed from a community or a thing made private since is
 * neither counted nor sent.
 */
export function whereNotificationReadableBy(member: Actor) {
  return (eb: ExpressionBuilder<Database, 'notifications'>) =>
    eb.and([
      eb.or([eb('notifications.post_id', 'is', null), eb.exists(eb.selectFrom('posts').select('posts.id').whereRef('posts.id', '=', 'notifications.post_id').where('posts.deleted_at', 'is', null).where(wherePostReadableBy(member)))]),
      eb.or([eb('notifications.event_id', 'is', null), eb.exists(eb.selectFrom('events').select('events.id').whereRef('events.id', '=', 'notifications.event_id').where(whereEventVisibleTo(member)))]),
      eb.or([eb('notifications.resource_id', 'is', null), eb.exists(eb.selectFrom('resources').select('resources.id').whereRef('resources.id', '=', 'notifications.resource_id').where(whereResourceReadableBy(member)))]),
      // About a community only (a request, an approval): the community must still be one they may know of.
      eb.or([
        eb('notifications.community_id', 'is', null),
        eb('notifications.post_id', 'is not', null),
        eb('notifications.event_id', 'is not', null),
        eb('notifications.resource_id', 'is not', null),
        eb.exists(eb.selectFrom('communities').select('communities.id').whereRef('communities.id', '=', 'notifications.community_id').where(whereVisibleTo(member)))
      ])
    ]);
}

/**
 * Unread notifications the member may still read. With `upTo`, counting stops there: the header's
 * badge shows "99+" beyond, so a member with thousands unread costs each page no more than one
 * with a hundred. Without it the count is exact (the notification centre, the API).
 */
export async function unreadCount(db: DB, actor: Actor | null, upTo?: number): Promise<number> {
  if (!actor) return 0;
  // Most members have nothing unread: the unread index answers that alone, before any access filter is built.
  const any = await db.selectFrom('notifications').select('id').where('user_id', '=', actor.id).where('read_at', 'is', null).limit(1).executeTakeFirst();
  if (!any) return 0;
  let readable = db
    .selectFrom('notifications')
    .select('notifications.id')
    .where('notifications.user_id', '=', actor.id)
    .where('notifications.read_at', 'is', null)
    .where(whereNotificationReadableBy(actor));
  if (upTo !== undefined) readable = readable.limit(upTo);
  const row = await db
    .selectFrom(readable.as('unread'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function hrefOf(row: { kind: string; post_id: string | null; comment_id: string | null; event_id: string | null; resource_id: string | null; conversation_id: string | null; community_id: string | null; payload: string }, slug: string | undefined): string {
  const formId = formOf(row.payload);
  if (formId) return `/f/${formId}`;
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
  const communityIds = [...new Set(kept.filter((r) => !r.post_id && !r.event_id && !r.resource_id).map((r) => r.community_id).filter((id): id is string => id !== null))];
  const knownCommunities = communityIds.length
    ? new Set((await db.selectFrom('communities').select('id').where('id', 'in', communityIds).where(whereVisibleTo(member)).execute()).map((c) => c.id))
    : new Set<string>();
  const resources = ids('resource_id').length
    ? new Map((await db.selectFrom('resources').select(['id', 'title']).where('id', 'in', ids('resource_id')).where(whereResourceReadableBy(member)).execute()).map((r) => [r.id, r.title]))
    : new Map<string, string>();

  // A survey's reminder is named by the survey, while the member may still read it.
  const formIds = [...new Set(kept.map((r) => formOf(r.payload)).filter((id): id is string => id !== null))];
  const forms = formIds.length
    ? new Map((await db.selectFrom('forms').select(['id', 'title']).where('id', 'in', formIds).where(whereFormReadableBy(member)).execute()).map((f) => [f.id, f.title]))
    : new Map<string, string>();

  const groups = new Map<string, NotificationGroup>();
  for (const row of kept) {
    const formId = formOf(row.payload);
    if (formId && !forms.has(formId)) continue;
    let title: string | null = null;
    if (formId) title = forms.get(formId) ?? null;
    else if (row.post_id) title = posts.get(row.post_id) ?? null;
    else if (row.event_id) title = events.get(row.event_id) ?? null;
    else if (row.resource_id) title = resources.get(row.resource_id) ?? null;
    else if (row.community_name) title = row.community_name;
    const pointsSomewhere = row.post_id || row.event_id || row.resource_id;
    if (pointsSomewhere && title === null) continue;
    // A hidden community they were removed from is not named to them any more.
    if (!pointsSomewhere && row.community_id && !knownCommunities.has(row.community_id)) continue;
    const group = groups.get(row.group_key);
    const payload = JSON.parse(row.payload) as { change?: string; status?: string };
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
        change: payload.change ?? (row.kind === 'proposal_decided' ? payload.status : undefined) ?? null,
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
    .select(['notifications.kind', 'notifications.post_id', 'notifications.comment_id', 'notifications.event_id', 'notifications.resource_id', 'notifications.conversation_id', 'notifications.community_id', 'notifications.payload', 'communities.slug'])
    .where('notifications.id', '=', id)
    .where('notifications.user_id', '=', member.id)
    .executeTakeFirst();
  if (!row) throw notFound();
  await markRead(db, member, { id });
  return hrefOf(row, row.slug ?? undefined);
}

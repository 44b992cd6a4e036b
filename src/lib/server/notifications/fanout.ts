// From the journal to notifications: each entry that concerns someone (a mention, a reply, a comment
// on a followed publication, an answer marked, a call to all, a change to an activity, a waitlist
// place, a new resource in one's notebook, a join request, a request approved, a proposal planned or
// declined) becomes one notification per member concerned — each checked through lib/server/access
// as that member, so nobody is told about what they cannot read. Entries are taken in order, a batch
// at a time, and marked processed in the same transaction as their notifications; running twice
// notifies once.
import type { DB } from '../db';
import type { Actor } from '../auth/actor';
import type { JournalTable } from '../db/schema';
import type { Selectable } from 'kysely';
import { canOnEvent, canOnForm, canOnNotebook, canOnPost, canOnResource, findEvent, findForm, findNotebook, findPost, findResource } from '../access';
import { FANOUT_JOB, notifies } from '../journal';
import { now } from '../ids';
import { log } from '../log';
import { preferencesOfMany, type NotificationKind } from '../preferences';
import { announce } from './live';
import { emailNotification, emailedAsNotifications as emailedHere } from './email';
import { notify, type NewNotification } from './notify';

export { FANOUT_JOB };


type Entry = Selectable<JournalTable>;
type Draft = Omit<NewNotification, 'sourceId' | 'actorId'>;

async function actorOf(db: DB, userId: string): Promise<Actor | null> {
  const user = await db.selectFrom('users').select(['id', 'name', 'email', 'role', 'locale', 'email_verified']).where('id', '=', userId).executeTakeFirst();
  if (!user) return null;
  return { id: user.id, name: user.name, email: user.email, role: user.role, locale: user.locale, emailVerified: Boolean(user.email_verified) };
}

/** Whether the member may read what the notification points to, decided as they stand now. */
async function mayRead(db: DB, userId: string, draft: Draft): Promise<boolean> {
  const actor = await actorOf(db, userId);
  if (!actor) return false;
  const readable = async (check: () => Promise<boolean>) => check().catch(() => false);
  if (draft.postId) return readable(async () => canOnPost(actor, 'read', await findPost(db, actor, draft.postId!)));
  if (draft.eventId) return readable(async () => canOnEvent(actor, 'read', await findEvent(db, actor, draft.eventId!)));
  if (draft.resourceId) return readable(async () => canOnResource(actor, 'read', await findResource(db, actor, draft.resourceId!)));
  // A survey's reminder goes only to those who may answer it now.
  const formId = draft.payload?.formId;
  if (typeof formId === 'string') return readable(async () => canOnForm(actor, 'respond', await findForm(db, actor, formId)));
  const notebookId = draft.payload?.notebookId;
  if (typeof notebookId === 'string') return readable(async () => canOnNotebook(actor, 'read', await findNotebook(db, actor, notebookId)));
  return true;
}

function payloadOf(entry: Entry): Record<string, unknown> {
  try {
    return JSON.parse(entry.payload) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Who an entry concerns, and what each is told; access is checked afterwards, per person. */
async function draftsFor(db: DB, entry: Entry): Promise<Draft[]> {
  const payload = payloadOf(entry);
  const postId = entry.post_id;
  switch (entry.kind) {
    case 'mention': {
      const userId = typeof payload.userId === 'string' ? payload.userId : null;
      if (!userId || !postId) return [];
      const post = await db.selectFrom('posts').select('title').where('id', '=', postId).executeTakeFirst();
      return [{ userId, kind: 'mention', groupKey: `mention:${postId}`, communityId: entry.community_id, postId, commentId: entry.comment_id, payload: { title: post?.title ?? '' } }];
    }
    case 'comment.created': {
      if (!postId) return [];
      const drafts: Draft[] = [];
      const post = await db.selectFrom('posts').select(['author_id', 'title']).where('id', '=', postId).executeTakeFirst();
      const base = { communityId: entry.community_id, postId, commentId: entry.comment_id, payload: { title: post?.title ?? '' } };
      // A reply to my comment, or a comment on my publication, is a reply to me.
      if (typeof payload.parentId === 'string') {
        const parent = await db.selectFrom('comments').select('author_id').where('id', '=', payload.parentId).executeTakeFirst();
        if (parent?.author_id) drafts.push({ ...base, userId: parent.author_id, kind: 'reply', groupKey: `reply:${postId}` });
      }
      if (post?.author_id) drafts.push({ ...base, userId: post.author_id, kind: 'reply', groupKey: `reply:${postId}` });
      // Those who followed it when the comment was written, however late the fan-out runs.
      const followers = await db
        .selectFrom('post_follows')
        .select('user_id')
        .where('post_id', '=', postId)
        .where('muted_at', 'is', null)
        .where('created_at', '<=', entry.created_at)
        .execute();
      for (const f of followers) drafts.push({ ...base, userId: f.user_id, kind: 'comment', groupKey: `comments:${postId}` });
      // A member who is already told it is a reply is not told again that it is a comment.
      const replied = new Set(drafts.filter((d) => d.kind === 'reply').map((d) => d.userId));
      return drafts.filter((d, i) => (d.kind === 'reply' ? drafts.findIndex((o) => o.kind === 'reply' && o.userId === d.userId) === i : !replied.has(d.userId)));
    }
    case 'answer.marked': {
      if (!postId) return [];
      const post = await db.selectFrom('posts').select(['author_id', 'title']).where('id', '=', postId).executeTakeFirst();
      const comment = entry.comment_id ? await db.selectFrom('comments').select('author_id').where('id', '=', entry.comment_id).executeTakeFirst() : undefined;
      const base = { kind: 'answer' as const, groupKey: `answer:${postId}`, communityId: entry.community_id, postId, commentId: entry.comment_id, payload: { title: post?.title ?? '' } };
      return [post?.author_id, comment?.author_id].filter((id): id is string => Boolean(id)).map((userId) => ({ ...base, userId }));
    }
    case 'post.call_to_all': {
      if (!postId) return [];
      const communities = strings(payload.communities);
      if (communities.length === 0) return [];
      const members = await db.selectFrom('memberships').select('user_id').distinct().where('community_id', 'in', communities).where('status', '=', 'active').execute();
      const post = await db.selectFrom('posts').select('title').where('id', '=', postId).executeTakeFirst();
      return members.map((m) => ({ userId: m.user_id, kind: 'call_to_all' as const, groupKey: `call:${postId}`, communityId: entry.community_id, postId, payload: { title: post?.title ?? '' } }));
    }
    case 'event.changed':
    case 'event.cancelled': {
      const eventIds = strings(payload.eventIds);
      if (eventIds.length === 0) return [];
      const people = await db.selectFrom('registrations').select(['user_id', 'event_id']).where('event_id', 'in', eventIds).where('status', 'in', ['going', 'maybe', 'waitlisted']).execute();
      const change = entry.kind === 'event.cancelled' ? 'cancelled' : 'changed';
      return people.map((p) => ({ userId: p.user_id, kind: 'event_updates' as const, groupKey: `event:${p.event_id}`, communityId: entry.community_id, eventId: p.event_id, payload: { change } }));
    }
    case 'event.promoted': {
      const userId = typeof payload.userId === 'string' ? payload.userId : null;
      const eventId = typeof payload.eventId === 'string' ? payload.eventId : null;
      return userId && eventId ? [{ userId, kind: 'event_updates', groupKey: `event:${eventId}`, eventId, payload: { change: 'promoted' } }] : [];
    }
    case 'notebook.item_added': {
      const notebookId = typeof payload.notebookId === 'string' ? payload.notebookId : null;
      const resourceId = typeof payload.resourceId === 'string' ? payload.resourceId : null;
      if (!notebookId || !resourceId) return [];
      const people = await db.selectFrom('notebook_members').select('user_id').where('notebook_id', '=', notebookId).execute();
      return people.map((p) => ({ userId: p.user_id, kind: 'notebook_resource' as const, groupKey: `notebook:${notebookId}`, resourceId, payload: { notebookId } }));
    }
    case 'membership.requested': {
      if (!entry.community_id) return [];
      const animators = await db.selectFrom('memberships').select('user_id').where('community_id', '=', entry.community_id).where('role', '=', 'animator').where('status', '=', 'active').execute();
      return animators.map((a) => ({ userId: a.user_id, kind: 'join_request' as const, groupKey: `requests:${entry.community_id}`, communityId: entry.community_id }));
    }
    case 'membership.approved': {
      const userId = typeof payload.userId === 'string' ? payload.userId : null;
      return userId && entry.community_id ? [{ userId, kind: 'request_approved', groupKey: `approved:${entry.community_id}`, communityId: entry.community_id }] : [];
    }
    case 'form.reminded': {
      // The community's active members who have not answered: neither a named response nor the
      // participation mark of an anonymous one. Nothing of what anyone answered is read.
      const formId = typeof payload.formId === 'string' ? payload.formId : null;
      if (!formId || !entry.community_id) return [];
      const members = await db
        .selectFrom('memberships')
        .select('memberships.user_id')
        .where('memberships.community_id', '=', entry.community_id)
        .where('memberships.status', '=', 'active')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('form_responses').select('form_responses.id').where('form_responses.form_id', '=', formId).whereRef('form_responses.user_id', '=', 'memberships.user_id'))))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('form_participations').select('form_participations.user_id').where('form_participations.form_id', '=', formId).whereRef('form_participations.user_id', '=', 'memberships.user_id'))))
        .execute();
      const title = typeof payload.title === 'string' ? payload.title : '';
      return members.map((m) => ({ userId: m.user_id, kind: 'survey_reminder' as const, groupKey: `survey:${formId}`, communityId: entry.community_id, payload: { formId, title } }));
    }
    case 'proposal.decided': {
      // The proposer and those who offered to help are waiting for the answer; supporters gave a
      // voice, not their time, and see the decision on the proposal itself.
      const status = payload.status;
      if (!postId || (status !== 'planned' && status !== 'declined')) return [];
      const post = await db.selectFrom('posts').select('author_id').where('id', '=', postId).executeTakeFirst();
      const volunteers = await db.selectFrom('proposal_volunteers').select('user_id').where('post_id', '=', postId).execute();
      const title = typeof payload.title === 'string' ? payload.title : '';
      return [post?.author_id, ...volunteers.map((v) => v.user_id)]
        .filter((id): id is string => Boolean(id))
        .map((userId) => ({ userId, kind: 'proposal_decided' as const, groupKey: `proposal:${postId}`, communityId: entry.community_id, postId, payload: { status, title } }));
    }
    default:
      return [];
  }
}

/** The notifications one entry makes, for the members it concerns who may see what it points to. */
async function notificationsFor(db: DB, entry: Entry): Promise<NewNotification[]> {
  const out: NewNotification[] = [];
  const seen = new Set<string>();
  const drafts = await draftsFor(db, entry);
  const preferences = await preferencesOfMany(db, drafts.map((d) => d.userId));
  for (const draft of drafts) {
    // Nobody is told about what they did themselves, nor twice about one thing.
    if (draft.userId === entry.actor_id || seen.has(`${draft.userId}:${draft.kind}`)) continue;
    seen.add(`${draft.userId}:${draft.kind}`);
    if (preferences.get(draft.userId)?.[draft.kind as NotificationKind] === 'off') continue;
    // A call to all goes to the active members of the communities it is in: they read it by being
    // members, so it is not checked once per member (thousands of lookups for one call).
    if (draft.kind !== 'call_to_all' && !(await mayRead(db, draft.userId, draft))) continue;
    out.push({ ...draft, actorId: entry.actor_id, sourceId: entry.id });
  }
  return out;
}

/** Past this many notifications, a run commits what it has and starts another transaction. */
const perCommit = 500;

/**
 * Processes up to `limit` pending journal entries in order; returns how many. Called by the job
 * (queued with each entry, and every minute) until nothing is left. Who is told is worked out first,
 * reading only; then the notifications of many entries are written, and the entries marked, in one
 * transaction (one commit, one disk flush) instead of one per entry.
 */
export async function fanOut(db: DB, limit = 100): Promise<number> {
  const entries = await db.selectFrom('journal').selectAll().where('processed_at', 'is', null).orderBy('created_at').orderBy('id').limit(limit).execute();
  let batch: { entry: Entry; notifications: NewNotification[] }[] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const done = batch;
    batch = [];
    size = 0;
    const told = await db.transaction().execute(async (tx) => {
      const inserted = new Set<string>();
      for (const { notifications } of done) {
        for (const notification of notifications) {
          if (!(await notify(tx, notification))) continue;
          inserted.add(notification.userId);
          // Its email, if the member wants this kind by email, queued with it (or folded into the digest).
          if (emailedHere.has(notification.kind)) {
            const row = await tx
              .selectFrom('notifications')
              .selectAll()
              .where('user_id', '=', notification.userId)
              .where('source_id', '=', notification.sourceId)
              .where('kind', '=', notification.kind)
              .executeTakeFirstOrThrow();
            await emailNotification(tx, row);
          }
        }
      }
      await tx.updateTable('journal').set({ processed_at: now() }).where('id', 'in', done.map(({ entry }) => entry.id)).execute();
      return [...inserted];
    });
    // After the commit: their open pages update.
    await announce(db, told);
  };
  for (const entry of entries) {
    let notifications: NewNotification[] = [];
    try {
      notifications = notifies(entry.kind) ? await notificationsFor(db, entry) : [];
    } catch (error) {
      // One entry that cannot be read (a malformed payload) must not hold back everyone else's.
      log('fanout_skipped', { entry: entry.id, kind: entry.kind, error: String(error) });
    }
    batch.push({ entry, notifications });
    size += notifications.length;
    if (size >= perCommit) await flush();
  }
  await flush();
  return entries.length;
}

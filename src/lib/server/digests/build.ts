// A member's digest, gathered for them at the moment it is sent: what appeared in the communities
// whose digest has this frequency since the last one, filtered by the access module as it stands now
// (a publication of a community they have since left is not theirs to read any more), plus the
// notifications they chose to receive this way and those the email budget held back.
import { sql } from 'kysely';
import type { DB } from '../db';
import type { Actor } from '../auth/actor';
import type { DigestFrequency } from '../db/schema';
import { wherePostReadableBy, whereResourceReadableBy, whereEventVisibleTo } from '../access';
import { config } from '../config';
import { isLocale, type Locale, type MessageKey } from '../../i18n';
import { preferencesOf, type NotificationKind } from '../preferences';
import { emailedAsNotifications, formOf, whatHappened } from '../notifications/email';
import { whereNotificationReadableBy } from '../notifications/inbox';

export type DigestFrequencySent = Exclude<DigestFrequency, 'none'>;
export const digestPeriods: Record<DigestFrequencySent, number> = { daily: 24 * 60 * 60 * 1000, weekly: 7 * 24 * 60 * 60 * 1000 };
/** Items per section; the rest is a count with a link to see them on the platform. */
export const sectionCap = 10;
const eventHorizon = 14 * 24 * 60 * 60 * 1000;

export type DigestItem = { title: string; url: string; community: string | null; at: number };
export type DigestSection = { items: DigestItem[]; more: number; moreUrl: string };
export type DigestNotification = {
  id: string;
  kind: NotificationKind;
  /** What happened, as the notification's own email says it. */
  what: MessageKey;
  title: string | null;
  actor: string | null;
  url: string;
  at: number;
};
export type Digest = {
  recipient: Actor & { timeZone: string };
  frequency: DigestFrequencySent;
  /** Everything created after `since` and up to `builtAt` is in (the watermark moves to builtAt). */
  since: number;
  builtAt: number;
  publications: DigestSection;
  answers: DigestSection;
  resources: DigestSection;
  events: DigestSection;
  notifications: { items: DigestNotification[]; more: number; moreUrl: string };
};

type Recipient = Digest['recipient'];

export async function recipientOf(db: DB, userId: string): Promise<Recipient | null> {
  const user = await db.selectFrom('users').select(['id', 'name', 'email', 'role', 'locale', 'email_verified', 'time_zone']).where('id', '=', userId).executeTakeFirst();
  if (!user) return null;
  const locale: Locale = isLocale(user.locale) ? user.locale : 'fr';
  return { id: user.id, name: user.name, email: user.email, role: user.role, locale, emailVerified: Boolean(user.email_verified), timeZone: user.time_zone ?? config().timeZone };
}

/** The communities whose digest the member receives at this frequency (no choice recorded: weekly). */
export async function digestCommunities(db: DB, userId: string, frequency: DigestFrequencySent): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('communities', 'communities.id', 'memberships.community_id')
    .leftJoin('digest_subscriptions as ds', (join) => join.onRef('ds.community_id', '=', 'memberships.community_id').on('ds.user_id', '=', userId))
    .select('memberships.community_id')
    .where('memberships.user_id', '=', userId)
    .where('memberships.status', '=', 'active')
    .where('communities.status', '!=', 'pending')
    .where((eb) => (frequency === 'weekly' ? eb.or([eb('ds.frequency', 'is', null), eb('ds.frequency', '=', 'weekly')]) : eb('ds.frequency', '=', 'daily')))
    .execute();
  return rows.map((row) => row.community_id);
}

/** How many rows the query has before its limit, on each row (both databases have window functions). */
const total = sql<number | string>`count(*) over ()`.as('total');

function section(rows: DigestItem[], total: number, moreUrl: string): DigestSection {
  return { items: rows.slice(0, sectionCap), more: Math.max(0, total - sectionCap), moreUrl };
}

async function publications(db: DB, actor: Actor, communityIds: string[], since: number, at: number): Promise<DigestSection> {
  const base = db
    .selectFrom('posts')
    .where('posts.deleted_at', 'is', null)
    .where('posts.created_at', '>', since)
    .where('posts.created_at', '<=', at)
    .where((eb) => eb.or([eb('posts.author_id', 'is', null), eb('posts.author_id', '!=', actor.id)]))
    .where((eb) => eb.exists(eb.selectFrom('post_communities').select('post_communities.post_id').whereRef('post_communities.post_id', '=', 'posts.id').where('post_communities.community_id', 'in', communityIds)))
    .where(wherePostReadableBy(actor));
  // The first rows and how many there are in one statement: the window is counted before the limit.
  const rows = await base
    .innerJoin('communities', 'communities.id', 'posts.community_id')
    .select(['posts.id', 'posts.title', 'posts.created_at', 'communities.name as community', total])
    .orderBy('posts.created_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(sectionCap)
    .execute();
  const origin = config().origin;
  return section(rows.map((r) => ({ title: r.title, url: `${origin}/p/${r.id}`, community: r.community, at: r.created_at })), Number(rows[0]?.total ?? 0), `${origin}/`);
}

/** An answer marked in the journal: which comment of which publication, and when. */
type AnswerMark = { post_id: string; comment_id: string; at: number };

/**
 * What one run of digests shares between members: the answers marked since the earliest watermark
 * of the run, read once (through the journal's index by kind and date) and filtered per member,
 * rather than once per member. The window ends at the run's `at`, already past.
 */
export type DigestRun = { from: number; at: number; marks?: Promise<AnswerMark[]> };
export const digestRun = (from: number, at: number): DigestRun => ({ from, at });

function readMarks(db: DB, since: number, at: number): Promise<AnswerMark[]> {
  return db
    .selectFrom('journal')
    .select(['journal.post_id', 'journal.comment_id', 'journal.created_at'])
    .where('journal.kind', '=', 'answer.marked')
    .where('journal.created_at', '>', since)
    .where('journal.created_at', '<=', at)
    .execute()
    .then((rows) => rows.flatMap((r) => (r.post_id && r.comment_id ? [{ post_id: r.post_id, comment_id: r.comment_id, at: Number(r.created_at) }] : [])));
}

async function answerMarks(db: DB, since: number, at: number, run?: DigestRun): Promise<AnswerMark[]> {
  if (!run || since < run.from || at !== run.at) return readMarks(db, since, at);
  run.marks ??= readMarks(db, run.from, run.at);
  return (await run.marks).filter((mark) => mark.at > since);
}

/** Questions of these communities whose answer was marked in the window and is still their answer. */
async function answers(db: DB, actor: Actor, communityIds: string[], since: number, at: number, run?: DigestRun): Promise<DigestSection> {
  const origin = config().origin;
  const marks = await answerMarks(db, since, at, run);
  if (marks.length === 0) return section([], 0, `${origin}/`);
  const postIds = [...new Set(marks.map((m) => m.post_id))];
  const posts: { id: string; title: string; answer_id: string | null; community: string }[] = [];
  for (let i = 0; i < postIds.length; i += 500) {
    posts.push(
      ...(await db
        .selectFrom('posts')
        .innerJoin('communities', 'communities.id', 'posts.community_id')
        .select(['posts.id', 'posts.title', 'posts.answer_id', 'communities.name as community'])
        .where('posts.id', 'in', postIds.slice(i, i + 500))
        .where('posts.answer_id', 'is not', null)
        .where('posts.deleted_at', 'is', null)
        .where((eb) => eb.exists(eb.selectFrom('post_communities').select('post_communities.post_id').whereRef('post_communities.post_id', '=', 'posts.id').where('post_communities.community_id', 'in', communityIds)))
        .where(wherePostReadableBy(actor))
        .execute())
    );
  }
  const byPost = new Map<string, AnswerMark[]>();
  for (const mark of marks) byPost.set(mark.post_id, [...(byPost.get(mark.post_id) ?? []), mark]);
  // Still the answer now: one unmarked since is not news; the latest time it was marked is the item's.
  const items = posts
    .flatMap((post) => {
      const times = (byPost.get(post.id) ?? []).filter((m) => m.comment_id === post.answer_id).map((m) => m.at);
      return times.length ? [{ title: post.title, url: `${origin}/p/${post.id}`, community: post.community, at: Math.max(...times), id: post.id }] : [];
    })
    .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  return section(
    items.map(({ id: _id, ...item }) => item),
    items.length,
    `${origin}/`
  );
}

async function resources(db: DB, actor: Actor, communityIds: string[], since: number, at: number): Promise<DigestSection> {
  const base = db
    .selectFrom('resources')
    .where('resources.created_at', '>', since)
    .where('resources.created_at', '<=', at)
    .where((eb) => eb.or([eb('resources.added_by', 'is', null), eb('resources.added_by', '!=', actor.id)]))
    .where((eb) => eb.exists(eb.selectFrom('resource_communities').select('resource_communities.resource_id').whereRef('resource_communities.resource_id', '=', 'resources.id').where('resource_communities.community_id', 'in', communityIds)))
    .where(whereResourceReadableBy(actor));
  const rows = await base.select(['resources.id', 'resources.title', 'resources.created_at', total]).orderBy('resources.created_at', 'desc').orderBy('resources.id', 'desc').limit(sectionCap).execute();
  const origin = config().origin;
  return section(rows.map((r) => ({ title: r.title, url: `${origin}/r/${r.id}`, community: null, at: r.created_at })), Number(rows[0]?.total ?? 0), `${origin}/library`);
}

/** Upcoming activities of the next two weeks; `fresh` counts those announced since the last digest. */
async function events(db: DB, actor: Actor, communityIds: string[], since: number, at: number): Promise<DigestSection & { fresh: number }> {
  const base = db
    .selectFrom('events')
    .where('events.status', '=', 'scheduled')
    .where('events.starts_at', '>', at)
    .where('events.starts_at', '<=', at + eventHorizon)
    .where((eb) => eb.exists(eb.selectFrom('event_communities').select('event_communities.event_id').whereRef('event_communities.event_id', '=', 'events.id').where('event_communities.community_id', 'in', communityIds)))
    .where(whereEventVisibleTo(actor));
  const rows = await base
    .select(['events.id', 'events.title', 'events.starts_at', total, sql<number>`sum(case when events.created_at > ${since} then 1 else 0 end) over ()`.as('fresh')])
    .orderBy('events.starts_at', 'asc')
    .orderBy('events.id')
    .limit(sectionCap)
    .execute();
  const origin = config().origin;
  return {
    ...section(rows.map((r) => ({ title: r.title, url: `${origin}/e/${r.id}`, community: null, at: r.starts_at })), Number(rows[0]?.total ?? 0), `${origin}/agenda`),
    fresh: Number(rows[0]?.fresh ?? 0)
  };
}

function notificationUrl(row: { post_id: string | null; event_id: string | null; resource_id: string | null; payload: string }): string {
  const origin = config().origin;
  const formId = formOf(row.payload);
  if (formId) return `${origin}/f/${formId}`;
  if (row.post_id) return `${origin}/p/${row.post_id}`;
  if (row.event_id) return `${origin}/e/${row.event_id}`;
  if (row.resource_id) return `${origin}/r/${row.resource_id}`;
  return `${origin}/notifications`;
}

function payloadTitle(payload: string): string | null {
  try {
    const parsed = JSON.parse(payload) as { title?: unknown };
    return typeof parsed.title === 'string' ? parsed.title : null;
  } catch {
    return null;
  }
}

/**
 * Notifications since the watermark of the kinds the member wants in the digest, and those of kinds
 * they want by email that no email carried (the budget folded them). Every notification points at
 * something that still has to be readable now.
 */
async function notifications(db: DB, actor: Actor, since: number, at: number): Promise<Digest['notifications']> {
  const preferences = await preferencesOf(db, actor.id);
  const kinds = (channel: string) => Object.entries(preferences).filter(([, c]) => c === channel).map(([kind]) => kind);
  const digestKinds = kinds('digest');
  // Only kinds whose email is the notification's own can have been folded; the others were emailed where they happened.
  const emailKinds = kinds('email').filter((kind) => emailedAsNotifications.has(kind as NotificationKind));
  const moreUrl = `${config().origin}/notifications`;
  if (digestKinds.length === 0 && emailKinds.length === 0) return { items: [], more: 0, moreUrl };
  const base = db
    .selectFrom('notifications')
    .leftJoin('users as actor', 'actor.id', 'notifications.actor_id')
    .where('notifications.user_id', '=', actor.id)
    .where('notifications.created_at', '>', since)
    .where('notifications.created_at', '<=', at)
    .where((eb) => {
      const folded = eb.and([
        eb('notifications.kind', 'in', emailKinds.length ? emailKinds : ['']),
        eb.not(
          eb.exists(
            eb
              .selectFrom('emails')
              .select('emails.id')
              .where('emails.to_address', '=', actor.email)
              .where('emails.created_at', '>=', since)
              .where(sql<boolean>`emails.headers like ${'%'} || notifications.id || ${'%'}`)
          )
        )
      ]);
      return eb.or([eb('notifications.kind', 'in', digestKinds.length ? digestKinds : ['']), folded]);
    })
    .where(whereNotificationReadableBy(actor));
  const rows = await base
    .select(['notifications.id', 'notifications.kind', 'notifications.payload', 'notifications.post_id', 'notifications.event_id', 'notifications.resource_id', 'notifications.created_at', 'actor.name as actorName', total])
    .orderBy('notifications.created_at', 'desc')
    .orderBy('notifications.id', 'desc')
    .limit(sectionCap)
    .execute();
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind as NotificationKind, what: whatHappened(r.kind as NotificationKind, r.payload), title: payloadTitle(r.payload), actor: r.actorName, url: notificationUrl(r), at: r.created_at })),
    more: Math.max(0, Number(rows[0]?.total ?? 0) - sectionCap),
    moreUrl
  };
}

/** Where the member's digest of this frequency starts: the last one's end, or one period back. */
export async function watermarkOf(db: DB, userId: string, frequency: DigestFrequencySent): Promise<number | null> {
  const row = await db.selectFrom('digest_watermarks').select('covered_until').where('user_id', '=', userId).where('frequency', '=', frequency).executeTakeFirst();
  return row?.covered_until ?? null;
}

/** The member's digest of this frequency as of `at`, or null when there is nothing new to tell them. */
export async function buildDigest(db: DB, userId: string, frequency: DigestFrequencySent, at: number, since?: number, run?: DigestRun): Promise<Digest | null> {
  const recipient = await recipientOf(db, userId);
  if (!recipient) return null;
  const from = since ?? (await watermarkOf(db, userId, frequency)) ?? at - digestPeriods[frequency];
  const communityIds = await digestCommunities(db, userId, frequency);
  const empty: DigestSection = { items: [], more: 0, moreUrl: config().origin };
  const [posts, answered, added, upcoming] = communityIds.length
    ? await Promise.all([
        publications(db, recipient, communityIds, from, at),
        answers(db, recipient, communityIds, from, at, run),
        resources(db, recipient, communityIds, from, at),
        events(db, recipient, communityIds, from, at)
      ])
    : [empty, empty, empty, { ...empty, fresh: 0 }];
  const personal = await notifications(db, recipient, from, at);
  // Activities already told about last time are repeated as a reminder, but alone they are not news.
  const news = posts.items.length + answered.items.length + added.items.length + upcoming.fresh + personal.items.length;
  if (news === 0) return null;
  const { fresh: _fresh, ...eventSection } = upcoming;
  void _fresh;
  return { recipient, frequency, since: from, builtAt: at, publications: posts, answers: answered, resources: added, events: eventSection, notifications: personal };
}

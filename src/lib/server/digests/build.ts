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
import { isLocale, type Locale } from '../../i18n';
import { preferencesOf, type NotificationKind } from '../preferences';
import { emailedAsNotifications } from '../notifications/email';
import { whereNotificationReadableBy } from '../notifications/inbox';

export type DigestFrequencySent = Exclude<DigestFrequency, 'none'>;
export const digestPeriods: Record<DigestFrequencySent, number> = { daily: 24 * 60 * 60 * 1000, weekly: 7 * 24 * 60 * 60 * 1000 };
/** Items per section; the rest is a count with a link to see them on the platform. */
export const sectionCap = 10;
const eventHorizon = 14 * 24 * 60 * 60 * 1000;

export type DigestItem = { title: string; url: string; community: string | null; at: number };
export type DigestSection = { items: DigestItem[]; more: number; moreUrl: string };
export type DigestNotification = { id: string; kind: NotificationKind; title: string | null; actor: string | null; url: string; at: number };
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
  const [rows, count] = await Promise.all([
    base
      .innerJoin('communities', 'communities.id', 'posts.community_id')
      .select(['posts.id', 'posts.title', 'posts.created_at', 'communities.name as community'])
      .orderBy('posts.created_at', 'desc')
      .orderBy('posts.id', 'desc')
      .limit(sectionCap)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirst()
  ]);
  const origin = config().origin;
  return section(rows.map((r) => ({ title: r.title, url: `${origin}/p/${r.id}`, community: r.community, at: r.created_at })), Number(count?.count ?? 0), `${origin}/`);
}

async function answers(db: DB, actor: Actor, communityIds: string[], since: number, at: number): Promise<DigestSection> {
  const base = db
    .selectFrom('journal')
    .innerJoin('posts', 'posts.id', 'journal.post_id')
    .where('journal.kind', '=', 'answer.marked')
    .where('journal.created_at', '>', since)
    .where('journal.created_at', '<=', at)
    // Still the answer now: one unmarked since is not news.
    .whereRef('posts.answer_id', '=', 'journal.comment_id')
    .where('posts.deleted_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('post_communities').select('post_communities.post_id').whereRef('post_communities.post_id', '=', 'posts.id').where('post_communities.community_id', 'in', communityIds)))
    .where(wherePostReadableBy(actor));
  const [rows, count] = await Promise.all([
    base
      .innerJoin('communities', 'communities.id', 'posts.community_id')
      .select(['posts.id', 'posts.title', 'communities.name as community', (eb) => eb.fn.max('journal.created_at').as('at')])
      .groupBy(['posts.id', 'posts.title', 'communities.name'])
      .orderBy(sql`max(journal.created_at)`, 'desc')
      .limit(sectionCap)
      .execute(),
    base.select(sql<number>`count(distinct posts.id)`.as('count')).executeTakeFirst()
  ]);
  const origin = config().origin;
  return section(rows.map((r) => ({ title: r.title, url: `${origin}/p/${r.id}`, community: r.community, at: Number(r.at) })), Number(count?.count ?? 0), `${origin}/`);
}

async function resources(db: DB, actor: Actor, communityIds: string[], since: number, at: number): Promise<DigestSection> {
  const base = db
    .selectFrom('resources')
    .where('resources.created_at', '>', since)
    .where('resources.created_at', '<=', at)
    .where((eb) => eb.or([eb('resources.added_by', 'is', null), eb('resources.added_by', '!=', actor.id)]))
    .where((eb) => eb.exists(eb.selectFrom('resource_communities').select('resource_communities.resource_id').whereRef('resource_communities.resource_id', '=', 'resources.id').where('resource_communities.community_id', 'in', communityIds)))
    .where(whereResourceReadableBy(actor));
  const [rows, count] = await Promise.all([
    base.select(['resources.id', 'resources.title', 'resources.created_at']).orderBy('resources.created_at', 'desc').orderBy('resources.id', 'desc').limit(sectionCap).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirst()
  ]);
  const origin = config().origin;
  return section(rows.map((r) => ({ title: r.title, url: `${origin}/r/${r.id}`, community: null, at: r.created_at })), Number(count?.count ?? 0), `${origin}/library`);
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
  const [rows, count, fresh] = await Promise.all([
    base.select(['events.id', 'events.title', 'events.starts_at']).orderBy('events.starts_at', 'asc').orderBy('events.id').limit(sectionCap).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirst(),
    base.where('events.created_at', '>', since).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirst()
  ]);
  const origin = config().origin;
  return {
    ...section(rows.map((r) => ({ title: r.title, url: `${origin}/e/${r.id}`, community: null, at: r.starts_at })), Number(count?.count ?? 0), `${origin}/agenda`),
    fresh: Number(fresh?.count ?? 0)
  };
}

function notificationUrl(row: { post_id: string | null; event_id: string | null; resource_id: string | null }): string {
  const origin = config().origin;
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
  const [rows, count] = await Promise.all([
    base
      .select(['notifications.id', 'notifications.kind', 'notifications.payload', 'notifications.post_id', 'notifications.event_id', 'notifications.resource_id', 'notifications.created_at', 'actor.name as actorName'])
      .orderBy('notifications.created_at', 'desc')
      .orderBy('notifications.id', 'desc')
      .limit(sectionCap)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirst()
  ]);
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind as NotificationKind, title: payloadTitle(r.payload), actor: r.actorName, url: notificationUrl(r), at: r.created_at })),
    more: Math.max(0, Number(count?.count ?? 0) - sectionCap),
    moreUrl
  };
}

/** Where the member's digest of this frequency starts: the last one's end, or one period back. */
export async function watermarkOf(db: DB, userId: string, frequency: DigestFrequencySent): Promise<number | null> {
  const row = await db.selectFrom('digest_watermarks').select('covered_until').where('user_id', '=', userId).where('frequency', '=', frequency).executeTakeFirst();
  return row?.covered_until ?? null;
}

/** The member's digest of this frequency as of `at`, or null when there is nothing new to tell them. */
export async function buildDigest(db: DB, userId: string, frequency: DigestFrequencySent, at: number, since?: number): Promise<Digest | null> {
  const recipient = await recipientOf(db, userId);
  if (!recipient) return null;
  const from = since ?? (await watermarkOf(db, userId, frequency)) ?? at - digestPeriods[frequency];
  const communityIds = await digestCommunities(db, userId, frequency);
  const empty: DigestSection = { items: [], more: 0, moreUrl: config().origin };
  const [posts, answered, added, upcoming] = communityIds.length
    ? await Promise.all([
        publications(db, recipient, communityIds, from, at),
        answers(db, recipient, communityIds, from, at),
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

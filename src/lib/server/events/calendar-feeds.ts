// A member's personal calendar feed: the events of their communities and those they registered for,
// at a secret address their calendar application polls without signing in. Only a hash of the
// secret is kept (as for API tokens); a member has one address at a time, and revoking it ends it.
// The feed is read as the member, at each fetch: an event they can no longer see leaves it at once.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { requireMember } from '../access';
import { forUpdate } from '../db/dialect';
import { config } from '../config';
import { notFound } from '../errors';
import { newId, now } from '../ids';
import { isLocale } from '../../i18n';
import { hashToken } from '../tokens';
import { cachedFeed, feedCalendar, feedVersion, type CalendarFeed, type FeedScope } from './ical';

/** Tells a calendar secret apart from an API token (`ruche_…`) wherever one is pasted. */
const FEED_PREFIX = 'cal_';
/** A secret is the prefix and 32 random bytes in base64url: anything longer is not one. */
const secretMax = 64;

/** Registrations that put an event in the member's calendar. */
const inCalendar = ['going', 'maybe', 'waitlisted'] as const;

export type CalendarFeedView = { createdAt: number };

/** The feed's address: the secret is in it, so it is shown once, when made. */
export function calendarFeedUrl(secret: string): string {
  return `${config().origin}/calendar/${secret}.ics`;
}

/** A fresh secret address for the actor's feed; the one they had before stops working. */
export async function createCalendarFeed(db: DB, actor: Actor | null): Promise<{ url: string }> {
  const member = requireMember(actor);
  const secret = FEED_PREFIX + randomBytes(32).toString('base64url');
  const at = now();
  await db.transaction().execute(async (trx) => {
    // Two requests at once must not leave two live addresses: the member's row serialises them.
    await forUpdate(trx, trx.selectFrom('users').select('id').where('id', '=', member.id)).execute();
    await trx.updateTable('calendar_feeds').set({ revoked_at: at }).where('user_id', '=', member.id).where('revoked_at', 'is', null).execute();
    await trx.insertInto('calendar_feeds').values({ id: newId(), user_id: member.id, token_hash: hashToken(secret), created_at: at, revoked_at: null }).execute();
  });
  return { url: calendarFeedUrl(secret) };
}

/** Ends the actor's feed address, if they have one. */
export async function revokeCalendarFeed(db: DB, actor: Actor | null): Promise<void> {
  const member = requireMember(actor);
  await db.updateTable('calendar_feeds').set({ revoked_at: now() }).where('user_id', '=', member.id).where('revoked_at', 'is', null).execute();
}

/** Whether the actor has a feed address in force, and since when (its secret cannot be shown again). */
export async function activeCalendarFeed(db: DB, actor: Actor | null): Promise<CalendarFeedView | null> {
  const member = requireMember(actor);
  const row = await db
    .selectFrom('calendar_feeds')
    .select('created_at')
    .where('user_id', '=', member.id)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? { createdAt: Number(row.created_at) } : null;
}

/** The member a feed secret belongs to, or null when it is unknown or revoked. */
export async function calendarFeedOwner(db: DB, secret: string): Promise<Actor | null> {
  if (!secret.startsWith(FEED_PREFIX) || secret.length > secretMax) return null;
  const row = await db
    .selectFrom('calendar_feeds')
    .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
    .select(['users.id', 'users.name', 'users.email', 'users.role', 'users.locale', 'users.email_verified'])
    .where('calendar_feeds.token_hash', '=', hashToken(secret))
    .where('calendar_feeds.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role === 'admin' ? 'admin' : 'member',
    locale: isLocale(row.locale) ? row.locale : 'fr',
    emailVerified: Boolean(row.email_verified)
  };
}

/** The events of the member's communities, those they organise and those they registered for. */
function mine(member: Actor): FeedScope {
  return (eb) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom('event_communities')
          .innerJoin('memberships', 'memberships.community_id', 'event_communities.community_id')
          .select('event_communities.event_id')
          .whereRef('event_communities.event_id', '=', 'events.id')
          .where('memberships.user_id', '=', member.id)
          .where('memberships.status', '=', 'active')
      ),
      eb.exists(
        eb
          .selectFrom('registrations')
          .select('registrations.event_id')
          .whereRef('registrations.event_id', '=', 'events.id')
          .where('registrations.user_id', '=', member.id)
          .where('registrations.status', 'in', inCalendar)
      ),
      eb.exists(
        eb.selectFrom('event_organisers').select('event_organisers.event_id').whereRef('event_organisers.event_id', '=', 'events.id').where('event_organisers.user_id', '=', member.id)
      )
    ]);
}

/** The personal feed behind a secret address; not_found when the address is unknown or revoked. */
export async function personalCalendar(db: DB, secret: string, at = now()): Promise<string> {
  const member = await calendarFeedOwner(db, secret);
  if (!member) throw notFound();
  return feedCalendar(db, member, mine(member), `${config().instanceName} — ${member.name}`, at);
}

/**
 * The same, as the route serves it: an ETag that is the member's own (their id is part of it), and
 * the text only when their calendar's copy is not current.
 */
export async function personalFeed(db: DB, secret: string, at = now()): Promise<CalendarFeed> {
  const member = await calendarFeedOwner(db, secret);
  if (!member) throw notFound();
  const name = `${config().instanceName} — ${member.name}`;
  const scope = mine(member);
  const etag = await feedVersion(db, member, scope, name, at, [member.email, member.locale]);
  return cachedFeed(etag, () => feedCalendar(db, member, scope, name, at));
}

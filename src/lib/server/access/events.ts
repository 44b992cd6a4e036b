// Who may see and act on an event. An event is hosted by one or more communities and has an
// audience: `public` (anyone who may know one of its hosts exists), `members` (active members of a
// host), or `animators` (animators and stewards of a host). Whoever sees it may register while
// registration is open; the online meeting link reaches only registered participants and those who
// run it (the animators of a host, its organisers, administrators). Lists filter in SQL with the same
// rule (whereEventVisibleTo); the matrix test checks that both agree.
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Database, Event, Registration } from '../db/schema';
import { forbidden, notFound } from '../errors';
import { can, membershipOf, type Relation } from './communities';

export type EventAction =
  | 'read'
  /** Answer going / maybe / not going, join the waitlist. */
  | 'register'
  /** Edit, cancel, see and export participants, mark attendance, add materials. */
  | 'manage'
  /** The online meeting link. */
  | 'join_online'
  /** Rate it and comment, once it has started, having registered as going. */
  | 'give_feedback';

export type EventRelation = {
  event: Event;
  /** Every hosting community, as the actor stands to it. */
  hosts: Relation[];
  organiser: boolean;
  registration: Pick<Registration, 'status'> | null;
};

function sees(actor: Actor | null, event: Event, host: Relation): boolean {
  // A community waiting for approval hosts nothing yet, for anyone (its organisers aside).
  if (host.community.status === 'pending' || !can(actor, 'read', host)) return false;
  if (actor?.role === 'admin') return true;
  const active = host.membership?.status === 'active';
  switch (event.audience) {
    case 'public':
      return true;
    case 'members':
      return active;
    case 'animators':
      return active && (host.membership!.role === 'animator' || host.membership!.role === 'steward');
  }
}

export function canOnEvent(actor: Actor | null, action: EventAction, relation: EventRelation, at = Date.now()): boolean {
  const { event, hosts } = relation;
  const visible = hosts.some((host) => sees(actor, event, host)) || (relation.organiser && actor !== null);
  if (!visible) return false;
  const manager = actor !== null && (relation.organiser || hosts.some((host) => can(actor, 'manage', host)) || (actor.role === 'admin' && hosts.some((h) => h.community.status !== 'archived')));
  const cancelled = event.status === 'cancelled';
  switch (action) {
    case 'read':
      return true;
    case 'register':
      return actor !== null && !cancelled && event.ends_at > at && (event.registration_deadline === null || event.registration_deadline > at) && hosts.every((h) => h.community.status !== 'archived');
    case 'manage':
      return manager;
    case 'join_online':
      return event.meeting_url !== null && !cancelled && (manager || relation.registration?.status === 'going');
    case 'give_feedback':
      return actor !== null && !cancelled && event.starts_at <= at && relation.registration?.status === 'going';
  }
}

/** Throws unless the actor may; someone who may see the event is told why. */
export function assertOnEvent(actor: Actor | null, action: EventAction, relation: EventRelation, at = Date.now()): void {
  if (canOnEvent(actor, action, relation, at)) return;
  if (!canOnEvent(actor, 'read', relation, at)) throw notFound();
  if (action === 'register' && relation.event.status === 'cancelled') throw forbidden('events.errors.cancelled');
  if (action === 'register') throw forbidden('events.errors.registration_closed');
  throw forbidden();
}

/** The event with its hosts as the actor stands to them; not_found unless they may see it. */
export async function findEvent(db: DB, actor: Actor | null, id: string): Promise<EventRelation> {
  const relation = await eventRelation(db, actor, id);
  if (!relation || !canOnEvent(actor, 'read', relation)) throw notFound();
  return relation;
}

/** The event as the actor stands to it, whether or not they may see it (null: no such event). */
export async function eventRelation(db: DB, actor: Actor | null, id: string): Promise<EventRelation | null> {
  const event = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!event) return null;
  const rows = await db
    .selectFrom('event_communities')
    .innerJoin('communities', 'communities.id', 'event_communities.community_id')
    .selectAll('communities')
    .where('event_communities.event_id', '=', id)
    .orderBy('communities.name')
    .execute();
  const hosts: Relation[] = [];
  for (const community of rows) hosts.push({ community, membership: await membershipOf(db, actor, community.id) });
  const [organiser, registration] = actor
    ? await Promise.all([
        db.selectFrom('event_organisers').select('user_id').where('event_id', '=', id).where('user_id', '=', actor.id).executeTakeFirst(),
        db.selectFrom('registrations').select('status').where('event_id', '=', id).where('user_id', '=', actor.id).executeTakeFirst()
      ])
    : [undefined, undefined];
  return { event, hosts, organiser: organiser !== undefined, registration: registration ?? null };
}

/**
 * The SQL form of `canOnEvent(actor, 'read', …)` on a query over `events`. Change it together with
 * canOnEvent.
 */
export function whereEventVisibleTo(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'events'>) => {
    if (actor?.role === 'admin') {
      return eb.exists(
        eb
          .selectFrom('event_communities')
          .innerJoin('communities', 'communities.id', 'event_communities.community_id')
          .select('event_communities.event_id')
          .whereRef('event_communities.event_id', '=', 'events.id')
          .where('communities.status', '!=', 'pending')
      );
    }
    const hosted = eb
      .selectFrom('event_communities')
      .innerJoin('communities', 'communities.id', 'event_communities.community_id')
      .select('event_communities.event_id')
      .whereRef('event_communities.event_id', '=', 'events.id')
      .where('communities.status', '!=', 'pending');
    type Hosted = ExpressionBuilder<Database, 'events' | 'event_communities' | 'communities'>;
    const membership = (inner: Hosted, roles: ('member' | 'animator' | 'steward')[]) =>
      inner.exists(
        inner
          .selectFrom('memberships')
          .select('memberships.id')
          .whereRef('memberships.community_id', '=', 'communities.id')
          .where('memberships.user_id', '=', actor!.id)
          .where('memberships.status', '=', 'active')
          .where('memberships.role', 'in', roles)
      );
    if (!actor) {
      return eb.and([eb('events.audience', '=', 'public'), eb.exists(hosted.where('communities.visibility', '!=', 'hidden'))]);
    }
    const organiser = eb.exists(
      eb.selectFrom('event_organisers').select('event_organisers.user_id').whereRef('event_organisers.event_id', '=', 'events.id').where('event_organisers.user_id', '=', actor.id)
    );
    return eb.or([
      organiser,
      eb.exists(
        hosted.where((inner) =>
          inner.or([
            inner.and([inner('events.audience', '=', 'public'), inner.or([inner('communities.visibility', '!=', 'hidden'), membership(inner, ['member', 'animator', 'steward'])])]),
            inner.and([inner('events.audience', '=', 'members'), membership(inner, ['member', 'animator', 'steward'])]),
            inner.and([inner('events.audience', '=', 'animators'), membership(inner, ['animator', 'steward'])])
          ])
        )
      )
    ]);
  };
}

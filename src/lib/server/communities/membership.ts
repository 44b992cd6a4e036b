// Being part of a community: joining or asking to, the animators' decisions, leaving, removal, bans
// and roles. A community always keeps at least one animator.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import type { Community, CommunityRole, Membership, MembershipStatus } from '../db/schema';
import { assertCan, findCommunity, type Relation } from '../access';
import { conflict, invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { paginate, type PageQuery } from '../api/pagination';
import { sendDeclined, sendWelcome } from './welcome';

/** Writes the member's row in its new state, whatever it was before (a former member comes back). */
async function upsertMembership(
  db: Executor,
  community: Community,
  userId: string,
  values: { role: CommunityRole; status: MembershipStatus; request_message?: string | null; decided_by?: string | null }
): Promise<void> {
  const at = now();
  const joined_at = values.status === 'active' ? at : null;
  const decided = values.decided_by !== undefined ? { decided_by: values.decided_by, decided_at: at } : {};
  const existing = await db
    .selectFrom('memberships')
    .select('id')
    .where('community_id', '=', community.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('memberships')
      .set({ ...values, ...decided, joined_at, decision_message: null, updated_at: at })
      .where('id', '=', existing.id)
      .execute();
  } else {
    await db
      .insertInto('memberships')
      .values({
        id: newId(),
        community_id: community.id,
        user_id: userId,
        role: values.role,
        status: values.status,
        request_message: values.request_message ?? null,
        decision_message: null,
        decided_by: values.decided_by ?? null,
        decided_at: values.decided_by ? at : null,
        joined_at,
        created_at: at,
        updated_at: at
      })
      .execute();
  }
}

/** Adds an active member and greets them; used by joining, approval, invitations and animators. */
export async function admit(db: DB, community: Community, userId: string, role: CommunityRole, decidedBy: string | null, note: string | null = null) {
  await db.transaction().execute(async (trx) => {
    await upsertMembership(trx, community, userId, { role, status: 'active', decided_by: decidedBy });
    if (role === 'animator') await startTerm(trx, community.id, userId, decidedBy, null);
    await sendWelcome(trx, community, userId, note);
  });
}

export async function startTerm(db: Executor, communityId: string, userId: string, handedBy: string | null, note: string | null) {
  await db
    .insertInto('animator_terms')
    .values({ id: newId(), community_id: communityId, user_id: userId, started_at: now(), ended_at: null, note, handed_by: handedBy })
    .execute();
}

export async function endTerm(db: Executor, communityId: string, userId: string) {
  await db
    .updateTable('animator_terms')
    .set({ ended_at: now() })
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
}

export type JoinOutcome = 'joined' | 'requested';

/** Joins an open community at once, or asks to join one that admits on request. */
export async function joinCommunity(db: DB, actor: Actor | null, slug: string, message?: string | null): Promise<JoinOutcome> {
  const relation = await findCommunity(db, actor, slug);
  if (relation.membership?.status === 'active') throw conflict('communities.errors.already_member');
  if (relation.membership?.status === 'pending') throw conflict('communities.errors.already_requested');
  assertCan(actor, 'join', relation);
  const { community } = relation;
  if (community.join_policy === 'open') {
    await admit(db, community, actor!.id, 'member', null);
    return 'joined';
  }
  await upsertMembership(db, community, actor!.id, { role: 'member', status: 'pending', request_message: message?.trim() || null });
  return 'requested';
}

/** An animator approves or declines a request, optionally with a message to the requester. */
export async function decideRequest(
  db: DB,
  actor: Actor | null,
  slug: string,
  userId: string,
  decision: { approve: boolean; message?: string | null }
): Promise<void> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'manage', relation);
  const request = await membershipRow(db, relation.community.id, userId);
  if (!request || request.status !== 'pending') throw notFound();
  const message = decision.message?.trim() || null;
  if (decision.approve) {
    await admit(db, relation.community, userId, 'member', actor!.id, message);
  } else {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('memberships')
        .set({ status: 'declined', decided_by: actor!.id, decided_at: now(), updated_at: now() })
        .where('id', '=', request.id)
        .execute();
      await sendDeclined(trx, relation.community, userId, message);
    });
  }
  if (message) {
    await db.updateTable('memberships').set({ decision_message: message }).where('id', '=', request.id).execute();
  }
}

function membershipRow(db: Executor, communityId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Refuses a change that would leave the community without an active animator. */
async function assertAnotherAnimator(db: Executor, communityId: string, userId: string): Promise<void> {
  const others = await db
    .selectFrom('memberships')
    .select('id')
    .where('community_id', '=', communityId)
    .where('role', '=', 'animator')
    .where('status', '=', 'active')
    .where('user_id', '!=', userId)
    .executeTakeFirst();
  if (!others) throw conflict('communities.errors.last_animator');
}

/** Ends a membership: leaving (oneself), removal or ban (animators). Access ends at once. */
export async function endMembership(
  db: DB,
  actor: Actor | null,
  slug: string,
  userId: string,
  how: 'left' | 'removed' | 'banned'
): Promise<void> {
  const relation = await findCommunity(db, actor, slug);
  if (how === 'left') {
    if (actor?.id !== userId) throw notFound();
  } else {
    assertCan(actor, 'manage', relation);
  }
  const row = await membershipRow(db, relation.community.id, userId);
  // A ban also works on someone who is not (or no longer) a member, so they cannot come back.
  if (how !== 'banned' && (!row || row.status !== 'active')) throw notFound();
  await db.transaction().execute(async (trx) => {
    if (row?.status === 'active' && row.role === 'animator') {
      await assertAnotherAnimator(trx, relation.community.id, userId);
      await endTerm(trx, relation.community.id, userId);
    }
    if (row) {
      await trx
        .updateTable('memberships')
        .set({ status: how, decided_by: actor!.id, decided_at: now(), updated_at: now() })
        .where('id', '=', row.id)
        .execute();
    } else {
      await upsertMembership(trx, relation.community, userId, { role: 'member', status: 'banned', decided_by: actor!.id });
    }
  });
}

/** An animator changes an active member's role. */
export async function changeRole(db: DB, actor: Actor | null, slug: string, userId: string, role: CommunityRole): Promise<void> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'manage', relation);
  const row = await membershipRow(db, relation.community.id, userId);
  if (!row || row.status !== 'active') throw notFound();
  if (row.role === role) return;
  await db.transaction().execute(async (trx) => {
    if (row.role === 'animator') {
      await assertAnotherAnimator(trx, relation.community.id, userId);
      await endTerm(trx, relation.community.id, userId);
    }
    if (role === 'animator') await startTerm(trx, relation.community.id, userId, actor!.id, null);
    await trx.updateTable('memberships').set({ role, updated_at: now() }).where('id', '=', row.id).execute();
  });
}

export type MemberRow = {
  userId: string;
  name: string;
  handle: string | null;
  role: CommunityRole;
  status: MembershipStatus;
  joinedAt: number | null;
  requestMessage: string | null;
  createdAt: number;
};

/**
 * Members of a community, animators first then by name. Active members for whoever may read the
 * community's content; animators may also list pending requests and former members.
 */
export async function listMembers(
  db: DB,
  actor: Actor | null,
  slug: string,
  status: 'active' | 'pending' | 'banned' = 'active'
): Promise<{ relation: Relation; members: MemberRow[] }> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, status === 'active' ? 'read_content' : 'manage', relation);
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('profiles', 'profiles.user_id', 'memberships.user_id')
    .select([
      'memberships.user_id as userId',
      'users.name as name',
      'profiles.handle as handle',
      'memberships.role as role',
      'memberships.status as status',
      'memberships.joined_at as joinedAt',
      'memberships.request_message as requestMessage',
      'memberships.created_at as createdAt'
    ])
    .where('memberships.community_id', '=', relation.community.id)
    .where('memberships.status', '=', status)
    .orderBy('users.name')
    .execute();
  const rank: Record<CommunityRole, number> = { animator: 0, steward: 1, member: 2 };
  return { relation, members: rows.sort((a, b) => rank[a.role] - rank[b.role]) };
}

/** The same list for the API, a page at a time, in the order members joined. */
export async function pageOfMembers(db: DB, actor: Actor | null, slug: string, page: PageQuery) {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'read_content', relation);
  const query = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id as id', 'memberships.user_id as userId', 'users.name as name', 'memberships.role as role', 'memberships.created_at as created_at'])
    .where('memberships.community_id', '=', relation.community.id)
    .where('memberships.status', '=', 'active');
  return paginate(query, { columns: ['memberships.created_at', 'memberships.id'], direction: 'asc' }, page);
}

/** The active members' count, for the community header. */
export async function memberCount(db: DB, communityId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('community_id', '=', communityId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function assertRole(value: string): CommunityRole {
  if (value === 'member' || value === 'animator' || value === 'steward') return value;
  throw invalid([{ path: 'role', message: 'api.validation.invalid' }]);
}

export type { Membership };

// Being part of a community: joining or asking to, the animators' decisions, leaving, removal, bans
// and roles. A community always keeps at least one animator.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import type { ExpressionBuilder } from 'kysely';
import type { Community, CommunityRole, Database, Membership, MembershipStatus } from '../db/schema';
import { assertCan, fieldVisibleTo, findCommunity, type Relation } from '../access';
import { pictureUrl } from '../http/pictures';
import { conflict, invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { paginate, type PageQuery } from '../api/pagination';
import { sendDeclined, sendWelcome } from './welcome';
import { lockAndAssert, lockCommunity, membershipRow } from './rows';
import { record } from '../journal';

type MembershipChange = {
  role: CommunityRole;
  status: MembershipStatus;
  request_message?: string | null;
  decided_by?: string | null;
  decision_message?: string | null;
};

/** Writes the member's row in its new state, whatever it was before (a former member comes back). */
async function upsertMembership(trx: Executor, communityId: string, userId: string, values: MembershipChange): Promise<void> {
  const at = now();
  const active = values.status === 'active';
  const state = {
    role: values.role,
    status: values.status,
    decision_message: values.decision_message ?? null,
    decided_by: values.decided_by ?? null,
    decided_at: values.decided_by !== undefined ? at : null,
    joined_at: active ? at : null,
    // A new member gets the welcome in the app too, until they put it away.
    welcome_sent_at: active ? at : null,
    welcome_seen_at: null,
    updated_at: at
  };
  const existing = await membershipRow(trx, communityId, userId);
  if (existing) {
    // An approved request keeps what the requester wrote.
    const request = values.request_message === undefined ? {} : { request_message: values.request_message };
    await trx.updateTable('memberships').set({ ...state, ...request }).where('id', '=', existing.id).execute();
  } else {
    await trx
      .insertInto('memberships')
      .values({ id: newId(), community_id: communityId, user_id: userId, created_at: at, request_message: values.request_message ?? null, ...state })
      .execute();
  }
}

/**
 * Makes someone an active member and greets them, inside the caller's transaction: joining,
 * approval, invitations and animators adding people all come through here. Answers false, and
 * changes nothing, when they already are an active member.
 */
export async function admitIn(
  trx: Executor,
  community: Community,
  userId: string,
  role: CommunityRole,
  decidedBy: string | null,
  note: string | null = null
): Promise<boolean> {
  await lockCommunity(trx, community.id);
  const existing = await membershipRow(trx, community.id, userId);
  if (existing?.status === 'active') return false;
  await upsertMembership(trx, community.id, userId, { role, status: 'active', decided_by: decidedBy, decision_message: note });
  if (role === 'animator') await startTerm(trx, community.id, userId, decidedBy, null);
  await sendWelcome(trx, community, userId, note);
  return true;
}

/** `admitIn` in a transaction of its own. */
export async function admit(db: DB, community: Community, userId: string, role: CommunityRole, decidedBy: string | null, note: string | null = null) {
  return db.transaction().execute((trx) => admitIn(trx, community, userId, role, decidedBy, note));
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
  const userId = actor!.id;
  return db.transaction().execute(async (trx) => {
    if (community.join_policy === 'open') {
      if (!(await admitIn(trx, community, userId, 'member', null))) throw conflict('communities.errors.already_member');
      return 'joined';
    }
    await lockCommunity(trx, community.id);
    const existing = await membershipRow(trx, community.id, userId);
    if (existing?.status === 'active') throw conflict('communities.errors.already_member');
    if (existing?.status === 'pending') throw conflict('communities.errors.already_requested');
    await upsertMembership(trx, community.id, userId, { role: 'member', status: 'pending', request_message: message?.trim() || null });
    await record(trx, { kind: 'membership.requested', actorId: userId, communityId: community.id });
    return 'requested';
  });
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
  const { community } = relation;
  const message = decision.message?.trim() || null;
  await db.transaction().execute(async (trx) => {
    await lockAndAssert(trx, actor, 'manage', relation);
    const request = await membershipRow(trx, community.id, userId);
    if (!request || request.status !== 'pending') throw notFound();
    if (decision.approve) {
      await admitIn(trx, community, userId, 'member', actor!.id, message);
      await record(trx, { kind: 'membership.approved', actorId: actor!.id, communityId: community.id, payload: { userId } });
      return;
    }
    await trx
      .updateTable('memberships')
      .set({ status: 'declined', decided_by: actor!.id, decided_at: now(), decision_message: message, updated_at: now() })
      .where('id', '=', request.id)
      .execute();
    await sendDeclined(trx, community, userId, message);
  });
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
  const { community } = relation;
  await db.transaction().execute(async (trx) => {
    if (how === 'left') await lockCommunity(trx, community.id);
    else await lockAndAssert(trx, actor, 'manage', relation);
    const row = await membershipRow(trx, community.id, userId);
    // A ban also works on someone who is not (or no longer) a member, so they cannot come back.
    if (how !== 'banned' && (!row || row.status !== 'active')) throw notFound();
    if (how === 'banned' && !row && !(await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst())) {
      throw notFound();
    }
    if (row?.status === 'active' && row.role === 'animator') {
      await assertAnotherAnimator(trx, community.id, userId);
      await endTerm(trx, community.id, userId);
    }
    if (row) {
      await trx
        .updateTable('memberships')
        .set({ status: how, decided_by: actor!.id, decided_at: now(), updated_at: now() })
        .where('id', '=', row.id)
        .execute();
    } else {
      await upsertMembership(trx, community.id, userId, { role: 'member', status: 'banned', decided_by: actor!.id });
    }
  });
}

/** An animator changes an active member's role. */
export async function changeRole(db: DB, actor: Actor | null, slug: string, userId: string, role: CommunityRole): Promise<void> {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'manage', relation);
  const { community } = relation;
  await db.transaction().execute(async (trx) => {
    await lockAndAssert(trx, actor, 'manage', relation);
    const row = await membershipRow(trx, community.id, userId);
    if (!row || row.status !== 'active') throw notFound();
    if (row.role === role) return;
    if (row.role === 'animator') {
      await assertAnotherAnimator(trx, community.id, userId);
      await endTerm(trx, community.id, userId);
    }
    if (role === 'animator') await startTerm(trx, community.id, userId, actor!.id, null);
    await trx.updateTable('memberships').set({ role, updated_at: now() }).where('id', '=', row.id).execute();
  });
}

export type MemberRow = {
  userId: string;
  name: string;
  handle: string | null;
  /** null when there is none or the viewer may not see it. */
  avatarUrl: string | null;
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
    .select(visibleAvatar(actor))
    .where('memberships.community_id', '=', relation.community.id)
    .where('memberships.status', '=', status)
    .orderBy('users.name')
    .execute();
  const rank: Record<CommunityRole, number> = { animator: 0, steward: 1, member: 2 };
  const members = rows.map(({ avatarPath, ...row }) => ({ ...row, avatarUrl: avatarUrlOf(row.handle, avatarPath) }));
  return { relation, members: members.sort((a, b) => rank[a.role] - rank[b.role]) };
}

/** The avatar's storage key where its level lets this viewer see it, else null. */
export function visibleAvatar(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'memberships' | 'users' | 'profiles'>) =>
    eb
      .case()
      .when(fieldVisibleTo(actor, 'profiles.avatar_visibility')(eb as unknown as ExpressionBuilder<Database, 'profiles'>))
      .then(eb.ref('profiles.avatar_path'))
      .else(null)
      .end()
      .as('avatarPath');
}

export const avatarUrlOf = (handle: string | null, path: string | null) => (handle ? pictureUrl(`/u/${handle}/avatar`, path) : null);

/** The same list for the API, a page at a time, in the order members joined. */
export async function pageOfMembers(db: DB, actor: Actor | null, slug: string, page: PageQuery) {
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'read_content', relation);
  const query = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('profiles', 'profiles.user_id', 'memberships.user_id')
    .select(['memberships.id as id', 'memberships.user_id as userId', 'users.name as name', 'profiles.handle as handle', 'memberships.role as role', 'memberships.created_at as created_at'])
    .select(visibleAvatar(actor))
    .where('memberships.community_id', '=', relation.community.id)
    .where('memberships.status', '=', 'active');
  const result = await paginate(query, { columns: ['memberships.created_at', 'memberships.id'], direction: 'asc' }, page);
  return { ...result, items: result.items.map(({ avatarPath, ...row }) => ({ ...row, avatarUrl: avatarUrlOf(row.handle, avatarPath) })) };
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

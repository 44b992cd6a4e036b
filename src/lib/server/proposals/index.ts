// Topic proposals (issue 18). A member proposes a topic for a future activity or resource by writing
// a publication of kind `proposal`; others support it (one support each, taken back at will: approval
// voting, or "your k favourites" when the community sets a limit), comment in its thread and offer to
// help. The animators plan it — linked to the event made of it — or decline it with a reason, and the
// proposer and the volunteers are told. Counts are recounted in the transaction of each change, so
// lists sort by them without counting and two supports at once cannot both be lost.
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Community, Proposal, ProposalStatus, ProposalTarget } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { assertCan, assertOnProposal, canOnEvent, canOnProposal, findCommunity, findEvent, findPost, requireMember, whereEventVisibleTo, wherePostReadableBy, type ProposalRelation } from '../access';
import { forUpdate } from '../db/dialect';
import { conflict, invalid, notFound } from '../errors';
import { now } from '../ids';
import { record } from '../journal';
import { pageQuery, paginate, type Page } from '../api/pagination';

export const proposalTargets = ['activity', 'resource'] as const satisfies readonly ProposalTarget[];
export const proposalStatuses = ['open', 'planned', 'declined'] as const satisfies readonly ProposalStatus[];
export const proposalLimits = { reasonMax: 2000, supportLimitMax: 20 } as const;

export const proposalTargetSchema = z.enum(proposalTargets).describe('What it would become: an activity (an event) or a resource for the library');

/** Called by createPost, in its transaction, for a publication of kind `proposal`. */
export async function openProposal(tx: Executor, postId: string, target: ProposalTarget, at: number): Promise<void> {
  await tx.insertInto('proposals').values({ post_id: postId, target, status: 'open', decision_reason: null, event_id: null, decided_by: null, decided_at: null, created_at: at }).execute();
}

/** The publication as a proposal, or not_found if it is not one or the actor may not read it. */
export async function findProposal(db: DB, actor: Actor | null, postId: string): Promise<ProposalRelation> {
  const relation = await findPost(db, actor, postId);
  if (relation.post.deleted_at !== null) throw notFound();
  const proposal = await db.selectFrom('proposals').selectAll().where('post_id', '=', postId).executeTakeFirst();
  if (!proposal) throw notFound();
  return { ...relation, proposal };
}

export type ProposalView = {
  postId: string;
  target: ProposalTarget;
  status: ProposalStatus;
  decisionReason: string | null;
  decidedAt: number | null;
  /** The event made of it, when planned and still readable by the viewer. */
  event: { id: string; title: string; startsAt: number } | null;
  supportCount: number;
  volunteerCount: number;
  /** The viewer's own support and offer to help. */
  supported: boolean;
  volunteered: boolean;
  /** Who offered to help: a volunteer says so to the thread's readers. Who supports stays a count. */
  volunteers: { id: string; name: string }[];
  /** The community's limit of open supports per member, and how many the viewer has left (null: no limit). */
  supportLimit: number | null;
  supportsLeft: number | null;
  can: { support: boolean; decide: boolean };
};

async function openSupportsOf(db: Executor, userId: string, communityId: string): Promise<number> {
  const row = await db
    .selectFrom('proposal_supports')
    .innerJoin('proposals', 'proposals.post_id', 'proposal_supports.post_id')
    .innerJoin('posts', 'posts.id', 'proposals.post_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('proposal_supports.user_id', '=', userId)
    .where('proposals.status', '=', 'open')
    .where('posts.community_id', '=', communityId)
    .where('posts.deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What the thread of a proposal shows about it, for this viewer. */
export async function proposalView(db: DB, actor: Actor | null, relation: ProposalRelation): Promise<ProposalView> {
  const { proposal, home } = relation;
  const [mine, volunteers, eventView] = await Promise.all([
    actor
      ? Promise.all([
          db.selectFrom('proposal_supports').select('user_id').where('post_id', '=', proposal.post_id).where('user_id', '=', actor.id).executeTakeFirst(),
          db.selectFrom('proposal_volunteers').select('user_id').where('post_id', '=', proposal.post_id).where('user_id', '=', actor.id).executeTakeFirst()
        ])
      : Promise.resolve([undefined, undefined] as const),
    db
      .selectFrom('proposal_volunteers')
      .innerJoin('users', 'users.id', 'proposal_volunteers.user_id')
      .select(['users.id', 'users.name'])
      .where('proposal_volunteers.post_id', '=', proposal.post_id)
      .orderBy('proposal_volunteers.created_at')
      .limit(50)
      .execute(),
    linkedEvent(db, actor, proposal)
  ]);
  const { limit, left } = await allowanceIn(db, actor, home.community);
  return {
    postId: proposal.post_id,
    target: proposal.target,
    status: proposal.status,
    decisionReason: proposal.decision_reason,
    decidedAt: proposal.decided_at,
    event: eventView,
    supportCount: proposal.support_count,
    volunteerCount: proposal.volunteer_count,
    supported: Boolean(mine[0]),
    volunteered: Boolean(mine[1]),
    volunteers,
    supportLimit: limit,
    supportsLeft: left,
    can: { support: canOnProposal(actor, 'support', relation), decide: canOnProposal(actor, 'decide', relation) }
  };
}

async function linkedEvent(db: DB, actor: Actor | null, proposal: Proposal): Promise<ProposalView['event']> {
  if (!proposal.event_id) return null;
  try {
    const relation = await findEvent(db, actor, proposal.event_id);
    if (!canOnEvent(actor, 'read', relation)) return null;
    return { id: relation.event.id, title: relation.event.title, startsAt: relation.event.starts_at };
  } catch {
    return null;
  }
}

type Mark = 'proposal_supports' | 'proposal_volunteers';

/** Adds or takes back the actor's mark; the count on the proposal is recounted in the same transaction. */
async function setMark(db: DB, actor: Actor | null, postId: string, table: Mark, on: boolean): Promise<ProposalRelation> {
  const member = requireMember(actor);
  const relation = await findProposal(db, member, postId);
  // Giving needs an open proposal one may take part in; taking one's own back is always possible.
  if (on) assertOnProposal(member, 'support', relation);
  await db.transaction().execute(async (tx) => {
    // The proposal's row is locked first, so two marks committed at once recount one after the
    // other; without it each recount could miss the other's row (PostgreSQL, read committed).
    await forUpdate(tx, tx.selectFrom('proposals').select('post_id').where('post_id', '=', postId)).execute();
    if (!on) {
      await tx.deleteFrom(table).where('post_id', '=', postId).where('user_id', '=', member.id).execute();
    } else {
      const limit = relation.home.community.proposal_support_limit;
      if (table === 'proposal_supports' && limit !== null) {
        // The member's row is locked too, so that two supports to different proposals sent at once
        // cannot both pass the limit.
        await forUpdate(tx, tx.selectFrom('users').select('id').where('id', '=', member.id)).execute();
        const already = await tx.selectFrom(table).select('user_id').where('post_id', '=', postId).where('user_id', '=', member.id).executeTakeFirst();
        if (!already && (await openSupportsOf(tx, member.id, relation.home.community.id)) >= limit) throw conflict('proposals.errors.support_limit');
      }
      await tx.insertInto(table).values({ post_id: postId, user_id: member.id, created_at: now() }).onConflict((oc) => oc.doNothing()).execute();
    }
    const count = tx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('post_id', '=', postId);
    await tx
      .updateTable('proposals')
      .set(table === 'proposal_supports' ? { support_count: count } : { volunteer_count: count })
      .where('post_id', '=', postId)
      .execute();
  });
  return relation;
}

export const setSupport = (db: DB, actor: Actor | null, postId: string, on: boolean) => setMark(db, actor, postId, 'proposal_supports', on).then(() => undefined);
export const setVolunteer = (db: DB, actor: Actor | null, postId: string, on: boolean) => setMark(db, actor, postId, 'proposal_volunteers', on).then(() => undefined);

export const decisionSchema = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('planned'),
    eventId: z.string().trim().max(64).optional().describe('The event made of it, hosted by its community')
  }),
  z.strictObject({
    status: z.literal('declined'),
    reason: z.string().trim().min(1, 'proposals.errors.reason_required').max(proposalLimits.reasonMax, 'proposals.errors.reason_too_long').describe('Why, told to the proposer')
  }),
  z.strictObject({ status: z.literal('open') })
], { error: 'proposals.errors.bad_status' });
export type DecisionInput = z.input<typeof decisionSchema>;

/** Writes a decision in the caller's transaction; a change to planned or declined is told to those concerned. */
async function writeDecision(tx: Executor, member: Actor, relation: ProposalRelation, decision: Decision): Promise<void> {
  const at = now();
  await tx
    .updateTable('proposals')
    .set({
      status: decision.status,
      decision_reason: decision.status === 'declined' ? decision.reason : null,
      event_id: decision.status === 'planned' ? decision.eventId : null,
      decided_by: decision.status === 'open' ? null : member.id,
      decided_at: decision.status === 'open' ? null : at
    })
    .where('post_id', '=', relation.proposal.post_id)
    .execute();
  if (decision.status !== 'open' && decision.status !== relation.proposal.status) {
    await record(tx, { kind: 'proposal.decided', actorId: member.id, communityId: relation.home.community.id, postId: relation.proposal.post_id, payload: { status: decision.status, title: relation.post.title } });
  }
}

type Decision = { status: 'planned'; eventId: string | null } | { status: 'declined'; reason: string } | { status: 'open' };

/**
 * The animators' decision: planned (with the event made of it, which its community must host),
 * declined with a reason, or open again. The proposer and the volunteers are told of a decision.
 */
export async function decideProposal(db: DB, actor: Actor | null, postId: string, raw: DecisionInput): Promise<void> {
  const member = requireMember(actor);
  const input = decisionSchema.parse(raw);
  const relation = await findProposal(db, member, postId);
  assertOnProposal(member, 'decide', relation);
  let decision: Decision = input.status === 'planned' ? { status: 'planned', eventId: null } : input;
  if (input.status === 'planned' && input.eventId) {
    const event = await findEvent(db, member, input.eventId).catch(() => null);
    const hosted = event?.hosts.some((h) => h.community.id === relation.home.community.id);
    if (!event || !hosted) throw invalid([{ path: 'eventId', message: 'proposals.errors.event_elsewhere' }]);
    decision = { status: 'planned', eventId: event.event.id };
  }
  await db.transaction().execute((tx) => writeDecision(tx, member, relation, decision));
}

/**
 * For an event made from a proposal: checks, before the event is written, that the actor may decide
 * it and that its community is among the hosts; the returned function marks it planned in the
 * event's own transaction, so the event and the decision are written together or not at all.
 */
export async function planFromProposal(db: DB, member: Actor, postId: string, hostIds: string[]): Promise<(tx: Executor, eventId: string) => Promise<void>> {
  const relation = await findProposal(db, member, postId).catch(() => {
    throw invalid([{ path: 'proposal', message: 'proposals.errors.not_a_proposal' }]);
  });
  assertOnProposal(member, 'decide', relation);
  if (!hostIds.includes(relation.home.community.id)) throw invalid([{ path: 'proposal', message: 'proposals.errors.event_elsewhere' }]);
  return (tx, eventId) => writeDecision(tx, member, relation, { status: 'planned', eventId });
}

export const supportLimitSchema = z.strictObject({
  limit: z.number().int().min(1, 'proposals.errors.bad_limit').max(proposalLimits.supportLimitMax, 'proposals.errors.bad_limit').nullable().describe('Open proposals each member may support at once; null for as many as they like')
});

/** How many open proposals each member may support at once in this community (null: no limit). */
export async function setSupportLimit(db: DB, actor: Actor | null, slug: string, raw: z.input<typeof supportLimitSchema>): Promise<void> {
  const member = requireMember(actor);
  const input = supportLimitSchema.parse(raw);
  const relation = await findCommunity(db, member, slug);
  assertCan(member, 'manage', relation);
  await db.updateTable('communities').set({ proposal_support_limit: input.limit, updated_at: now() }).where('id', '=', relation.community.id).execute();
}

export const listProposalsSchema = pageQuery.extend({
  status: z.enum(proposalStatuses).default('open').describe('Open ones by default'),
  order: z.enum(['support', 'newest']).default('support').describe('Most supported first, or newest first')
});

export type ProposalSummary = {
  postId: string;
  title: string;
  target: ProposalTarget;
  status: ProposalStatus;
  supportCount: number;
  volunteerCount: number;
  commentCount: number;
  author: { id: string; name: string } | null;
  createdAt: number;
  decisionReason: string | null;
  eventId: string | null;
  /** Whether the viewer supports it. */
  supported: boolean;
};

/** The proposals made to a community, most supported (or newest) first, a page at a time. */
export async function listProposals(db: DB, actor: Actor | null, slug: string, raw: z.input<typeof listProposalsSchema> = {}): Promise<Page<ProposalSummary>> {
  const input = listProposalsSchema.parse(raw);
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'read_content', relation);
  const q = db
    .selectFrom('proposals')
    .innerJoin('posts', 'posts.id', 'proposals.post_id')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select([
      'proposals.post_id',
      'posts.title',
      'proposals.target',
      'proposals.status',
      'proposals.support_count',
      'proposals.volunteer_count',
      'posts.comment_count',
      'posts.author_id',
      'users.name as author_name',
      'posts.created_at',
      'proposals.decision_reason',
      'proposals.event_id'
    ])
    .where('posts.community_id', '=', relation.community.id)
    .where('posts.deleted_at', 'is', null)
    .where('proposals.status', '=', input.status)
    .where(wherePostReadableBy(actor));
  const keyset = input.order === 'support' ? ['proposals.support_count', 'posts.created_at', 'proposals.post_id'] : ['posts.created_at', 'proposals.post_id'];
  const page = await paginate(q, { columns: keyset, direction: 'desc' }, input);
  const ids = page.items.map((p) => p.post_id);
  const mine = actor && ids.length ? new Set((await db.selectFrom('proposal_supports').select('post_id').where('user_id', '=', actor.id).where('post_id', 'in', ids).execute()).map((r) => r.post_id)) : new Set<string>();
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((p) => ({
      postId: p.post_id,
      title: p.title,
      target: p.target,
      status: p.status,
      supportCount: p.support_count,
      volunteerCount: p.volunteer_count,
      commentCount: p.comment_count,
      author: p.author_id && p.author_name ? { id: p.author_id, name: p.author_name } : null,
      createdAt: Number(p.created_at),
      decisionReason: p.decision_reason,
      eventId: p.event_id,
      supported: mine.has(p.post_id)
    }))
  };
}

/** The activities a proposal may be linked to: its community's coming ones (and those of the last week). */
export async function eventsToLink(db: DB, actor: Actor | null, relation: ProposalRelation): Promise<{ id: string; title: string; startsAt: number }[]> {
  if (!canOnProposal(actor, 'decide', relation)) return [];
  const rows = await db
    .selectFrom('events')
    .innerJoin('event_communities', 'event_communities.event_id', 'events.id')
    .select(['events.id', 'events.title', 'events.starts_at'])
    .where('event_communities.community_id', '=', relation.home.community.id)
    .where('events.status', '=', 'scheduled')
    .where('events.starts_at', '>=', now() - 7 * 24 * 3600 * 1000)
    .where(whereEventVisibleTo(actor))
    .orderBy('events.starts_at')
    .limit(30)
    .execute();
  return rows.map((e) => ({ id: e.id, title: e.title, startsAt: Number(e.starts_at) }));
}

/** The community's limit of open supports per member, and how many the actor has left (null: no limit). */
async function allowanceIn(db: DB, actor: Actor | null, community: Pick<Community, 'id' | 'proposal_support_limit'>): Promise<{ limit: number | null; left: number | null }> {
  const limit = community.proposal_support_limit;
  if (limit === null || !actor) return { limit, left: null };
  return { limit, left: Math.max(0, limit - (await openSupportsOf(db, actor.id, community.id))) };
}

/** The same, for a community's list of proposals. */
export async function supportAllowance(db: DB, actor: Actor | null, slug: string): Promise<{ limit: number | null; left: number | null }> {
  return allowanceIn(db, actor, (await findCommunity(db, actor, slug)).community);
}

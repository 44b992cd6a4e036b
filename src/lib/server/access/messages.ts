// Who may write to whom, and who may read a conversation. A member may start a conversation with
// someone who shares an active community with them, or who accepts messages from any member; never
// when either has blocked the other. A conversation is read by its members only (those who left, up
// to when they left); to anyone else, administrators included, it does not exist.
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Executor } from '../jobs/queue';
import type { Database } from '../db/schema';
import { forbidden, notFound } from '../errors';

export type ConversationAction = 'read' | 'post';

/** The actor's place in a conversation: current (may post) or gone since `leftAt` (reads until then). */
export type ConversationRelation = { joinedAt: number; leftAt: number | null; lastReadAt: number | null };

/** True when either member has blocked the other; callers never say which. */
export async function isBlockedBetween(db: Executor, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom('member_blocks')
    .select('user_id')
    .where((eb) =>
      eb.or([
        eb.and([eb('user_id', '=', a), eb('blocked_id', '=', b)]),
        eb.and([eb('user_id', '=', b), eb('blocked_id', '=', a)])
      ])
    )
    .executeTakeFirst();
  return Boolean(row);
}

/** Both are active members of a community that is not waiting for approval. */
export async function shareActiveCommunity(db: Executor, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships as mine')
    .innerJoin('memberships as theirs', 'theirs.community_id', 'mine.community_id')
    .innerJoin('communities', 'communities.id', 'mine.community_id')
    .select('mine.id')
    .where('mine.user_id', '=', a)
    .where('mine.status', '=', 'active')
    .where('theirs.user_id', '=', b)
    .where('theirs.status', '=', 'active')
    .where('communities.status', '!=', 'pending')
    .executeTakeFirst();
  return Boolean(row);
}

/** May `sender` start a conversation with `recipientId`? */
export async function mayWriteTo(db: Executor, sender: Actor, recipientId: string): Promise<boolean> {
  if (sender.id === recipientId) return false;
  if (await isBlockedBetween(db, sender.id, recipientId)) return false;
  const profile = await db.selectFrom('profiles').select('messages_from').where('user_id', '=', recipientId).executeTakeFirst();
  if (profile?.messages_from === 'anyone') return true;
  return shareActiveCommunity(db, sender.id, recipientId);
}

/** The actor's membership of a conversation, or not found (whether it exists or not). */
export async function conversationRelation(db: Executor, actor: Actor, conversationId: string): Promise<ConversationRelation> {
  const row = await db
    .selectFrom('conversation_members')
    .select(['joined_at', 'left_at', 'last_read_at'])
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', actor.id)
    .executeTakeFirst();
  if (!row) throw notFound();
  return { joinedAt: row.joined_at, leftAt: row.left_at, lastReadAt: row.last_read_at };
}

/** Reading needs membership, past or present; posting needs a current one. */
export async function assertOnConversation(db: Executor, actor: Actor, conversationId: string, action: ConversationAction): Promise<ConversationRelation> {
  const relation = await conversationRelation(db, actor, conversationId);
  if (action === 'post' && relation.leftAt !== null) throw forbidden('messages.errors.left');
  return relation;
}

/** The SQL form of reading: conversations the actor belongs to or belonged to. */
export function whereConversationReadableBy(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'conversations'>) =>
    eb.exists(
      eb
        .selectFrom('conversation_members as cm')
        .select('cm.user_id')
        .whereRef('cm.conversation_id', '=', 'conversations.id')
        .where('cm.user_id', '=', actor.id)
    );
}

/**
 * Messages that reach `viewerId`: not deleted, and not written by someone the viewer had blocked
 * by then (a blocked member's new messages never reach the one who blocked them).
 */
export function whereMessageReaches(viewerId: string) {
  return (eb: ExpressionBuilder<Database, 'messages'>) =>
    eb.and([
      eb('messages.deleted_at', 'is', null),
      eb.not(
        eb.exists(
          eb
            .selectFrom('member_blocks as mb')
            .select('mb.user_id')
            .where('mb.user_id', '=', viewerId)
            .whereRef('mb.blocked_id', '=', 'messages.author_id')
            .whereRef('mb.created_at', '<=', 'messages.created_at')
        )
      )
    ]);
}

/** The SQL form of reading one message: it reaches the viewer and, for a member who left, came before. */
export function whereMessageReadable(viewerId: string, leftAt: number | null) {
  return (eb: ExpressionBuilder<Database, 'messages'>) =>
    leftAt === null ? whereMessageReaches(viewerId)(eb) : eb.and([whereMessageReaches(viewerId)(eb), eb('messages.created_at', '<=', leftAt)]);
}

/**
 * The actor may read this message of the conversation (and so its files): a member, past or
 * present, to whom it reaches. Anyone else, and a message after they left, is not found.
 */
export async function assertMayReadMessage(db: Executor, actor: Actor, conversationId: string, messageId: string): Promise<void> {
  const relation = await conversationRelation(db, actor, conversationId);
  const row = await db
    .selectFrom('messages')
    .select('messages.id')
    .where('messages.id', '=', messageId)
    .where('messages.conversation_id', '=', conversationId)
    .where(whereMessageReadable(actor.id, relation.leftAt))
    .executeTakeFirst();
  if (!row) throw notFound();
}

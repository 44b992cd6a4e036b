// Private conversations between members: one-to-one or a small group. Starting one checks that the
// author may write to each recipient (lib/server/access/messages.ts); a message reaches every
// current member who has not blocked its author, in the app (a notification written in the same
// transaction) and, for those who chose it, forwarded by email. Files may come with it (attachments.ts).
import { sql, type Transaction } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Database } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { assertOnConversation, isBlockedBetween, mayWriteTo, requireMember, whereMessageReaches } from '../access';
import { whereMessageReadable } from '../access/messages';
import { paginate, pageLimits, type Page, type PageQuery } from '../api/pagination';
import { forbidden, invalid } from '../errors';
import { newId, now } from '../ids';
import { renderMarkdown } from '../markdown';
import { notify } from '../notifications/notify';
import { announce } from '../notifications/live';
import { wantsEmail } from '../preferences';
import { attachmentsOf, prepareMessageFiles, recordMessageFiles, withStoredFiles, type AttachmentView, type StoredFile, type UploadedFile } from './attachments';
import { forwardByEmail } from './forward';
import {
  postMessageSchema,
  postMessageWithFilesSchema,
  startConversationSchema,
  startConversationWithFilesSchema,
  type PostMessage,
  type StartConversation
} from './schemas';
import { indexMessage } from '../search/documents';

export type Person = { handle: string | null; name: string };
export type Participant = Person & { me: boolean; left: boolean };
export type MessageView = { id: string; author: Person | null; mine: boolean; body: string; bodyHtml: string; createdAt: number; attachments: AttachmentView[] };
export type ConversationCard = {
  id: string;
  subject: string | null;
  /** The others, in the order they joined. */
  others: Participant[];
  lastMessageAt: number;
  /** The start of the last message the actor may read, as plain text. */
  excerpt: string | null;
  unread: boolean;
  left: boolean;
};
export type ConversationView = {
  id: string;
  subject: string | null;
  createdAt: number;
  participants: Participant[];
  viewer: { canPost: boolean; leftAt: number | null };
  /** Newest first; `nextCursor` leads to older messages. */
  messages: Page<MessageView>;
};

const excerptLength = 140;

/** The one-to-one conversation both are still in, if there is one. */
async function findOneToOne(db: Executor, a: string, b: string): Promise<string | null> {
  const row = await db
    .selectFrom('conversation_members as mine')
    .innerJoin('conversation_members as theirs', 'theirs.conversation_id', 'mine.conversation_id')
    .select('mine.conversation_id')
    .where('mine.user_id', '=', a)
    .where('mine.left_at', 'is', null)
    .where('theirs.user_id', '=', b)
    .where('theirs.left_at', 'is', null)
    .where((eb) =>
      eb(
        eb.selectFrom('conversation_members as everyone').select((inner) => inner.fn.countAll<number>().as('n')).whereRef('everyone.conversation_id', '=', 'mine.conversation_id'),
        '=',
        2
      )
    )
    .executeTakeFirst();
  return row?.conversation_id ?? null;
}

async function isOneToOne(db: Executor, conversationId: string): Promise<string[] | null> {
  const members = await db.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', conversationId).execute();
  return members.length === 2 ? members.map((m) => m.user_id) : null;
}

/**
 * Starts a conversation with the members named by handle and posts its first message; a message
 * to one member goes into the one-to-one conversation the two already have, if any.
 */
export async function startConversation(db: DB, actor: Actor | null, raw: StartConversation, files: UploadedFile[] = []): Promise<{ id: string }> {
  const member = requireMember(actor);
  // The text may be left out only when files come with it.
  const input = (files.length > 0 ? startConversationWithFilesSchema : startConversationSchema).parse(raw);
  const handles = [...new Set(input.to)];
  const found = await db.selectFrom('profiles').select(['user_id', 'handle']).where('handle', 'in', handles).execute();
  if (found.length < handles.length) throw invalid([{ path: 'to', message: 'messages.errors.unknown_member' }]);
  const others = found.map((row) => row.user_id).filter((id) => id !== member.id);
  if (others.length === 0) throw invalid([{ path: 'to', message: 'messages.errors.not_yourself' }]);
  for (const id of others) {
    // The same words whatever the reason: a block is never revealed, nor who made it.
    if (!(await mayWriteTo(db, member, id))) throw forbidden(others.length === 1 ? 'messages.errors.cannot_write' : 'messages.errors.cannot_write_group');
  }
  const prepared = await prepareMessageFiles(files);
  const written = await withStoredFiles(prepared, (stored) => db.transaction().execute(async (trx) => {
    let id = others.length === 1 ? await findOneToOne(trx, member.id, others[0] as string) : null;
    if (!id) {
      id = newId();
      const at = now();
      await trx.insertInto('conversations').values({ id, created_by: member.id, subject: input.subject, created_at: at, last_message_at: at }).execute();
      await trx
        .insertInto('conversation_members')
        .values([member.id, ...others].map((userId) => ({ conversation_id: id as string, user_id: userId, joined_at: at, left_at: null, last_read_at: null })))
        .execute();
    }
    return { id, told: (await writeMessage(trx, member, id, input.body, stored)).told };
  }));
  await announce(db, written.told);
  return { id: written.id };
}

/** A reply from a current member. In a one-to-one conversation, a block either way stops it. */
export async function postMessage(db: DB, actor: Actor | null, conversationId: string, raw: PostMessage, files: UploadedFile[] = []): Promise<{ id: string }> {
  const member = requireMember(actor);
  await assertOnConversation(db, member, conversationId, 'post');
  const input = (files.length > 0 ? postMessageWithFilesSchema : postMessageSchema).parse(raw);
  const pair = await isOneToOne(db, conversationId);
  const other = pair?.find((id) => id !== member.id);
  if (other && (await isBlockedBetween(db, member.id, other))) throw forbidden('messages.errors.cannot_write');
  const prepared = await prepareMessageFiles(files);
  const written = await withStoredFiles(prepared, (stored) => db.transaction().execute((trx) => writeMessage(trx, member, conversationId, input.body, stored)));
  await announce(db, written.told);
  return { id: written.id };
}

/** Writes the message and tells its recipients; returns who was told, to announce once committed. */
async function writeMessage(trx: Transaction<Database>, author: Actor, conversationId: string, body: string, files: StoredFile[]): Promise<{ id: string; told: string[] }> {
  const id = newId();
  const at = now();
  await trx
    .insertInto('messages')
    .values({ id, conversation_id: conversationId, author_id: author.id, body, body_html: renderMarkdown(body).html, created_at: at, deleted_at: null })
    .execute();
  await recordMessageFiles(trx, id, author.id, files);
  await indexMessage(trx, id);
  await trx.updateTable('conversations').set({ last_message_at: at }).where('id', '=', conversationId).execute();
  await trx.updateTable('conversation_members').set({ last_read_at: at }).where('conversation_id', '=', conversationId).where('user_id', '=', author.id).execute();

  const conversation = await trx.selectFrom('conversations').select('subject').where('id', '=', conversationId).executeTakeFirstOrThrow();
  const recipients = await trx
    .selectFrom('conversation_members as cm')
    .innerJoin('users', 'users.id', 'cm.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.locale', 'users.email_verified'])
    .where('cm.conversation_id', '=', conversationId)
    .where('cm.user_id', '!=', author.id)
    .where('cm.left_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('member_blocks').select('user_id').whereRef('member_blocks.user_id', '=', 'cm.user_id').where('member_blocks.blocked_id', '=', author.id))))
    .execute();
  for (const recipient of recipients) {
    await notify(trx, {
      userId: recipient.id,
      kind: 'private_message',
      groupKey: `message:${conversationId}`,
      actorId: author.id,
      conversationId,
      // No words of the message in the notification: the conversation is read through access.
      sourceId: id
    });
    // Never to an address its owner has not confirmed.
    if (recipient.email_verified && (await wantsEmail(trx, recipient.id, 'private_message'))) {
      await forwardByEmail(trx, { conversationId, subject: conversation.subject, authorName: author.name, body, fileNames: files.map((f) => f.fileName), recipient });
    }
  }
  return { id, told: recipients.map((r) => r.id) };
}

function plainExcerpt(body: string, fileNames: string[] = []): string {
  // A message of files alone is told by their names.
  const flat = (body.trim() === '' && fileNames.length > 0 ? `📎 ${fileNames.join(', ')}` : body).replace(/\s+/g, ' ').trim();
  return flat.length > excerptLength ? `${flat.slice(0, excerptLength - 1)}…` : flat;
}

async function participantsOf(db: Executor, actor: Actor, conversationIds: string[]): Promise<Map<string, Participant[]>> {
  const byConversation = new Map<string, Participant[]>();
  if (conversationIds.length === 0) return byConversation;
  const rows = await db
    .selectFrom('conversation_members as cm')
    .innerJoin('users', 'users.id', 'cm.user_id')
    .leftJoin('profiles', 'profiles.user_id', 'cm.user_id')
    .select(['cm.conversation_id', 'cm.user_id', 'cm.left_at', 'users.name', 'profiles.handle'])
    .where('cm.conversation_id', 'in', conversationIds)
    .orderBy('cm.joined_at')
    .orderBy('users.name')
    .execute();
  for (const row of rows) {
    const list = byConversation.get(row.conversation_id) ?? [];
    list.push({ handle: row.handle, name: row.name, me: row.user_id === actor.id, left: row.left_at !== null });
    byConversation.set(row.conversation_id, list);
  }
  return byConversation;
}

/** The actor's conversations, the most recently active first. */
export async function listConversations(db: DB, actor: Actor | null, page: PageQuery = { limit: pageLimits.default }): Promise<Page<ConversationCard>> {
  const member = requireMember(actor);
  const rows = await paginate(
    db
      .selectFrom('conversations')
      .innerJoin('conversation_members as me', (join) => join.onRef('me.conversation_id', '=', 'conversations.id').on('me.user_id', '=', member.id))
      .select(['conversations.id', 'conversations.subject', 'conversations.last_message_at', 'me.left_at', 'me.last_read_at']),
    { columns: ['conversations.last_message_at', 'conversations.id'], direction: 'desc' },
    page
  );
  const participants = await participantsOf(db, member, rows.items.map((row) => row.id));
  const items: ConversationCard[] = [];
  for (const row of rows.items) {
    const last = await visibleMessages(db, member.id, row.id, row.left_at).select(['messages.id', 'messages.body', 'messages.author_id', 'messages.created_at']).orderBy('messages.created_at', 'desc').orderBy('messages.id', 'desc').executeTakeFirst();
    const fileNames = last && last.body.trim() === '' ? ((await attachmentsOf(db, row.id, [last.id])).get(last.id) ?? []).map((a) => a.fileName) : [];
    items.push({
      id: row.id,
      subject: row.subject,
      others: (participants.get(row.id) ?? []).filter((p) => !p.me),
      lastMessageAt: last?.created_at ?? row.last_message_at,
      excerpt: last ? plainExcerpt(last.body, fileNames) : null,
      unread: row.left_at === null && last !== undefined && last.author_id !== member.id && last.created_at > (row.last_read_at ?? 0),
      left: row.left_at !== null
    });
  }
  return { items, nextCursor: rows.nextCursor };
}

/** The messages `viewerId` may read in a conversation: up to when they left, none from those they blocked. */
function visibleMessages(db: Executor, viewerId: string, conversationId: string, leftAt: number | null) {
  return db.selectFrom('messages').where('messages.conversation_id', '=', conversationId).where(whereMessageReadable(viewerId, leftAt));
}

/** A conversation with a page of its messages (newest first). Reading it does not mark it read: see markRead. */
export async function readConversation(db: DB, actor: Actor | null, conversationId: string, page: PageQuery = { limit: pageLimits.default }): Promise<ConversationView> {
  const member = requireMember(actor);
  const relation = await assertOnConversation(db, member, conversationId, 'read');
  const conversation = await db.selectFrom('conversations').select(['id', 'subject', 'created_at']).where('id', '=', conversationId).executeTakeFirstOrThrow();
  const messages = await paginate(
    visibleMessages(db, member.id, conversationId, relation.leftAt)
      .leftJoin('users', 'users.id', 'messages.author_id')
      .leftJoin('profiles', 'profiles.user_id', 'messages.author_id')
      .select(['messages.id', 'messages.author_id', 'messages.body', 'messages.body_html', 'messages.created_at', 'users.name', 'profiles.handle']),
    { columns: ['messages.created_at', 'messages.id'], direction: 'desc' },
    page
  );
  const files = await attachmentsOf(db, conversationId, messages.items.map((row) => row.id));
  return {
    id: conversation.id,
    subject: conversation.subject,
    createdAt: conversation.created_at,
    participants: (await participantsOf(db, member, [conversationId])).get(conversationId) ?? [],
    viewer: { canPost: relation.leftAt === null, leftAt: relation.leftAt },
    messages: {
      items: messages.items.map((row) => ({
        id: row.id,
        author: row.name === null ? null : { name: row.name, handle: row.handle },
        mine: row.author_id === member.id,
        body: row.body,
        bodyHtml: row.body_html,
        createdAt: row.created_at,
        attachments: files.get(row.id) ?? []
      })),
      nextCursor: messages.nextCursor
    }
  };
}

/** Opening a conversation marks everything in it read for the actor, its notifications included. */
export async function markRead(db: DB, actor: Actor | null, conversationId: string): Promise<void> {
  const member = requireMember(actor);
  const relation = await assertOnConversation(db, member, conversationId, 'read');
  const at = now();
  if (relation.leftAt === null) {
    await db.updateTable('conversation_members').set({ last_read_at: at }).where('conversation_id', '=', conversationId).where('user_id', '=', member.id).execute();
  }
  const seen = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', member.id)
    .where('kind', '=', 'private_message')
    .where('conversation_id', '=', conversationId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  if (Number(seen.numUpdatedRows) > 0) await announce(db, [member.id]);
}

/** The actor leaves: they keep reading what came before, and nothing after reaches them. */
export async function leaveConversation(db: DB, actor: Actor | null, conversationId: string): Promise<void> {
  const member = requireMember(actor);
  const relation = await assertOnConversation(db, member, conversationId, 'read');
  if (relation.leftAt !== null) return;
  await db
    .updateTable('conversation_members')
    .set({ left_at: now() })
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', member.id)
    .execute();
}

/** How many of the actor's conversations hold a message from someone else they have not read. */
export async function unreadConversations(db: Executor, actor: Actor | null): Promise<number> {
  if (!actor) return 0;
  const row = await db
    .selectFrom('conversation_members as cm')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cm.user_id', '=', actor.id)
    .where('cm.left_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('messages')
          .select('messages.id')
          .whereRef('messages.conversation_id', '=', 'cm.conversation_id')
          .where('messages.author_id', '!=', actor.id)
          .where('messages.created_at', '>', sql<number>`coalesce(${sql.ref('cm.last_read_at')}, 0)`)
          .where(whereMessageReaches(actor.id))
      )
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

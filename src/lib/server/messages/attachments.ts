// Files attached to a private message, handled as a publication's are (checked and re-encoded before
// anything is written, stored, then recorded with the message; removed again if that fails), and
// read only by those who may read the message itself (lib/server/access/messages.ts).
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { MessageAttachment } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { assertMayReadMessage } from '../access/messages';
import { invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { storage } from '../storage';
import { attachmentView, prepareFiles, storedColumns, type AttachmentView, type StoredFile, type UploadedFile } from '../posts/attachments';
export { withStoredFiles } from '../posts/attachments';
import { limits } from '../../shared/limits';

export type { AttachmentView, StoredFile, UploadedFile };

/** Checks every file first (count, type, size, pixels): a bad one refuses the message, nothing stored. */
export async function prepareMessageFiles(files: UploadedFile[]) {
  if (files.length > limits.attachmentsMax) throw invalid([{ path: 'attachments', message: 'messages.attachments.too_many' }]);
  return prepareFiles(files);
}

export async function recordMessageFiles(db: Executor, messageId: string, uploaderId: string, files: StoredFile[]): Promise<void> {
  if (files.length === 0) return;
  const at = now();
  await db
    .insertInto('message_attachments')
    .values(
      files.map((file) => ({ id: newId(), message_id: messageId, uploader_id: uploaderId, ...storedColumns(file), created_at: at }))
    )
    .execute();
}

export function presentMessageAttachment(conversationId: string, row: MessageAttachment): AttachmentView {
  return attachmentView(row, `/messages/${conversationId}/files/${row.id}`);
}

/** The files of a page of messages, in one query; the caller has already decided the messages are readable. */
export async function attachmentsOf(db: Executor, conversationId: string, messageIds: string[]): Promise<Map<string, AttachmentView[]>> {
  const byMessage = new Map<string, AttachmentView[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db.selectFrom('message_attachments').selectAll().where('message_id', 'in', messageIds).orderBy('created_at').orderBy('id').execute();
  for (const row of rows) {
    const list = byMessage.get(row.message_id) ?? [];
    list.push(presentMessageAttachment(conversationId, row));
    byMessage.set(row.message_id, list);
  }
  return byMessage;
}

/** An attached file's bytes, for whoever may read its message; anyone else learns nothing. */
export async function readMessageAttachment(
  db: DB,
  actor: Actor | null,
  conversationId: string,
  attachmentId: string
): Promise<{ attachment: MessageAttachment; bytes: Buffer }> {
  if (!actor) throw notFound();
  const attachment = await db
    .selectFrom('message_attachments')
    .innerJoin('messages', 'messages.id', 'message_attachments.message_id')
    .selectAll('message_attachments')
    .where('message_attachments.id', '=', attachmentId)
    .where('messages.conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (!attachment) throw notFound();
  await assertMayReadMessage(db, actor, conversationId, attachment.message_id);
  const bytes = await storage().get(attachment.storage_key);
  if (!bytes) throw notFound();
  return { attachment, bytes };
}

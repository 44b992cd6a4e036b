// Files attached to a publication: every file is checked and re-encoded before anything is written,
// stored under a key Ruche makes, and recorded in the same transaction as the publication; if that
// transaction fails, the stored files go again. Downloads are decided by the publication's rules.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Attachment } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { findPost } from '../access';
import { config } from '../config';
import { invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { newKey, storage } from '../storage';
import { prepareAttachment, type PreparedAttachment } from '../attachments/prepare';
import { limits } from '../../shared/limits';

export type UploadedFile = { bytes: Uint8Array; fileName: string };
export type StoredFile = PreparedAttachment & { key: string };

/** Checks every file first (type, size, pixels), so a bad one refuses the lot and nothing is stored. */
export async function prepareFiles(files: UploadedFile[], already = 0): Promise<PreparedAttachment[]> {
  if (files.length + already > limits.attachmentsMax) throw invalid([{ path: 'attachments', message: 'attachments.errors.too_many' }]);
  const prepared: PreparedAttachment[] = [];
  for (const file of files) {
    prepared.push(await prepareAttachment({ bytes: file.bytes, fileName: file.fileName, maxBytes: config().uploadMaxBytes, field: 'attachments' }));
  }
  return prepared;
}

export async function storeFiles(prepared: PreparedAttachment[]): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  try {
    for (const file of prepared) {
      const key = newKey('attachments', file.extension);
      await storage().put(key, file.bytes);
      stored.push({ ...file, key });
    }
  } catch (error) {
    await discardFiles(stored);
    throw error;
  }
  return stored;
}

export async function discardFiles(files: { key: string }[]): Promise<void> {
  for (const file of files) await storage().delete(file.key);
}

/** Stores the files, then runs `write` (the transaction that records them); if it fails they go again. */
export async function withStoredFiles<T>(prepared: PreparedAttachment[], write: (stored: StoredFile[]) => Promise<T>): Promise<T> {
  const stored = await storeFiles(prepared);
  try {
    return await write(stored);
  } catch (error) {
    await discardFiles(stored);
    throw error;
  }
}

/** The columns a stored file fills, in a publication's or a message's table of files. */
export function storedColumns(file: StoredFile) {
  return { storage_key: file.key, file_name: file.fileName, mime: file.mime, kind: file.kind, size: file.size, width: file.width, height: file.height };
}

export async function recordFiles(db: Executor, postId: string, uploaderId: string, files: StoredFile[]): Promise<void> {
  for (const file of files) {
    await db
      .insertInto('attachments')
      .values({ id: newId(), post_id: postId, uploader_id: uploaderId, ...storedColumns(file), created_at: now() })
      .execute();
  }
}

/** An attachment's bytes, for whoever may read its publication; anyone else learns nothing. */
export async function readAttachment(db: DB, actor: Actor | null, postId: string, attachmentId: string): Promise<{ attachment: Attachment; bytes: Buffer }> {
  const { post } = await findPost(db, actor, postId);
  if (post.deleted_at !== null) throw notFound();
  const attachment = await db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', attachmentId)
    .where('post_id', '=', postId)
    .executeTakeFirst();
  if (!attachment) throw notFound();
  const bytes = await storage().get(attachment.storage_key);
  if (!bytes) throw notFound();
  return { attachment, bytes };
}

export type AttachmentView = { id: string; fileName: string; mime: string; kind: 'image' | 'file'; size: number; width: number | null; height: number | null; url: string };

/** A stored file as readers see it, downloaded from `url` (its publication's or its message's route). */
export function attachmentView(row: Pick<Attachment, 'id' | 'file_name' | 'mime' | 'kind' | 'size' | 'width' | 'height'>, url: string): AttachmentView {
  return { id: row.id, fileName: row.file_name, mime: row.mime, kind: row.kind, size: row.size, width: row.width, height: row.height, url };
}

export function presentAttachment(postId: string, row: Attachment): AttachmentView {
  return attachmentView(row, `/p/${postId}/files/${row.id}`);
}

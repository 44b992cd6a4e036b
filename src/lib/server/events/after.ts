// After an event: its organisers mark who came and attach materials (slides, a recording link).
// Participants' feedback is on the forms engine (feedback.ts).
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { assertOnEvent, findEvent, requireMember } from '../access';
import { invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { config } from '../config';
import { prepareAttachment } from '../attachments/prepare';
import { newKey, storage } from '../storage';

/** Marks whether a registered participant came (true, false, or null to unmark). */
export async function markAttendance(db: DB, actor: Actor | null, eventId: string, userId: string, attended: boolean | null): Promise<void> {
  const relation = await findEvent(db, requireMember(actor), eventId);
  assertOnEvent(actor, 'manage', relation);
  const result = await db
    .updateTable('registrations')
    .set({ attended: attended === null ? null : attended ? 1 : 0, updated_at: now() })
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound();
}

/** A link, or a file served at `url` (/e/{id}/materials/{materialId}) to whoever may see the event. */
export type Material = { id: string; kind: 'link' | 'file'; title: string; url: string; fileName: string | null; size: number | null };

/** A link to slides, a recording or a resource, shown to whoever may see the event. */
export async function addMaterialLink(db: DB, actor: Actor | null, eventId: string, raw: { title: string; url: string }): Promise<{ id: string }> {
  const member = requireMember(actor);
  const relation = await findEvent(db, member, eventId);
  assertOnEvent(member, 'manage', relation);
  const title = raw.title.trim().slice(0, 200);
  const url = raw.url.trim();
  if (!title) throw invalid([{ path: 'title', message: 'events.errors.material_title' }]);
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw invalid([{ path: 'url', message: 'events.errors.bad_url' }]);
  const id = newId();
  await db.insertInto('event_materials').values({ id, event_id: eventId, kind: 'link', title, url, storage_key: null, file_name: null, mime: null, size: null, created_by: member.id, created_at: now() }).execute();
  return { id };
}

/** A file (slides, a handout): checked and stored like a publication's attachments. */
export async function addMaterialFile(db: DB, actor: Actor | null, eventId: string, raw: { title: string; bytes: Uint8Array; fileName: string }): Promise<{ id: string }> {
  const member = requireMember(actor);
  const relation = await findEvent(db, member, eventId);
  assertOnEvent(member, 'manage', relation);
  const title = raw.title.trim().slice(0, 200) || raw.fileName.trim().slice(0, 200);
  if (!title) throw invalid([{ path: 'title', message: 'events.errors.material_title' }]);
  const file = await prepareAttachment({ bytes: raw.bytes, fileName: raw.fileName, maxBytes: config().uploadMaxBytes, field: 'file' });
  const key = newKey('materials', file.extension);
  await storage().put(key, file.bytes);
  const id = newId();
  try {
    await db
      .insertInto('event_materials')
      .values({ id, event_id: eventId, kind: 'file', title, url: null, storage_key: key, file_name: file.fileName, mime: file.mime, size: file.size, created_by: member.id, created_at: now() })
      .execute();
  } catch (error) {
    await storage().delete(key);
    throw error;
  }
  return { id };
}

/** A material file's bytes, for whoever may see the event; not_found for anyone else. */
export async function readMaterialFile(db: DB, actor: Actor | null, eventId: string, materialId: string): Promise<{ fileName: string; mime: string; bytes: Buffer; id: string }> {
  await findEvent(db, actor, eventId);
  const row = await db.selectFrom('event_materials').selectAll().where('id', '=', materialId).where('event_id', '=', eventId).where('kind', '=', 'file').executeTakeFirst();
  const bytes = row?.storage_key ? await storage().get(row.storage_key) : null;
  if (!row || !bytes) throw notFound();
  return { id: row.id, fileName: row.file_name ?? 'document', mime: row.mime ?? 'application/octet-stream', bytes };
}

export async function removeMaterial(db: DB, actor: Actor | null, eventId: string, materialId: string): Promise<void> {
  const relation = await findEvent(db, requireMember(actor), eventId);
  assertOnEvent(actor, 'manage', relation);
  const row = await db.selectFrom('event_materials').select('storage_key').where('id', '=', materialId).where('event_id', '=', eventId).executeTakeFirst();
  if (!row) throw notFound();
  await db.deleteFrom('event_materials').where('id', '=', materialId).execute();
  if (row.storage_key) await storage().delete(row.storage_key);
}

export async function listMaterials(db: DB, actor: Actor | null, eventId: string): Promise<Material[]> {
  await findEvent(db, actor, eventId);
  const rows = await db.selectFrom('event_materials').select(['id', 'kind', 'title', 'url', 'file_name', 'size']).where('event_id', '=', eventId).orderBy('created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    url: r.kind === 'file' ? `/e/${eventId}/materials/${r.id}` : (r.url ?? ''),
    fileName: r.file_name,
    size: r.size
  }));
}

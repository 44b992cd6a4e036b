// After an event: its organisers mark who came and attach materials (slides, a recording link);
// participants who went rate it (1–5) with a comment, which organisers see in aggregate only.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { assertOnEvent, findEvent, requireMember } from '../access';
import { invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { feedbackSchema, type FeedbackInput } from './schemas';

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

/** The participant's rating and comment; giving it again replaces it. */
export async function giveFeedback(db: DB, actor: Actor | null, eventId: string, raw: FeedbackInput): Promise<void> {
  const member = requireMember(actor);
  const input = feedbackSchema.parse(raw);
  const relation = await findEvent(db, member, eventId);
  assertOnEvent(member, 'give_feedback', relation);
  await db
    .insertInto('event_feedback')
    .values({ event_id: eventId, user_id: member.id, rating: input.rating, comment: input.comment, created_at: now() })
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doUpdateSet({ rating: input.rating, comment: input.comment, created_at: now() }))
    .execute();
}

export type FeedbackSummary = { count: number; average: number | null; ratings: number[]; comments: string[] };

/** For organisers: how many answered, the average, how many gave each note, and the comments without names. */
export async function feedbackSummary(db: DB, actor: Actor | null, eventId: string): Promise<FeedbackSummary> {
  const relation = await findEvent(db, requireMember(actor), eventId);
  assertOnEvent(actor, 'manage', relation);
  const rows = await db.selectFrom('event_feedback').select(['rating', 'comment']).where('event_id', '=', eventId).orderBy('created_at').execute();
  const ratings = [1, 2, 3, 4, 5].map((note) => rows.filter((r) => r.rating === note).length);
  return {
    count: rows.length,
    average: rows.length ? Math.round((rows.reduce((sum, r) => sum + r.rating, 0) / rows.length) * 10) / 10 : null,
    ratings,
    comments: rows.map((r) => r.comment).filter((c): c is string => Boolean(c))
  };
}

export type Material = { id: string; kind: 'link'; title: string; url: string };

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

export async function removeMaterial(db: DB, actor: Actor | null, eventId: string, materialId: string): Promise<void> {
  const relation = await findEvent(db, requireMember(actor), eventId);
  assertOnEvent(actor, 'manage', relation);
  const result = await db.deleteFrom('event_materials').where('id', '=', materialId).where('event_id', '=', eventId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound();
}

export async function listMaterials(db: DB, actor: Actor | null, eventId: string): Promise<Material[]> {
  await findEvent(db, actor, eventId);
  const rows = await db.selectFrom('event_materials').select(['id', 'title', 'url']).where('event_id', '=', eventId).where('kind', '=', 'link').orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, kind: 'link', title: r.title, url: r.url ?? '' }));
}

// Writing resources: create one of five kinds, change it (every save is a revision, and a save based
// on an older revision is refused as a conflict rather than overwriting), restore an old revision as
// a new one, delete it (softly). A collective work may be saved one section at a time: two members
// editing different sections merge without a conflict.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Resource } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { assertCan, assertOnResource, findCommunity, findResource, requireMember, type Relation, type ResourceRelation } from '../access';
import { conflict, invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { enqueueJob } from '../jobs/queue';
import { record } from '../journal';
import { assertPublicUrl, fetchPreview, type LinkPreview } from '../previews';
import { newKey, storage } from '../storage';
import { prepareAttachment, type PreparedAttachment } from '../attachments/prepare';
import { config } from '../config';
import type { CslItem } from '../../shared/library';
import { normaliseDoi } from './citations';
import { prepareNote, replaceLinks } from './content';
import { mergeSectionEdit, replaceSection } from './sections';
import { createResourceSchema, updateResourceSchema, type CreateResourceInput, type UpdateResourceInput } from './schemas';
import { indexResource } from '../search/documents';

export const RESOURCE_PREVIEW_JOB = 'library.link_preview';

export type ResourceAuthor = { userId: string | null; name: string };
export type ResourceFile = { key: string; name: string; mime: string; size: number };

/** Everything a revision keeps: enough to show, compare and restore any earlier state. */
export type ResourceSnapshot = {
  title: string;
  summary: string | null;
  body: string;
  language: 'fr' | 'en';
  licence: string;
  licenceNote: string | null;
  visibility: Resource['visibility'];
  linkUrl: string | null;
  reference: CslItem | null;
  file: ResourceFile | null;
  authors: ResourceAuthor[];
  categories: string[];
};

export type UploadedResourceFile = { bytes: Uint8Array; fileName: string };

/** `@handle` names a member (who must exist); anything else is a person outside the instance. */
async function resolveAuthors(db: Executor, names: string[]): Promise<ResourceAuthor[]> {
  const handles = names.filter((n) => n.startsWith('@')).map((n) => n.slice(1).toLowerCase());
  const rows =
    handles.length === 0
      ? []
      : await db.selectFrom('profiles').innerJoin('users', 'users.id', 'profiles.user_id').select(['profiles.handle', 'users.id', 'users.name']).where('profiles.handle', 'in', handles).execute();
  const byHandle = new Map(rows.map((r) => [r.handle, r]));
  const authors: ResourceAuthor[] = [];
  for (const [index, name] of names.entries()) {
    if (!name.startsWith('@')) {
      authors.push({ userId: null, name });
      continue;
    }
    const member = byHandle.get(name.slice(1).toLowerCase());
    if (!member) throw invalid([{ path: `authors.${index}`, message: 'library.errors.unknown_author' }]);
    if (!authors.some((a) => a.userId === member.id)) authors.push({ userId: member.id, name: member.name });
  }
  return authors;
}

/** The authors a reference names, as people outside the instance. */
export function referenceAuthors(item: CslItem): ResourceAuthor[] {
  return (item.author ?? [])
    .map((person) => person.literal ?? [person.family, person.given].filter(Boolean).join(', '))
    .filter((name) => name.trim() !== '')
    .map((name) => ({ userId: null, name }));
}

/** The communities named by slug, each one the member may share into; those already linked are kept as they are. */
export async function linkedCommunities(db: DB, actor: Actor, slugs: string[], already: Relation[] = []): Promise<Relation[]> {
  const out: Relation[] = [];
  for (const slug of new Set(slugs)) {
    const kept = already.find((r) => r.community.slug === slug);
    if (kept) {
      out.push(kept);
      continue;
    }
    const relation = await findCommunity(db, actor, slug);
    // Linking is sharing: only where one may post.
    assertCan(actor, 'post', relation);
    out.push(relation);
  }
  return out;
}

function checkShape(kind: Resource['kind'], snapshot: ResourceSnapshot, communities: Relation[]): void {
  if (kind === 'link' && !snapshot.linkUrl) throw invalid([{ path: 'linkUrl', message: 'library.errors.link_required' }]);
  if (kind === 'file' && !snapshot.file) throw invalid([{ path: 'file', message: 'library.errors.file_required' }]);
  if (snapshot.visibility === 'communities' && communities.length === 0) throw invalid([{ path: 'visibility', message: 'library.errors.no_community' }]);
  if (snapshot.licence === 'other' && !snapshot.licenceNote) throw invalid([{ path: 'licenceNote', message: 'library.errors.licence_note_required' }]);
}

async function prepareFile(file: UploadedResourceFile | undefined): Promise<PreparedAttachment | null> {
  if (!file) return null;
  return prepareAttachment({ bytes: file.bytes, fileName: file.fileName, maxBytes: config().uploadMaxBytes, field: 'file' });
}

async function storeFile(prepared: PreparedAttachment | null): Promise<ResourceFile | null> {
  if (!prepared) return null;
  const key = newKey('library', prepared.extension);
  await storage().put(key, prepared.bytes);
  return { key, name: prepared.fileName, mime: prepared.mime, size: prepared.size };
}

function columnsOf(snapshot: ResourceSnapshot, html: string) {
  return {
    title: snapshot.title,
    summary: snapshot.summary,
    body: snapshot.body,
    body_html: html,
    language: snapshot.language,
    licence: snapshot.licence,
    licence_note: snapshot.licenceNote,
    visibility: snapshot.visibility,
    link_url: snapshot.linkUrl,
    reference: snapshot.reference ? JSON.stringify(snapshot.reference) : null,
    doi: normaliseDoi(snapshot.reference?.DOI),
    storage_key: snapshot.file?.key ?? null,
    file_name: snapshot.file?.name ?? null,
    mime: snapshot.file?.mime ?? null,
    size: snapshot.file?.size ?? null
  };
}

async function writeSideTables(tx: Executor, id: string, snapshot: ResourceSnapshot, links: string[]): Promise<void> {
  await tx.deleteFrom('resource_authors').where('resource_id', '=', id).execute();
  if (snapshot.authors.length > 0) {
    await tx
      .insertInto('resource_authors')
      .values(snapshot.authors.map((a, position) => ({ resource_id: id, position, user_id: a.userId, name: a.name })))
      .execute();
  }
  await tx.deleteFrom('resource_categories').where('resource_id', '=', id).execute();
  if (snapshot.categories.length > 0) {
    await tx
      .insertInto('resource_categories')
      .values([...new Set(snapshot.categories)].map((category) => ({ resource_id: id, category })))
      .execute();
  }
  await replaceLinks(tx, id, links);
}

async function recordRevision(tx: Executor, id: string, number: number, editorId: string, message: string | null | undefined, snapshot: ResourceSnapshot, at: number) {
  await tx
    .insertInto('resource_revisions')
    .values({ id: newId(), resource_id: id, number, editor_id: editorId, message: message || null, snapshot: JSON.stringify(snapshot), created_at: at })
    .execute();
}

/** Creates a resource; the file (for kind `file`) is checked before anything is written. */
export async function createResource(db: DB, actor: Actor | null, raw: CreateResourceInput, file?: UploadedResourceFile): Promise<{ id: string }> {
  const member = requireMember(actor);
  const input = createResourceSchema.parse(raw);
  const communities = await linkedCommunities(db, member, input.communities);
  const reference = input.kind === 'reference' ? (input.reference ?? (input.title ? { type: 'book', title: input.title } : null)) : null;
  const title = input.title ?? reference?.title;
  if (!title) throw invalid([{ path: 'title', message: 'library.errors.title_required' }]);
  if (input.linkUrl && input.kind === 'link') await assertPublicUrl(input.linkUrl, 'linkUrl');
  const authors = input.authors
    ? await resolveAuthors(db, input.authors)
    : reference
      ? referenceAuthors(reference)
      : [{ userId: member.id, name: member.name }];
  const prepared = input.kind === 'file' ? await prepareFile(file) : null;
  const id = newId();
  const base: ResourceSnapshot = {
    title,
    summary: input.summary || null,
    body: input.body,
    language: input.language ?? member.locale,
    licence: input.licence,
    licenceNote: input.licence === 'other' ? (input.licenceNote ?? null) : null,
    visibility: input.visibility,
    linkUrl: input.kind === 'link' ? (input.linkUrl ?? null) : null,
    reference,
    file: prepared ? { key: '', name: prepared.fileName, mime: prepared.mime, size: prepared.size } : null,
    authors,
    categories: input.categories
  };
  checkShape(input.kind, base, communities);
  const note = await prepareNote(db, input.body, id, input.kind === 'work');
  const stored = await storeFile(prepared);
  const snapshot = { ...base, file: stored };
  const at = now();
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('resources')
        .values({
          id,
          kind: input.kind,
          ...columnsOf(snapshot, note.html),
          link_preview: null,
          revision: 1,
          added_by: member.id,
          applied_count: 0,
          created_at: at,
          updated_at: at,
          deleted_at: null,
          deleted_by: null
        })
        .execute();
      if (communities.length > 0) {
        await tx
          .insertInto('resource_communities')
          .values(communities.map((r, i) => ({ resource_id: id, community_id: r.community.id, created_at: at + i })))
          .execute();
      }
      await writeSideTables(tx, id, snapshot, note.links);
      await recordRevision(tx, id, 1, member.id, input.message, snapshot, at);
      await indexResource(tx, id);
      // For the notifications and digests to come: a new resource, and where it belongs.
      await record(tx, { kind: 'resource.created', actorId: member.id, communityId: communities[0]?.community.id ?? null, payload: { resourceId: id, communities: communities.map((r) => r.community.id) } });
      if (snapshot.linkUrl) await enqueueJob(tx, { kind: RESOURCE_PREVIEW_JOB, payload: { resourceId: id }, maxAttempts: 2 });
    });
  } catch (error) {
    if (stored) await storage().delete(stored.key);
    throw error;
  }
  return { id };
}

export function snapshotOfRow(resource: Resource, authors: ResourceAuthor[], categories: string[]): ResourceSnapshot {
  return {
    title: resource.title,
    summary: resource.summary,
    body: resource.body,
    language: resource.language,
    licence: resource.licence,
    licenceNote: resource.licence_note,
    visibility: resource.visibility,
    linkUrl: resource.link_url,
    reference: resource.reference ? (JSON.parse(resource.reference) as CslItem) : null,
    file: resource.storage_key ? { key: resource.storage_key, name: resource.file_name ?? '', mime: resource.mime ?? 'application/octet-stream', size: resource.size ?? 0 } : null,
    authors,
    categories
  };
}

export async function currentSnapshot(db: Executor, resource: Resource): Promise<ResourceSnapshot> {
  const authors = await db.selectFrom('resource_authors').select(['user_id', 'name']).where('resource_id', '=', resource.id).orderBy('position').execute();
  const categories = await db.selectFrom('resource_categories').select('category').where('resource_id', '=', resource.id).orderBy('category').execute();
  return snapshotOfRow(
    resource,
    authors.map((a) => ({ userId: a.user_id, name: a.name })),
    categories.map((c) => c.category)
  );
}

export async function revisionSnapshot(db: Executor, resourceId: string, number: number): Promise<ResourceSnapshot> {
  const row = await db.selectFrom('resource_revisions').select('snapshot').where('resource_id', '=', resourceId).where('number', '=', number).executeTakeFirst();
  if (!row) throw notFound();
  return JSON.parse(row.snapshot) as ResourceSnapshot;
}

/**
 * Notes linking here with a bare `[[id]]` carry this resource's title only while it is public: when
 * its title or visibility changes, they are rendered again so none keeps a title it may no longer show.
 */
async function refreshLinkingNotes(tx: Executor, id: string): Promise<void> {
  const sources = await tx
    .selectFrom('resource_links')
    .innerJoin('resources', 'resources.id', 'resource_links.source_id')
    .select(['resources.id', 'resources.body', 'resources.kind'])
    .where('resource_links.target_id', '=', id)
    .execute();
  for (const source of sources) {
    const note = await prepareNote(tx, source.body, source.id, source.kind === 'work');
    await tx.updateTable('resources').set({ body_html: note.html }).where('id', '=', source.id).execute();
  }
}

/** Saves a new state as revision N+1, provided nobody saved since the revision it started from. */
async function saveRevision(db: DB, member: Actor, relation: ResourceRelation, next: ResourceSnapshot, communities: Relation[], message: string | null | undefined, stored: ResourceFile | null): Promise<{ id: string; revision: number }> {
  const { resource } = relation;
  const id = resource.id;
  checkShape(resource.kind, next, communities);
  const note = await prepareNote(db, next.body, id, resource.kind === 'work');
  const at = now();
  const revision = resource.revision + 1;
  try {
    await db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('resources')
        .set({
          ...columnsOf(next, note.html),
          link_preview: next.linkUrl === resource.link_url ? resource.link_preview : null,
          revision,
          updated_at: at
        })
        .where('id', '=', id)
        .where('revision', '=', resource.revision)
        .executeTakeFirst();
      // Someone else saved in between: theirs stays, this writer is shown the conflict.
      if (Number(updated.numUpdatedRows) !== 1) throw conflict('library.errors.edited_meanwhile');
      await writeSideTables(tx, id, next, note.links);
      const before = new Set(relation.communities.map((r) => r.community.id));
      const after = new Set(communities.map((r) => r.community.id));
      const gone = [...before].filter((c) => !after.has(c));
      if (gone.length > 0) await tx.deleteFrom('resource_communities').where('resource_id', '=', id).where('community_id', 'in', gone).execute();
      const added = [...after].filter((c) => !before.has(c));
      if (added.length > 0) await tx.insertInto('resource_communities').values(added.map((c, i) => ({ resource_id: id, community_id: c, created_at: at + i }))).execute();
      await recordRevision(tx, id, revision, member.id, message, next, at);
      await indexResource(tx, id);
      if (next.visibility !== resource.visibility || next.title !== resource.title) await refreshLinkingNotes(tx, id);
      await record(tx, { kind: 'resource.revised', actorId: member.id, communityId: communities[0]?.community.id ?? null, payload: { resourceId: id, revision } });
      if (next.linkUrl && next.linkUrl !== resource.link_url) await enqueueJob(tx, { kind: RESOURCE_PREVIEW_JOB, payload: { resourceId: id }, maxAttempts: 2 });
    });
  } catch (error) {
    if (stored) await storage().delete(stored.key);
    throw error;
  }
  return { id, revision };
}

/**
 * Changes a resource. `revision` says which one the writer started from: if someone saved since,
 * the change is refused with a conflict — except a collective work's section, merged when nobody
 * touched that section meanwhile. Old files stay stored: earlier revisions still point at them.
 */
export async function updateResource(db: DB, actor: Actor | null, id: string, raw: UpdateResourceInput, file?: UploadedResourceFile): Promise<{ id: string; revision: number }> {
  const member = requireMember(actor);
  const input = updateResourceSchema.parse(raw);
  const relation = await findResource(db, member, id);
  assertOnResource(member, 'edit', relation);
  const { resource } = relation;
  const current = await currentSnapshot(db, resource);
  const stale = input.revision !== undefined && input.revision !== resource.revision;
  let body = input.body ?? current.body;
  if (input.section !== undefined && input.body !== undefined) {
    if (resource.kind !== 'work') throw invalid([{ path: 'section', message: 'library.errors.not_a_work' }]);
    if (stale) {
      const base = await revisionSnapshot(db, id, input.revision!);
      const merged = mergeSectionEdit(base.body, current.body, input.section, input.body);
      if (!merged.ok) throw conflict('library.errors.edited_meanwhile');
      body = merged.text;
    } else {
      body = replaceSection(current.body, input.section, input.body);
    }
  } else if (stale) {
    throw conflict('library.errors.edited_meanwhile');
  }
  const communities = input.communities ? await linkedCommunities(db, member, input.communities, relation.communities) : relation.communities;
  if (input.linkUrl && input.linkUrl !== current.linkUrl) await assertPublicUrl(input.linkUrl, 'linkUrl');
  const reference = resource.kind === 'reference' ? (input.reference ?? current.reference) : null;
  const prepared = resource.kind === 'file' ? await prepareFile(file) : null;
  const licence = input.licence ?? current.licence;
  const next: ResourceSnapshot = {
    title: input.title ?? (input.reference?.title || current.title),
    summary: input.summary === undefined ? current.summary : input.summary || null,
    body,
    language: input.language ?? current.language,
    licence,
    licenceNote: licence === 'other' ? (input.licenceNote === undefined ? current.licenceNote : input.licenceNote) : null,
    visibility: input.visibility ?? current.visibility,
    linkUrl: resource.kind === 'link' ? (input.linkUrl ?? current.linkUrl) : null,
    reference,
    file: current.file,
    authors: input.authors ? await resolveAuthors(db, input.authors) : input.reference ? referenceAuthors(input.reference) : current.authors,
    categories: input.categories ?? current.categories
  };
  if (!prepared && !input.communities && JSON.stringify(next) === JSON.stringify(current)) return { id, revision: resource.revision };
  const stored = await storeFile(prepared);
  if (stored) next.file = stored;
  return saveRevision(db, member, relation, next, communities, input.message, stored);
}

/** Brings back an earlier revision as a new one; its visibility and communities stay as they are now. */
export async function restoreRevision(db: DB, actor: Actor | null, id: string, number: number, fromRevision?: number): Promise<{ id: string; revision: number }> {
  const member = requireMember(actor);
  const relation = await findResource(db, member, id);
  assertOnResource(member, 'edit', relation);
  if (fromRevision !== undefined && fromRevision !== relation.resource.revision) throw conflict('library.errors.edited_meanwhile');
  const old = await revisionSnapshot(db, id, number);
  // The text and its metadata come back; who may read it stays as it is now.
  return saveRevision(db, member, relation, { ...old, visibility: relation.resource.visibility }, relation.communities, `↺ ${number}`, null);
}

/** Soft delete: the resource leaves every list and notebook; its revisions stay for the record. */
export async function deleteResource(db: DB, actor: Actor | null, id: string): Promise<void> {
  const member = requireMember(actor);
  const relation = await findResource(db, member, id);
  assertOnResource(member, 'moderate', relation);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('resources').set({ deleted_at: now(), deleted_by: member.id, updated_at: now() }).where('id', '=', id).execute();
    await indexResource(tx, id);
  });
}

/** Fetches the page behind a link resource and keeps its title, description and picture. */
export async function refreshResourcePreview(db: DB, resourceId: string): Promise<void> {
  const row = await db.selectFrom('resources').select(['link_url']).where('id', '=', resourceId).executeTakeFirst();
  if (!row?.link_url) return;
  let preview: LinkPreview | null;
  try {
    preview = await fetchPreview(row.link_url);
  } catch {
    preview = null;
  }
  await db
    .updateTable('resources')
    .set({ link_preview: preview ? JSON.stringify(preview) : null })
    .where('id', '=', resourceId)
    .where('link_url', '=', row.link_url)
    .execute();
}

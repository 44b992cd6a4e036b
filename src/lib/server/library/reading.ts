// What a reader sees of a resource: its content and metadata, who wrote and added it, the linked
// communities they may know of, what links to it among what they may read (a private note never
// lends its title), the notebooks and discussions they may read, who applied it, and its history.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { canOnResource, communitiesShownTo, findResource, whereNotebookReadableBy, whereResourceReadableBy, wherePostReadableBy, type ResourceRelation } from '../access';
import { notFound } from '../errors';
import { licenceUrls, type CslItem } from '../../shared/library';
import type { LinkPreview } from '../previews';
import { formatBibliographyHtml, shortCitation } from './citations';
import { diffFields, diffTexts } from './diff';
import { currentSnapshot, revisionSnapshot, type ResourceSnapshot } from './resources';
import { tableOfContents } from './sections';

export type PersonLink = { name: string; handle: string | null };

export type ResourceView = {
  id: string;
  kind: ResourceRelation['resource']['kind'];
  title: string;
  summary: string | null;
  body: string;
  bodyHtml: string;
  language: 'fr' | 'en';
  licence: string;
  licenceNote: string | null;
  licenceUrl: string | null;
  visibility: ResourceRelation['resource']['visibility'];
  linkUrl: string | null;
  linkPreview: LinkPreview | null;
  reference: CslItem | null;
  citationHtml: string | null;
  shortCitation: string | null;
  file: { name: string; mime: string; size: number } | null;
  revision: number;
  createdAt: number;
  updatedAt: number;
  addedBy: PersonLink | null;
  authors: PersonLink[];
  /** The member who added it is not among its authors: say whose it is. */
  ownershipWarning: boolean;
  categories: string[];
  communities: { slug: string; name: string }[];
  backlinks: { id: string; title: string; kind: string }[];
  notebooks: { id: string; title: string }[];
  discussions: { postId: string; community: { slug: string; name: string }; commentCount: number }[];
  applied: { count: number; mine: { story: string | null } | null; stories: (PersonLink & { story: string | null; createdAt: number })[] };
  contributors: (PersonLink & { revisions: number })[];
  toc: ReturnType<typeof tableOfContents>;
  can: { edit: boolean; moderate: boolean; apply: boolean; discuss: boolean };
  /** Communities where the reader may open or continue its discussion. */
  discussIn: { slug: string; name: string }[];
};

async function people(db: DB, ids: string[]): Promise<Map<string, PersonLink>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .leftJoin('profiles', 'profiles.user_id', 'users.id')
    .select(['users.id', 'users.name', 'profiles.handle'])
    .where('users.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, handle: r.handle ?? null }]));
}

export async function readResource(db: DB, actor: Actor | null, id: string): Promise<ResourceView> {
  const relation = await findResource(db, actor, id);
  const { resource } = relation;
  const snapshot = await currentSnapshot(db, resource);
  const backlinks = await db
    .selectFrom('resource_links')
    .innerJoin('resources', 'resources.id', 'resource_links.source_id')
    .select(['resources.id', 'resources.title', 'resources.kind'])
    .where('resource_links.target_id', '=', id)
    .where(whereResourceReadableBy(actor))
    .orderBy('resources.title')
    .limit(100)
    .execute();
  const notebooks = await db
    .selectFrom('notebook_items')
    .innerJoin('notebooks', 'notebooks.id', 'notebook_items.notebook_id')
    .select(['notebooks.id', 'notebooks.title'])
    .where('notebook_items.resource_id', '=', id)
    .where(whereNotebookReadableBy(actor))
    .orderBy('notebooks.title')
    .limit(100)
    .execute();
  const shown = communitiesShownTo(actor, relation.communities);
  const discussions = await db
    .selectFrom('resource_discussions')
    .innerJoin('posts', 'posts.id', 'resource_discussions.post_id')
    .innerJoin('communities', 'communities.id', 'resource_discussions.community_id')
    .select(['posts.id', 'posts.comment_count', 'communities.slug', 'communities.name'])
    .where('resource_discussions.resource_id', '=', id)
    .where('posts.deleted_at', 'is', null)
    .where(wherePostReadableBy(actor))
    .orderBy('resource_discussions.created_at')
    .execute();
  const applications = actor
    ? await db
        .selectFrom('resource_applications')
        .select(['user_id', 'story', 'created_at'])
        .where('resource_id', '=', id)
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute()
    : [];
  const mine = actor ? await db.selectFrom('resource_applications').select('story').where('resource_id', '=', id).where('user_id', '=', actor.id).executeTakeFirst() : undefined;
  const editors = await db
    .selectFrom('resource_revisions')
    .select(['editor_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('resource_id', '=', id)
    .where('editor_id', 'is not', null)
    .groupBy('editor_id')
    .execute();
  const who = await people(db, [...(resource.added_by ? [resource.added_by] : []), ...snapshot.authors.flatMap((a) => (a.userId ? [a.userId] : [])), ...applications.map((a) => a.user_id), ...editors.map((e) => e.editor_id!)]);
  const person = (userId: string | null, fallback: string): PersonLink => (userId && who.get(userId)) || { name: fallback, handle: null };
  const can = {
    edit: canOnResource(actor, 'edit', relation),
    moderate: canOnResource(actor, 'moderate', relation),
    apply: canOnResource(actor, 'apply', relation),
    discuss: canOnResource(actor, 'discuss', relation)
  };
  return {
    id,
    kind: resource.kind,
    title: resource.title,
    summary: resource.summary,
    body: resource.body,
    bodyHtml: resource.body_html,
    language: resource.language,
    licence: resource.licence,
    licenceNote: resource.licence_note,
    licenceUrl: licenceUrls[resource.licence as keyof typeof licenceUrls] ?? null,
    visibility: resource.visibility,
    linkUrl: resource.link_url,
    linkPreview: resource.link_preview ? (JSON.parse(resource.link_preview) as LinkPreview) : null,
    reference: snapshot.reference,
    citationHtml: snapshot.reference ? formatBibliographyHtml([snapshot.reference], actor?.locale ?? resource.language) : null,
    shortCitation: snapshot.reference ? shortCitation(snapshot.reference) : null,
    file: snapshot.file ? { name: snapshot.file.name, mime: snapshot.file.mime, size: snapshot.file.size } : null,
    revision: resource.revision,
    createdAt: resource.created_at,
    updatedAt: resource.updated_at,
    addedBy: resource.added_by ? person(resource.added_by, '') : null,
    authors: snapshot.authors.map((a) => person(a.userId, a.name)),
    ownershipWarning: resource.added_by !== null && !snapshot.authors.some((a) => a.userId === resource.added_by),
    categories: snapshot.categories,
    communities: shown.map((r) => ({ slug: r.community.slug, name: r.community.name })),
    backlinks,
    notebooks,
    discussions: discussions.map((d) => ({ postId: d.id, community: { slug: d.slug, name: d.name }, commentCount: d.comment_count })),
    applied: {
      count: resource.applied_count,
      mine: mine ? { story: mine.story } : null,
      stories: applications.map((a) => ({ ...person(a.user_id, ''), story: a.story, createdAt: a.created_at }))
    },
    contributors: editors.map((e) => ({ ...person(e.editor_id, ''), revisions: Number(e.count) })).sort((a, b) => b.revisions - a.revisions),
    toc: resource.kind === 'work' ? tableOfContents(resource.body) : [],
    can,
    discussIn: can.discuss
      ? relation.communities.filter((r) => r.membership?.status === 'active' && r.community.status === 'active').map((r) => ({ slug: r.community.slug, name: r.community.name }))
      : []
  };
}

export type RevisionEntry = { number: number; editor: PersonLink | null; message: string | null; createdAt: number; current: boolean };

/** Every revision, newest first, with who saved it: the history is open to whoever may read it. */
export async function listRevisions(db: DB, actor: Actor | null, id: string): Promise<{ title: string; kind: string; revision: number; canEdit: boolean; revisions: RevisionEntry[] }> {
  const relation = await findResource(db, actor, id);
  const rows = await db
    .selectFrom('resource_revisions')
    .select(['number', 'editor_id', 'message', 'created_at'])
    .where('resource_id', '=', id)
    .orderBy('number', 'desc')
    .execute();
  const who = await people(db, rows.flatMap((r) => (r.editor_id ? [r.editor_id] : [])));
  return {
    title: relation.resource.title,
    kind: relation.resource.kind,
    revision: relation.resource.revision,
    canEdit: canOnResource(actor, 'edit', relation),
    revisions: rows.map((r) => ({
      number: r.number,
      editor: r.editor_id ? (who.get(r.editor_id) ?? null) : null,
      message: r.message,
      createdAt: r.created_at,
      current: r.number === relation.resource.revision
    }))
  };
}

function fieldsOf(s: ResourceSnapshot): Record<string, string | null> {
  return {
    title: s.title,
    summary: s.summary,
    licence: s.licenceNote ? `${s.licence} (${s.licenceNote})` : s.licence,
    visibility: s.visibility,
    language: s.language,
    link: s.linkUrl,
    authors: s.authors.map((a) => a.name).join(', '),
    categories: s.categories.join(', '),
    file: s.file ? s.file.name : null,
    reference: s.reference ? referenceText(s.reference) : null
  };
}

/** Every field of an entry on one line, so a change of pages or ISBN shows in a comparison. */
function referenceText(item: CslItem): string {
  return Object.entries(item)
    .filter(([key]) => key !== 'id')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .sort()
    .join(' · ');
}

/** What changed between two revisions (either order), as line and word changes. */
export async function compareRevisions(db: DB, actor: Actor | null, id: string, from: number, to: number) {
  const relation = await findResource(db, actor, id);
  if (from < 1 || to < 1 || from > relation.resource.revision || to > relation.resource.revision) throw notFound();
  const [before, after] = await Promise.all([revisionSnapshot(db, id, from), revisionSnapshot(db, id, to)]);
  return {
    title: relation.resource.title,
    revision: relation.resource.revision,
    from,
    to,
    fields: diffFields(fieldsOf(before), fieldsOf(after)),
    blocks: diffTexts(before.body, after.body)
  };
}

/** One revision as it was, for reading before restoring it. */
export async function readRevision(
  db: DB,
  actor: Actor | null,
  id: string,
  number: number
): Promise<Omit<ResourceSnapshot, 'file'> & { number: number; file: { name: string; mime: string; size: number } | null }> {
  await findResource(db, actor, id);
  const snapshot = await revisionSnapshot(db, id, number);
  // Where the file is stored stays inside the server.
  const file = snapshot.file ? { name: snapshot.file.name, mime: snapshot.file.mime, size: snapshot.file.size } : null;
  return { ...snapshot, number, file };
}

// Who may read and change the shared repertoire. A resource has a visibility its authors set:
// `public` (anyone), `instance` (anyone signed in), `communities` (active members of a community
// it is linked to) or `authors` (its member authors and whoever added it — its editors). Editors
// change it; the animators of a linked community and administrators may also take it down.
// Notebooks follow the same levels, `authors` meaning their managers and contributors. Lists
// filter in SQL with the same rules (whereResourceReadableBy, whereNotebookReadableBy); the matrix
// test checks that both agree. Linked communities a reader may not see are never named to them.
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Community, Database, Notebook, Resource } from '../db/schema';
import { forbidden, notFound } from '../errors';
import { can, membershipOf, type Relation } from './communities';

export type ResourceAction =
  | 'read'
  /** Change its content, metadata and visibility; restore a revision. */
  | 'edit'
  /** Delete it: its editors, the animators of a linked community, administrators. */
  | 'moderate'
  /** Say "I applied this". */
  | 'apply'
  /** Open or continue its discussion in a linked community. */
  | 'discuss';

export type ResourceRelation = {
  resource: Resource;
  /** Member authors (user ids). */
  authorIds: string[];
  /** Linked communities as the actor stands to them. */
  communities: Relation[];
};

function isEditor(actor: Actor | null, relation: ResourceRelation): boolean {
  if (!actor) return false;
  return relation.resource.added_by === actor.id || relation.authorIds.includes(actor.id);
}

/** An active member of a community that exists for everyone (not waiting for approval). */
function memberOf(relation: Relation): boolean {
  return relation.membership?.status === 'active' && relation.community.status !== 'pending';
}

export function canReadWithVisibility(actor: Actor | null, visibility: Resource['visibility'], editor: boolean, communities: Relation[]): boolean {
  if (actor?.role === 'admin' || editor) return true;
  switch (visibility) {
    case 'public':
      return true;
    case 'instance':
      return actor !== null;
    case 'communities':
      return actor !== null && communities.some(memberOf);
    case 'authors':
      return false;
  }
}

export function canOnResource(actor: Actor | null, action: ResourceAction, relation: ResourceRelation): boolean {
  const { resource, communities } = relation;
  if (resource.deleted_at !== null) return false;
  const editor = isEditor(actor, relation);
  if (!canReadWithVisibility(actor, resource.visibility, editor, communities)) return false;
  switch (action) {
    case 'read':
      return true;
    case 'edit':
      return editor;
    case 'moderate':
      return editor || actor?.role === 'admin' || communities.some((r) => can(actor, 'manage', r));
    case 'apply':
      return actor !== null;
    case 'discuss':
      return communities.some((r) => can(actor, 'post', r));
  }
}

export function assertOnResource(actor: Actor | null, action: ResourceAction, relation: ResourceRelation): void {
  if (canOnResource(actor, action, relation)) return;
  if (!canOnResource(actor, 'read', relation)) throw notFound();
  throw forbidden();
}

/** The linked communities the actor may know exist, the only ones a page may name. */
export function communitiesShownTo(actor: Actor | null, relations: Relation[]): Relation[] {
  return relations.filter((r) => can(actor, 'read', r));
}

async function relationsOf(db: DB, actor: Actor | null, rows: Community[]): Promise<Relation[]> {
  const out: Relation[] = [];
  for (const community of rows) out.push({ community, membership: await membershipOf(db, actor, community.id) });
  return out;
}

/** The resource with its authors and communities; not_found unless the actor may read it. */
export async function findResource(db: DB, actor: Actor | null, id: string): Promise<ResourceRelation> {
  const resource = await db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
  if (!resource) throw notFound();
  const authors = await db.selectFrom('resource_authors').select('user_id').where('resource_id', '=', id).where('user_id', 'is not', null).execute();
  const rows = await db
    .selectFrom('resource_communities')
    .innerJoin('communities', 'communities.id', 'resource_communities.community_id')
    .selectAll('communities')
    .where('resource_communities.resource_id', '=', id)
    .orderBy('resource_communities.created_at')
    .execute();
  const relation: ResourceRelation = { resource, authorIds: authors.map((a) => a.user_id!), communities: await relationsOf(db, actor, rows) };
  if (!canOnResource(actor, 'read', relation)) throw notFound();
  return relation;
}

/** The SQL form of `canOnResource(actor, 'read', …)` on a query over `resources`. */
export function whereResourceReadableBy(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'resources'>) => {
    const alive = eb('resources.deleted_at', 'is', null);
    if (actor?.role === 'admin') return alive;
    if (!actor) return eb.and([alive, eb('resources.visibility', '=', 'public')]);
    return eb.and([
      alive,
      eb.or([
        eb('resources.visibility', 'in', ['public', 'instance']),
        eb('resources.added_by', '=', actor.id),
        eb.exists(
          eb
            .selectFrom('resource_authors')
            .select('resource_authors.resource_id')
            .whereRef('resource_authors.resource_id', '=', 'resources.id')
            .where('resource_authors.user_id', '=', actor.id)
        ),
        eb.and([
          eb('resources.visibility', '=', 'communities'),
          eb.exists(
            eb
              .selectFrom('resource_communities')
              .innerJoin('memberships', 'memberships.community_id', 'resource_communities.community_id')
              .innerJoin('communities', 'communities.id', 'resource_communities.community_id')
              .select('resource_communities.resource_id')
              .whereRef('resource_communities.resource_id', '=', 'resources.id')
              .where('memberships.user_id', '=', actor.id)
              .where('memberships.status', '=', 'active')
              .where('communities.status', '!=', 'pending')
          )
        ])
      ])
    ]);
  };
}

export type NotebookAction =
  | 'read'
  /** Add resources to it: its managers and contributors. */
  | 'contribute'
  /** Title, description, visibility, people, order, removal, communities, deletion: its managers. */
  | 'manage';

export type NotebookRelation = {
  notebook: Notebook;
  role: 'manager' | 'contributor' | null;
  communities: Relation[];
};

export function canOnNotebook(actor: Actor | null, action: NotebookAction, relation: NotebookRelation): boolean {
  const { notebook, role, communities } = relation;
  if (notebook.deleted_at !== null) return false;
  if (!canReadWithVisibility(actor, notebook.visibility, role !== null, communities)) return false;
  switch (action) {
    case 'read':
      return true;
    case 'contribute':
      return role !== null;
    case 'manage':
      return role === 'manager' || actor?.role === 'admin';
  }
}

export function assertOnNotebook(actor: Actor | null, action: NotebookAction, relation: NotebookRelation): void {
  if (canOnNotebook(actor, action, relation)) return;
  if (!canOnNotebook(actor, 'read', relation)) throw notFound();
  throw forbidden();
}

export async function findNotebook(db: DB, actor: Actor | null, id: string): Promise<NotebookRelation> {
  const notebook = await db.selectFrom('notebooks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!notebook) throw notFound();
  const member = actor
    ? await db.selectFrom('notebook_members').select('role').where('notebook_id', '=', id).where('user_id', '=', actor.id).executeTakeFirst()
    : undefined;
  const rows = await db
    .selectFrom('notebook_communities')
    .innerJoin('communities', 'communities.id', 'notebook_communities.community_id')
    .selectAll('communities')
    .where('notebook_communities.notebook_id', '=', id)
    .orderBy('notebook_communities.created_at')
    .execute();
  const relation: NotebookRelation = { notebook, role: member?.role ?? null, communities: await relationsOf(db, actor, rows) };
  if (!canOnNotebook(actor, 'read', relation)) throw notFound();
  return relation;
}

/** The SQL form of `canOnNotebook(actor, 'read', …)` on a query over `notebooks`. */
export function whereNotebookReadableBy(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'notebooks'>) => {
    const alive = eb('notebooks.deleted_at', 'is', null);
    if (actor?.role === 'admin') return alive;
    if (!actor) return eb.and([alive, eb('notebooks.visibility', '=', 'public')]);
    return eb.and([
      alive,
      eb.or([
        eb('notebooks.visibility', 'in', ['public', 'instance']),
        eb.exists(
          eb
            .selectFrom('notebook_members')
            .select('notebook_members.notebook_id')
            .whereRef('notebook_members.notebook_id', '=', 'notebooks.id')
            .where('notebook_members.user_id', '=', actor.id)
        ),
        eb.and([
          eb('notebooks.visibility', '=', 'communities'),
          eb.exists(
            eb
              .selectFrom('notebook_communities')
              .innerJoin('memberships', 'memberships.community_id', 'notebook_communities.community_id')
              .innerJoin('communities', 'communities.id', 'notebook_communities.community_id')
              .select('notebook_communities.notebook_id')
              .whereRef('notebook_communities.notebook_id', '=', 'notebooks.id')
              .where('memberships.user_id', '=', actor.id)
              .where('memberships.status', '=', 'active')
              .where('communities.status', '!=', 'pending')
          )
        ])
      ])
    ]);
  };
}

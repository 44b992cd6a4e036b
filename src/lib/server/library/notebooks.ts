// Notebooks (carnets): an ordered collection of resources with managers (who arrange it) and
// contributors (who add to it), linked to communities whose Library tab shows it. A reader sees the
// items they may read, never a count or a title of the others.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import {
  assertOnNotebook,
  assertOnResource,
  canOnNotebook,
  communitiesShownTo,
  findNotebook,
  findResource,
  requireMember,
  whereNotebookReadableBy,
  whereResourceReadableBy,
  type NotebookRelation
} from '../access';
import { forbidden, invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { record } from '../journal';
import { renderMarkdown } from '../markdown';
import { limits } from '../../shared/limits';
import { cardColumns, likePattern, toCards, type ResourceCard } from './lists';
import { linkedCommunities } from './resources';
import { createNotebookSchema, notebookQuerySchema, updateNotebookSchema, type CreateNotebookInput, type NotebookQuery, type UpdateNotebookInput } from './schemas';
import type { PersonLink } from './reading';

async function replaceCategories(tx: Executor, id: string, categories: string[]) {
  await tx.deleteFrom('notebook_categories').where('notebook_id', '=', id).execute();
  if (categories.length > 0) await tx.insertInto('notebook_categories').values([...new Set(categories)].map((category) => ({ notebook_id: id, category }))).execute();
}

export async function createNotebook(db: DB, actor: Actor | null, raw: CreateNotebookInput): Promise<{ id: string }> {
  const member = requireMember(actor);
  const input = createNotebookSchema.parse(raw);
  const communities = await linkedCommunities(db, member, input.communities);
  if (input.visibility === 'communities' && communities.length === 0) throw invalid([{ path: 'visibility', message: 'library.errors.no_community' }]);
  const id = newId();
  const at = now();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('notebooks')
      .values({ id, title: input.title, description: input.description, description_html: renderMarkdown(input.description).html, visibility: input.visibility, created_by: member.id, created_at: at, updated_at: at, deleted_at: null })
      .execute();
    await tx.insertInto('notebook_members').values({ notebook_id: id, user_id: member.id, role: 'manager', created_at: at }).execute();
    if (communities.length > 0) await tx.insertInto('notebook_communities').values(communities.map((r, i) => ({ notebook_id: id, community_id: r.community.id, created_at: at + i }))).execute();
    await replaceCategories(tx, id, input.categories);
  });
  return { id };
}

async function managed(db: DB, actor: Actor | null, id: string): Promise<NotebookRelation & { actor: Actor }> {
  const member = requireMember(actor);
  const relation = await findNotebook(db, member, id);
  assertOnNotebook(member, 'manage', relation);
  return { ...relation, actor: member };
}

export async function updateNotebook(db: DB, actor: Actor | null, id: string, raw: UpdateNotebookInput): Promise<void> {
  const input = updateNotebookSchema.parse(raw);
  const relation = await managed(db, actor, id);
  const communities = input.communities ? await linkedCommunities(db, relation.actor, input.communities, relation.communities) : relation.communities;
  const visibility = input.visibility ?? relation.notebook.visibility;
  if (visibility === 'communities' && communities.length === 0) throw invalid([{ path: 'visibility', message: 'library.errors.no_community' }]);
  const at = now();
  await db.transaction().execute(async (tx) => {
    const description = input.description ?? relation.notebook.description;
    await tx
      .updateTable('notebooks')
      .set({ title: input.title ?? relation.notebook.title, description, description_html: renderMarkdown(description).html, visibility, updated_at: at })
      .where('id', '=', id)
      .execute();
    if (input.communities) {
      await tx.deleteFrom('notebook_communities').where('notebook_id', '=', id).execute();
      if (communities.length > 0) await tx.insertInto('notebook_communities').values(communities.map((r, i) => ({ notebook_id: id, community_id: r.community.id, created_at: at + i }))).execute();
    }
    if (input.categories) await replaceCategories(tx, id, input.categories);
  });
}

export async function deleteNotebook(db: DB, actor: Actor | null, id: string): Promise<void> {
  await managed(db, actor, id);
  await db.updateTable('notebooks').set({ deleted_at: now(), updated_at: now() }).where('id', '=', id).execute();
}

/** A manager or contributor adds a resource they may read; it goes to the end. */
export async function addToNotebook(db: DB, actor: Actor | null, id: string, resourceId: string): Promise<{ added: boolean }> {
  const member = requireMember(actor);
  const relation = await findNotebook(db, member, id);
  assertOnNotebook(member, 'contribute', relation);
  const resource = await findResource(db, member, resourceId);
  assertOnResource(member, 'read', resource);
  return db.transaction().execute(async (tx) => {
    const there = await tx.selectFrom('notebook_items').select('resource_id').where('notebook_id', '=', id).where('resource_id', '=', resourceId).executeTakeFirst();
    if (there) return { added: false };
    const last = await tx
      .selectFrom('notebook_items')
      .select([(eb) => eb.fn.max<number>('position').as('position'), (eb) => eb.fn.countAll<number>().as('count')])
      .where('notebook_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(last.count) >= limits.notebookItemsMax) throw invalid([{ path: 'resource', message: 'library.errors.notebook_full' }]);
    await tx.insertInto('notebook_items').values({ notebook_id: id, resource_id: resourceId, position: Number(last.position ?? 0) + 1, added_by: member.id, added_at: now() }).execute();
    await tx.updateTable('notebooks').set({ updated_at: now() }).where('id', '=', id).execute();
    await record(tx, { kind: 'notebook.item_added', actorId: member.id, payload: { notebookId: id, resourceId } });
    return { added: true };
  });
}

/** Managers remove anything; a contributor takes back what they added. */
export async function removeFromNotebook(db: DB, actor: Actor | null, id: string, resourceId: string): Promise<void> {
  const member = requireMember(actor);
  const relation = await findNotebook(db, member, id);
  assertOnNotebook(member, 'contribute', relation);
  const item = await db.selectFrom('notebook_items').select('added_by').where('notebook_id', '=', id).where('resource_id', '=', resourceId).executeTakeFirst();
  if (!item) throw notFound();
  if (!canOnNotebook(member, 'manage', relation) && item.added_by !== member.id) throw forbidden();
  await db.deleteFrom('notebook_items').where('notebook_id', '=', id).where('resource_id', '=', resourceId).execute();
}

/** Moves an item one place up or down, swapping with its neighbour (works without JavaScript). */
export async function moveInNotebook(db: DB, actor: Actor | null, id: string, resourceId: string, direction: 'up' | 'down'): Promise<void> {
  await managed(db, actor, id);
  await db.transaction().execute(async (tx) => {
    const item = await tx.selectFrom('notebook_items').select('position').where('notebook_id', '=', id).where('resource_id', '=', resourceId).executeTakeFirst();
    if (!item) throw notFound();
    const neighbour = await tx
      .selectFrom('notebook_items')
      .select(['resource_id', 'position'])
      .where('notebook_id', '=', id)
      .where('position', direction === 'up' ? '<' : '>', item.position)
      .orderBy('position', direction === 'up' ? 'desc' : 'asc')
      .limit(1)
      .executeTakeFirst();
    if (!neighbour) return;
    await tx.updateTable('notebook_items').set({ position: neighbour.position }).where('notebook_id', '=', id).where('resource_id', '=', resourceId).execute();
    await tx.updateTable('notebook_items').set({ position: item.position }).where('notebook_id', '=', id).where('resource_id', '=', neighbour.resource_id).execute();
  });
}

/** Adds, changes or removes (role null) a manager or contributor; a notebook always keeps a manager. */
export async function setNotebookMember(db: DB, actor: Actor | null, id: string, handle: string, role: 'manager' | 'contributor' | null): Promise<void> {
  await managed(db, actor, id);
  const person = await db.selectFrom('profiles').select('user_id').where('handle', '=', handle.replace(/^@/, '').toLowerCase()).executeTakeFirst();
  if (!person) throw invalid([{ path: 'handle', message: 'library.errors.unknown_author' }]);
  await db.transaction().execute(async (tx) => {
    if (role === null) await tx.deleteFrom('notebook_members').where('notebook_id', '=', id).where('user_id', '=', person.user_id).execute();
    else {
      await tx
        .insertInto('notebook_members')
        .values({ notebook_id: id, user_id: person.user_id, role, created_at: now() })
        .onConflict((oc) => oc.columns(['notebook_id', 'user_id']).doUpdateSet({ role }))
        .execute();
    }
    const managers = await tx.selectFrom('notebook_members').select((eb) => eb.fn.countAll<number>().as('n')).where('notebook_id', '=', id).where('role', '=', 'manager').executeTakeFirstOrThrow();
    if (Number(managers.n) === 0) throw invalid([{ path: 'role', message: 'library.errors.last_manager' }]);
  });
}

export type NotebookCard = { id: string; title: string; description: string; visibility: string; itemCount: number; updatedAt: number };

export type NotebookView = {
  id: string;
  title: string;
  description: string;
  descriptionHtml: string;
  visibility: string;
  createdAt: number;
  updatedAt: number;
  categories: string[];
  communities: { slug: string; name: string }[];
  people: (PersonLink & { role: 'manager' | 'contributor' })[];
  role: 'manager' | 'contributor' | null;
  can: { contribute: boolean; manage: boolean };
  items: (ResourceCard & { position: number; addedByMe: boolean })[];
  /** Categories among the items shown, for the filter. */
  itemCategories: string[];
};

/** A notebook with the items the actor may read, filtered, searched and sorted. */
export async function readNotebook(db: DB, actor: Actor | null, id: string, rawQuery: Partial<NotebookQuery> = {}): Promise<NotebookView> {
  const query = notebookQuerySchema.parse(rawQuery);
  const relation = await findNotebook(db, actor, id);
  const { notebook } = relation;
  let q = db
    .selectFrom('notebook_items')
    .innerJoin('resources', 'resources.id', 'notebook_items.resource_id')
    .select([...cardColumns, 'notebook_items.position', 'notebook_items.added_by'])
    .where('notebook_items.notebook_id', '=', id)
    .where(whereResourceReadableBy(actor));
  if (query.kind) q = q.where('resources.kind', '=', query.kind);
  if (query.category) {
    const category = query.category;
    q = q.where((eb) => eb.exists(eb.selectFrom('resource_categories').select('resource_id').whereRef('resource_categories.resource_id', '=', 'resources.id').where('resource_categories.category', '=', category)));
  }
  if (query.q) {
    const pattern = likePattern(query.q);
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['resources.title']), 'like', pattern), eb(eb.fn('lower', ['resources.summary']), 'like', pattern), eb(eb.fn('lower', ['resources.body']), 'like', pattern)]));
  }
  q = query.sort === 'recent' ? q.orderBy('resources.created_at', 'desc') : query.sort === 'title' ? q.orderBy('resources.title') : q.orderBy('notebook_items.position');
  const rows = await q.limit(limits.notebookItemsMax).execute();
  const cards = await toCards(db, rows);
  const people = await db
    .selectFrom('notebook_members')
    .innerJoin('users', 'users.id', 'notebook_members.user_id')
    .leftJoin('profiles', 'profiles.user_id', 'users.id')
    .select(['users.name', 'profiles.handle', 'notebook_members.role'])
    .where('notebook_members.notebook_id', '=', id)
    .orderBy('notebook_members.role', 'desc')
    .orderBy('users.name')
    .execute();
  const categories = await db.selectFrom('notebook_categories').select('category').where('notebook_id', '=', id).orderBy('category').execute();
  return {
    id,
    title: notebook.title,
    description: notebook.description,
    descriptionHtml: notebook.description_html,
    visibility: notebook.visibility,
    createdAt: notebook.created_at,
    updatedAt: notebook.updated_at,
    categories: categories.map((c) => c.category),
    communities: communitiesShownTo(actor, relation.communities).map((r) => ({ slug: r.community.slug, name: r.community.name })),
    people: people.map((p) => ({ name: p.name, handle: p.handle ?? null, role: p.role })),
    role: relation.role,
    can: { contribute: canOnNotebook(actor, 'contribute', relation), manage: canOnNotebook(actor, 'manage', relation) },
    items: cards.map((card, i) => ({ ...card, position: rows[i]!.position, addedByMe: actor !== null && rows[i]!.added_by === actor.id })),
    itemCategories: [...new Set(cards.flatMap((c) => c.categories))].sort()
  };
}

/** Notebooks the actor may read: a community's, a member's own, or all of the instance's. */
export async function listNotebooks(db: DB, actor: Actor | null, options: { communityId?: string; mine?: boolean; limit?: number } = {}): Promise<NotebookCard[]> {
  let q = db
    .selectFrom('notebooks')
    .select(['notebooks.id', 'notebooks.title', 'notebooks.description', 'notebooks.visibility', 'notebooks.updated_at'])
    .where(whereNotebookReadableBy(actor));
  if (options.communityId) {
    const communityId = options.communityId;
    q = q.where((eb) => eb.exists(eb.selectFrom('notebook_communities').select('notebook_id').whereRef('notebook_communities.notebook_id', '=', 'notebooks.id').where('notebook_communities.community_id', '=', communityId)));
  }
  if (options.mine) {
    if (!actor) return [];
    const me = actor.id;
    q = q.where((eb) => eb.exists(eb.selectFrom('notebook_members').select('notebook_id').whereRef('notebook_members.notebook_id', '=', 'notebooks.id').where('notebook_members.user_id', '=', me)));
  }
  const rows = await q.orderBy('notebooks.updated_at', 'desc').orderBy('notebooks.id', 'desc').limit(options.limit ?? 100).execute();
  if (rows.length === 0) return [];
  // Counted among the items the reader may read, as the notebook's page shows them.
  const counts = await db
    .selectFrom('notebook_items')
    .innerJoin('resources', 'resources.id', 'notebook_items.resource_id')
    .select(['notebook_items.notebook_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('notebook_items.notebook_id', 'in', rows.map((r) => r.id))
    .where(whereResourceReadableBy(actor))
    .groupBy('notebook_items.notebook_id')
    .execute();
  const countOf = new Map(counts.map((c) => [c.notebook_id, Number(c.n)]));
  return rows.map((r) => ({ id: r.id, title: r.title, description: r.description, visibility: r.visibility, itemCount: countOf.get(r.id) ?? 0, updatedAt: r.updated_at }));
}

/** Where the actor may add a resource: notebooks they manage or contribute to. */
export async function notebooksWritableBy(db: DB, actor: Actor | null): Promise<{ id: string; title: string }[]> {
  if (!actor) return [];
  return db
    .selectFrom('notebooks')
    .innerJoin('notebook_members', 'notebook_members.notebook_id', 'notebooks.id')
    .select(['notebooks.id', 'notebooks.title'])
    .where('notebook_members.user_id', '=', actor.id)
    .where('notebooks.deleted_at', 'is', null)
    .orderBy('notebooks.title')
    .limit(200)
    .execute();
}

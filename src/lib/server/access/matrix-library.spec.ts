// The authorisation matrix for the shared repertoire (issue 5), beside matrix-posts.spec.ts, in four parts:
//   - `resourceRules` and `notebookRules`: what canOnResource() and canOnNotebook() must answer, written
//     from the header of access/library.ts and the issue, not from the code;
//   - whereResourceReadableBy and whereNotebookReadableBy must agree with them on real rows;
//   - every read path (domain functions today; the pages and API once they exist) by every principal,
//     with canaries in what only some may read: titles, bodies, earlier revisions, notebooks, a hidden
//     community's name, a discussion in a private community;
//   - refused writes change nothing.
// A new path is a new row; a new secret is a new canary.
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { fakeActor, fakeCommunity, leaksIn, runApi, runDomain, runPage, standing, type Answer, type Invocation, type Place, type Someone } from '../../../../tests/setup/matrix';
import type { Actor } from '../auth/actor';
import { newId, now } from '../ids';
import { addMemberByEmail, createCommunity, endMembership } from '../communities';
import type { Community, Notebook, Resource } from '../db/schema';
import type { LibraryVisibility } from '../../shared/library';
import {
  addToNotebook,
  categoriesInUse,
  compareRevisions,
  createNotebook,
  createResource,
  deleteResource,
  discussResource,
  exportNotebookBundle,
  exportReferences,
  listNotebooks,
  listResources,
  listRevisions,
  readNotebook,
  readResource,
  readRevision,
  restoreRevision,
  updateResource
} from '../library';
import {
  canOnNotebook,
  canOnResource,
  whereNotebookReadableBy,
  whereResourceReadableBy,
  type NotebookAction,
  type NotebookRelation,
  type Relation,
  type ResourceAction,
  type ResourceRelation
} from '.';
import * as resourcesApi from '../../../routes/api/v1/resources/+server';
import * as resourceApi from '../../../routes/api/v1/resources/[id]/+server';
import * as revisionsApi from '../../../routes/api/v1/resources/[id]/revisions/+server';
import * as revisionApi from '../../../routes/api/v1/resources/[id]/revisions/[number]/+server';
import * as diffApi from '../../../routes/api/v1/resources/[id]/diff/+server';
import * as notebooksApi from '../../../routes/api/v1/notebooks/+server';
import * as notebookApi from '../../../routes/api/v1/notebooks/[id]/+server';
import * as notebookExportApi from '../../../routes/api/v1/notebooks/[id]/export/+server';
import * as resourcePage from '../../../routes/r/[id]/+page.server';
import * as historyPage from '../../../routes/r/[id]/history/+page.server';
import * as diffPage from '../../../routes/r/[id]/diff/+page.server';
import * as revisionPage from '../../../routes/r/[id]/revisions/[number]/+page.server';
import * as editPage from '../../../routes/r/[id]/edit/+page.server';
import * as resourceFile from '../../../routes/r/[id]/file/+server';
import * as notebookPage from '../../../routes/n/[id]/+page.server';
import * as notebookExportFile from '../../../routes/n/[id]/export/+server';
import * as libraryPage from '../../../routes/library/+page.server';
import * as libraryExportFile from '../../../routes/library/export/+server';
import * as communityLibraryPage from '../../../routes/c/[slug]/library/+page.server';

const instance = useTestInstance();

const principals = ['anonymous', 'outsider', 'member', 'pending', 'banned', 'animator', 'author', 'adder', 'admin'] as const;
type Principal = (typeof principals)[number];
/** Where each stands in a linked community, as in the shared table; authors and adders are otherwise outsiders. */
const standsAs: Record<Principal, Someone> = {
  anonymous: 'anonymous', outsider: 'outsider', member: 'member', pending: 'requester', banned: 'banned',
  animator: 'animator', author: 'outsider', adder: 'outsider', admin: 'admin'
};
const libraryVisibilities: LibraryVisibility[] = ['public', 'instance', 'communities', 'authors'];

// ---------------------------------------------------------------------------------------------
// 1. The rules as a table.

type Linked = 'public' | 'private' | 'hidden' | 'pending' | 'archived';
const linkedKinds: Linked[] = ['public', 'private', 'hidden', 'pending', 'archived'];
const places: Record<Linked, Place> = {
  public: { visibility: 'public', status: 'active' },
  private: { visibility: 'private', status: 'active' },
  hidden: { visibility: 'hidden', status: 'active' },
  pending: { visibility: 'public', status: 'pending' },
  archived: { visibility: 'private', status: 'archived' }
};

/** How one reader stands to a resource or notebook: their account, whether they are its editor, and their place in each linked community. */
type Viewer = { account: 'none' | 'member' | 'admin'; editor: boolean; in: (c: Linked, index: number) => { role: string; status: string } | null };
type Shape = { visibility: LibraryVisibility; linked: Linked[]; deleted: boolean };

const signedIn = (v: Viewer) => v.account !== 'none';
const admin = (v: Viewer) => v.account === 'admin';
/** An active member of a linked community; one waiting for approval counts no one in yet. */
const memberOfLinked = (v: Viewer, s: Shape) => s.linked.some((c, i) => places[c].status !== 'pending' && v.in(c, i)?.status === 'active');

/**
 * From the header of access/library.ts: `public` anyone, `instance` anyone signed in, `communities` active
 * members of a linked community, `authors` its editors (member authors and whoever added it); admins read
 * everything; a deleted one no one. Editors change it; the animators of a linked community (while it is
 * live: an archived one is read-only) and administrators may also take it down. Anyone signed in who
 * reads it may say they applied it; discussing it needs the right to post in a linked community.
 */
const readRule = (v: Viewer, s: Shape) =>
  !s.deleted &&
  (admin(v) ||
    v.editor ||
    s.visibility === 'public' ||
    (s.visibility === 'instance' && signedIn(v)) ||
    (s.visibility === 'communities' && signedIn(v) && memberOfLinked(v, s)));
const resourceRules: Record<ResourceAction, (v: Viewer, s: Shape) => boolean> = {
  read: readRule,
  edit: (v, s) => readRule(v, s) && v.editor,
  moderate: (v, s) =>
    readRule(v, s) && (v.editor || admin(v) || s.linked.some((c, i) => places[c].status === 'active' && v.in(c, i)?.role === 'animator' && v.in(c, i)?.status === 'active')),
  apply: (v, s) => readRule(v, s) && signedIn(v),
  discuss: (v, s) =>
    readRule(v, s) && s.linked.some((c, i) => places[c].status !== 'archived' && (admin(v) || (places[c].status === 'active' && v.in(c, i)?.status === 'active')))
};

type Role = 'manager' | 'contributor' | null;
/** Notebooks: the same levels, `authors` meaning its managers and contributors; contributors add, managers (and admins) manage. */
const notebookRules: Record<NotebookAction, (v: Viewer, s: Shape, role: Role) => boolean> = {
  read: (v, s, role) => readRule({ ...v, editor: role !== null }, s),
  contribute: (v, s, role) => notebookRules.read(v, s, role) && role !== null,
  manage: (v, s, role) => notebookRules.read(v, s, role) && (role === 'manager' || admin(v))
};

/** Every linked set: none, each kind alone, each ordered pair (the reader stands in the first only). */
const linkedSets: Linked[][] = [[], ...linkedKinds.map((c) => [c]), ...linkedKinds.flatMap((a) => linkedKinds.filter((b) => b !== a).map((b) => [a, b]))];
function* shapes(): Generator<Shape> {
  for (const visibility of libraryVisibilities) for (const linked of linkedSets) for (const deleted of [false, true]) yield { visibility, linked, deleted };
}
const describeShape = (s: Shape) => `${s.visibility}, linked to [${s.linked.join(', ')}]${s.deleted ? ', deleted' : ''}`;

const fakeViewer = (p: Principal): Viewer => ({
  account: standing[standsAs[p]].account,
  editor: p === 'author' || p === 'adder',
  in: (_c, i) => (i === 0 ? standing[standsAs[p]].membership : null)
});
const fakeLinks = (p: Principal, s: Shape): Relation[] =>
  s.linked.map((c, i) => ({ community: fakeCommunity(`c${i}-${c}`, places[c]), membership: i === 0 ? standing[standsAs[p]].membership : null }));

function resourceRow(id: string, fields: Partial<Resource> = {}): Resource {
  const at = now();
  return {
    id, kind: 'note', title: 'Fiche', summary: null, body: 'Texte', body_html: '<p>Texte</p>', language: 'fr', licence: 'cc-by', licence_note: null,
    visibility: 'public', link_url: null, link_preview: null, reference: null, doi: null, storage_key: null, file_name: null, mime: null, size: null,
    revision: 1, added_by: null, applied_count: 0, created_at: at, updated_at: at, deleted_at: null, deleted_by: null,
    ...fields
  };
}
function notebookRow(id: string, fields: Partial<Notebook> = {}): Notebook {
  const at = now();
  return { id, title: 'Carnet', description: '', description_html: '', visibility: 'public', created_by: null, created_at: at, updated_at: at, deleted_at: null, ...fields };
}

describe('canOnResource(): the rules as a table', () => {
  for (const action of Object.keys(resourceRules) as ResourceAction[]) {
    it(`${action}: exactly the principals the rules name`, () => {
      const wrong: string[] = [];
      for (const shape of shapes()) {
        for (const p of principals) {
          const actor = p === 'author' || p === 'adder' ? { ...fakeActor('outsider')!, id: p } : fakeActor(standsAs[p]);
          const relation: ResourceRelation = {
            resource: resourceRow('r', { visibility: shape.visibility, deleted_at: shape.deleted ? 1 : null, added_by: p === 'adder' ? 'adder' : 'someone-else' }),
            authorIds: p === 'author' ? ['author', 'co-author'] : ['co-author'],
            communities: fakeLinks(p, shape)
          };
          const expected = resourceRules[action](fakeViewer(p), shape);
          if (canOnResource(actor, action, relation) !== expected) wrong.push(`${p} ${expected ? 'refused' : 'allowed'}: ${describeShape(shape)}`);
        }
      }
      expect(wrong.slice(0, 12), `${wrong.length} disagreements`).toEqual([]);
    });
  }
});

describe('canOnNotebook(): the rules as a table', () => {
  for (const action of Object.keys(notebookRules) as NotebookAction[]) {
    it(`${action}: exactly the principals the rules name, for managers, contributors and everyone else`, () => {
      const wrong: string[] = [];
      for (const shape of shapes()) {
        for (const p of principals) {
          for (const role of ['manager', 'contributor', null] as Role[]) {
            if (p === 'anonymous' && role) continue;
            const relation: NotebookRelation = { notebook: notebookRow('n', { visibility: shape.visibility, deleted_at: shape.deleted ? 1 : null }), role, communities: fakeLinks(p, shape) };
            const expected = notebookRules[action]({ ...fakeViewer(p), editor: false }, shape, role);
            if (canOnNotebook(fakeActor(standsAs[p]), action, relation) !== expected) wrong.push(`${p} as ${role ?? 'no one'} ${expected ? 'refused' : 'allowed'}: ${describeShape(shape)}`);
          }
        }
      }
      expect(wrong.slice(0, 12), `${wrong.length} disagreements`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 2. The SQL filters agree with the rules on real rows, for every principal.

describe('SQL filters agree with canOnResource(read) and canOnNotebook(read)', () => {
  it('on every visibility, linked set, editor and deletion, for every principal', async () => {
    const db = instance.db;
    const founder = await person(db, 'Fondatrice');
    const actors = { anonymous: null } as Record<Principal, Actor | null>;
    for (const p of principals) if (p !== 'anonymous') actors[p] = await person(db, p, { role: standing[standsAs[p]].account as 'member' | 'admin' });
    const communities: Record<Linked, Community> = {} as Record<Linked, Community>;
    for (const [i, c] of linkedKinds.entries()) {
      const community = await createCommunity(db, founder, { name: `Communauté ${c}`, visibility: places[c].visibility });
      await db.updateTable('communities').set({ status: places[c].status }).where('id', '=', community.id).execute();
      communities[c] = { ...community, status: places[c].status };
      // Everyone stands in every other community only: a resource linked to two may be theirs through one.
      if (i % 2 === 1) continue;
      for (const p of principals) {
        const membership = standing[standsAs[p]].membership;
        if (!membership) continue;
        await db.insertInto('memberships').values({ id: newId(), community_id: community.id, user_id: actors[p]!.id, ...membership, created_at: now(), updated_at: now() }).execute();
      }
    }
    const sets: Linked[][] = [[], ...linkedKinds.map((c) => [c]), ...linkedKinds.flatMap((a, i) => linkedKinds.slice(i + 1).map((b) => [a, b]))];
    const resourceIds: string[] = [];
    const notebookIds: string[] = [];
    let n = 0;
    for (const visibility of libraryVisibilities) {
      for (const linked of sets) {
        for (const deleted of [false, true]) {
          for (const variant of [0, 1]) {
            const at = now() + n++;
            const rid = newId();
            await db.insertInto('resources').values(resourceRow(rid, { visibility, deleted_at: deleted ? at : null, added_by: variant === 1 ? actors.adder!.id : founder.id, created_at: at })).execute();
            await db.insertInto('resource_authors').values({ resource_id: rid, position: 0, user_id: variant === 0 ? actors.author!.id : null, name: 'Autrice' }).execute();
            if (linked.length) await db.insertInto('resource_communities').values(linked.map((c, i) => ({ resource_id: rid, community_id: communities[c].id, created_at: at + i }))).execute();
            resourceIds.push(rid);
            const nid = newId();
            await db.insertInto('notebooks').values(notebookRow(nid, { visibility, deleted_at: deleted ? at : null, created_by: founder.id })).execute();
            await db.insertInto('notebook_members').values({ notebook_id: nid, user_id: variant === 0 ? actors.author!.id : actors.adder!.id, role: variant === 0 ? 'manager' : 'contributor', created_at: at }).execute();
            if (linked.length) await db.insertInto('notebook_communities').values(linked.map((c, i) => ({ notebook_id: nid, community_id: communities[c].id, created_at: at + i }))).execute();
            notebookIds.push(nid);
          }
        }
      }
    }
    const resources = await db.selectFrom('resources').selectAll().where('id', 'in', resourceIds).execute();
    const notebooks = await db.selectFrom('notebooks').selectAll().where('id', 'in', notebookIds).execute();
    const rc = await db.selectFrom('resource_communities').selectAll().where('resource_id', 'in', resourceIds).orderBy('created_at').execute();
    const nc = await db.selectFrom('notebook_communities').selectAll().where('notebook_id', 'in', notebookIds).orderBy('created_at').execute();
    const authors = await db.selectFrom('resource_authors').selectAll().where('resource_id', 'in', resourceIds).execute();
    const members = await db.selectFrom('notebook_members').selectAll().where('notebook_id', 'in', notebookIds).execute();
    const allCommunities = Object.values(communities);

    const wrong: Record<string, string[]> = {};
    for (const p of principals) {
      const actor = actors[p];
      const memberships = actor ? await db.selectFrom('memberships').select(['community_id', 'role', 'status']).where('user_id', '=', actor.id).execute() : [];
      const relationTo = (communityId: string): Relation => ({ community: allCommunities.find((c) => c.id === communityId)!, membership: memberships.find((m) => m.community_id === communityId) ?? null });
      const resourceRelation = (resource: Resource): ResourceRelation => ({
        resource,
        authorIds: authors.filter((a) => a.resource_id === resource.id && a.user_id).map((a) => a.user_id!),
        communities: rc.filter((l) => l.resource_id === resource.id).map((l) => relationTo(l.community_id))
      });
      const notebookRelation = (notebook: Notebook): NotebookRelation => ({
        notebook,
        role: (actor && members.find((m) => m.notebook_id === notebook.id && m.user_id === actor.id)?.role) || null,
        communities: nc.filter((l) => l.notebook_id === notebook.id).map((l) => relationTo(l.community_id))
      });
      const listedResources = (await db.selectFrom('resources').select('id').where('id', 'in', resourceIds).where(whereResourceReadableBy(actor)).execute()).map((r) => r.id).sort();
      const readableResources = resources.filter((r) => canOnResource(actor, 'read', resourceRelation(r))).map((r) => r.id).sort();
      const listedNotebooks = (await db.selectFrom('notebooks').select('id').where('id', 'in', notebookIds).where(whereNotebookReadableBy(actor)).execute()).map((r) => r.id).sort();
      const readableNotebooks = notebooks.filter((nb) => canOnNotebook(actor, 'read', notebookRelation(nb))).map((nb) => nb.id).sort();
      const differ = (a: string[], b: string[]) => [...a.filter((id) => !b.includes(id)).map((id) => `only SQL ${id}`), ...b.filter((id) => !a.includes(id)).map((id) => `only rule ${id}`)];
      const r = differ(listedResources, readableResources);
      const nb = differ(listedNotebooks, readableNotebooks);
      if (r.length) wrong[`${p}: resources`] = r.slice(0, 6);
      if (nb.length) wrong[`${p}: notebooks`] = nb.slice(0, 6);
      // And both sides are not trivially empty: each principal reads some and not all (admins: all live ones).
      expect(readableResources.length, p).toBeGreaterThan(0);
    }
    expect(wrong).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Every read path by every principal, with canaries.

type Visibility3 = 'public' | 'private' | 'hidden';
type ResourceKey = 'public' | 'instance' | 'private' | 'hidden' | 'authors' | 'owned' | 'deleted' | 'file';
/**
 * The resources, each written by the author (a member of all three communities) except `owned`, which the
 * adder added, naming someone outside the instance as its author. `public` is linked to all three
 * communities and discussed in the private one; `private` and `authors` link to `public` (backlinks).
 */
const resourceSpecs: Record<ResourceKey, { visibility: LibraryVisibility; linked: Visibility3[]; deleted?: true; by?: 'adder'; file?: true }> = {
  public: { visibility: 'public', linked: ['public', 'private', 'hidden'] },
  instance: { visibility: 'instance', linked: ['public'] },
  private: { visibility: 'communities', linked: ['private'] },
  hidden: { visibility: 'communities', linked: ['hidden'] },
  authors: { visibility: 'authors', linked: ['private'] },
  owned: { visibility: 'authors', linked: ['public'], by: 'adder' },
  deleted: { visibility: 'public', linked: ['public'], deleted: true },
  /** A document whose bytes hold its body's canary. */
  file: { visibility: 'communities', linked: ['private'], file: true }
};
const resourceKeys = Object.keys(resourceSpecs) as ResourceKey[];
type NotebookKey = 'nb-public' | 'nb-private';
/** A public notebook holding every resource, and a private one (its community's members) holding three. */
const notebookSpecs: Record<NotebookKey, { visibility: LibraryVisibility; linked: Visibility3[]; items: ResourceKey[] }> = {
  'nb-public': { visibility: 'public', linked: ['public'], items: resourceKeys },
  'nb-private': { visibility: 'communities', linked: ['private'], items: ['public', 'private', 'authors'] }
};
const notebookKeys = Object.keys(notebookSpecs) as NotebookKey[];

/** Where each principal stands in each of the three communities of this world. */
function membershipIn(p: Principal, c: Visibility3): { role: string; status: string } | null {
  if (p === 'author') return { role: 'member', status: 'active' };
  if (p === 'adder') return c === 'public' ? { role: 'member', status: 'active' } : null;
  return standing[standsAs[p]].membership;
}
const viewerOf = (p: Principal, editor: boolean, linked: Visibility3[]): Viewer => ({ account: standing[standsAs[p]].account, editor, in: (_c, i) => membershipIn(p, linked[i]!) });
const mayResource = (action: ResourceAction, p: Principal, key: ResourceKey) => {
  const spec = resourceSpecs[key];
  const editor = spec.by === 'adder' ? p === 'adder' : p === 'author';
  return resourceRules[action](viewerOf(p, editor, spec.linked), { visibility: spec.visibility, linked: spec.linked, deleted: spec.deleted === true });
};
const mayNotebook = (action: NotebookAction, p: Principal, key: NotebookKey) => {
  const spec = notebookSpecs[key];
  const role: Role = p === 'author' ? 'manager' : null;
  return notebookRules[action](viewerOf(p, false, spec.linked), { visibility: spec.visibility, linked: spec.linked, deleted: false }, role);
};
/** Reading a community's content: anyone in a public one, its active members elsewhere, admins everywhere. */
const readsContentOf = (p: Principal, c: Visibility3) => p === 'admin' || c === 'public' || membershipIn(p, c)?.status === 'active';

type Field = 'title' | 'body' | 'revision';
type SecretId = `res:${ResourceKey}:${Field}` | `nb:${NotebookKey}` | 'name:hidden' | 'discussion:private';
const secretIds: SecretId[] = [...resourceKeys.flatMap((key) => (['title', 'body', 'revision'] as const).map((f) => `res:${key}:${f}` as const)), ...notebookKeys.map((k) => `nb:${k}` as const), 'name:hidden', 'discussion:private'];

type World = {
  actors: Record<Principal, Actor | null>;
  slugs: Record<Visibility3, string>;
  communityIds: Record<Visibility3, string>;
  resources: Record<ResourceKey, string>;
  notebooks: Record<NotebookKey, string>;
  discussion: string;
  elsewhere: string;
};

function textOf(w: World, id: SecretId): string {
  if (id === 'discussion:private') return w.discussion;
  if (id === 'name:hidden') return 'canary-lib-hidden-name';
  const [kind, key, field] = id.split(':') as [string, string, string | undefined];
  return kind === 'nb' ? `canary-lib-${key}` : `canary-lib-${key}-${field}`;
}

function maySee(id: SecretId, p: Principal): boolean {
  if (id === 'name:hidden') return p === 'admin' || membershipIn(p, 'hidden')?.status === 'active';
  if (id === 'discussion:private') return readsContentOf(p, 'private') && mayResource('read', p, 'public');
  const [kind, key] = id.split(':') as [string, string];
  if (kind === 'nb') return mayNotebook('read', p, key as NotebookKey);
  return mayResource('read', p, key as ResourceKey);
}

async function seed(): Promise<World> {
  const db = instance.db;
  const animator = await person(db, 'Animatrice');
  const world = { actors: { anonymous: null, animator }, slugs: {}, communityIds: {}, resources: {}, notebooks: {} } as World;
  for (const p of ['outsider', 'member', 'pending', 'banned', 'author', 'adder'] as const) world.actors[p] = await person(db, `Personne ${p}`);
  world.actors.admin = await person(db, 'Admin', { role: 'admin' });
  const other = await person(db, 'Animateur ailleurs');
  world.elsewhere = (await createCommunity(db, other, { name: 'Ailleurs', slug: 'matrice-ailleurs', visibility: 'public' })).slug;
  for (const v of ['public', 'private', 'hidden'] as const) {
    // An explicit slug: one made from the hidden community's name would carry its canary.
    const community = await createCommunity(db, animator, { name: v === 'hidden' ? 'Cachée canary-lib-hidden-name' : `Communauté ${v}`, slug: `matrice-${v}`, visibility: v, joinPolicy: v === 'hidden' ? 'invite' : 'request' });
    world.slugs[v] = community.slug;
    world.communityIds[v] = community.id;
    for (const p of ['member', 'banned', 'author'] as const) await addMemberByEmail(db, animator, community.slug, { email: world.actors[p]!.email });
    if (v === 'public') await addMemberByEmail(db, animator, community.slug, { email: world.actors.adder!.email });
    await endMembership(db, animator, community.slug, world.actors.banned!.id, 'banned');
    await db.insertInto('memberships').values({ id: newId(), community_id: community.id, user_id: world.actors.pending!.id, role: 'member', status: 'pending', created_at: now(), updated_at: now() }).execute();
  }
  const author = world.actors.author!;
  for (const key of resourceKeys) {
    const spec = resourceSpecs[key];
    const by = spec.by === 'adder' ? world.actors.adder! : author;
    const links = key === 'private' || key === 'authors' ? ` Voir aussi [[${world.resources.public}|la fiche publique]].` : '';
    const file = spec.file ? { bytes: new TextEncoder().encode(`Compte rendu canary-lib-${key}-body`), fileName: 'compte-rendu.txt' } : undefined;
    const { id } = await createResource(db, by, {
      kind: spec.file ? 'file' : 'note',
      title: `canary-lib-${key}-title`,
      body: `Première version canary-lib-${key}-revision.`,
      visibility: spec.visibility,
      communities: spec.linked.map((c) => world.slugs[c]),
      categories: [`canary-lib-${key}-body`],
      licence: spec.by === 'adder' ? 'all-rights-reserved' : 'cc-by-sa',
      ...(spec.by === 'adder' ? { authors: ['Personne extérieure'] } : {})
    }, file);
    await updateResource(db, by, id, { body: `canary-lib-${key}-body.${links}`, message: 'Deuxième version', revision: 1 });
    if (spec.deleted) await deleteResource(db, by, id);
    world.resources[key] = id;
  }
  world.discussion = (await discussResource(db, world.actors.member, world.resources.public, world.slugs.private)).postId;
  for (const key of notebookKeys) {
    const spec = notebookSpecs[key];
    const { id } = await createNotebook(db, author, { title: `canary-lib-${key}`, visibility: spec.visibility, communities: spec.linked.map((c) => world.slugs[c]) });
    // The deleted one and the adder's own are written in as they were added before.
    for (const item of spec.items) {
      if (item === 'deleted' || item === 'owned') await db.insertInto('notebook_items').values({ notebook_id: id, resource_id: world.resources[item], position: 100 + spec.items.indexOf(item), added_by: author.id, added_at: now() }).execute();
      else await addToNotebook(db, author, id, world.resources[item]);
    }
    world.notebooks[key] = id;
  }
  return world;
}

type Row = {
  /** A domain function's result, or (through http()) a route's answer. */
  call: (w: World, actor: Actor | null) => Promise<unknown>;
  allowed: (p: Principal) => boolean;
  /** Canaries the answer must contain. */
  shows: (p: Principal) => SecretId[];
};
type KeyRow = {
  call: (w: World, actor: Actor | null, key: ResourceKey) => Promise<unknown>;
  allowed: (p: Principal, key: ResourceKey) => boolean;
  shows: (p: Principal, key: ResourceKey) => SecretId[];
};

const readable = (p: Principal) => resourceKeys.filter((key) => mayResource('read', p, key));
const titles = (keys: ResourceKey[]): SecretId[] => keys.map((key) => `res:${key}:title` as const);
const unzipText = async (work: Promise<{ body: string | Uint8Array }>) => {
  const { body } = await work;
  return Object.entries(unzipSync(body as Uint8Array)).map(([name, bytes]) => `${name}\n${strFromU8(bytes)}`).join('\n');
};
const itemsOf = (p: Principal, key: NotebookKey) => (mayNotebook('read', p, key) ? notebookSpecs[key].items.filter((item) => mayResource('read', p, item)) : []);
const page = { limit: 100 };

/** A route's answer, marked so the runner does not take it for a domain function's result. */
class Routed {
  constructor(readonly answer: Answer) {}
}
const api = (handler: unknown, call: Invocation) => runApi(handler, call).then((a) => new Routed(a));
const load = (handler: unknown, call: Invocation) => runPage(handler, call).then((a) => new Routed(a));
async function answerOf(work: () => Promise<unknown>): Promise<Answer> {
  let routed: Answer | null = null;
  const answer = await runDomain(async () => {
    const result = await work();
    if (!(result instanceof Routed)) return result;
    routed = result.answer;
    return null;
  });
  return routed ?? answer;
}
const as = (actor: Actor | null, path: string, params: Record<string, string> = {}): Invocation => ({ actor, path, params });
const allIds = (w: World) => resourceKeys.map((key) => w.resources[key]).join(',');

/** Lists and notebooks: once per principal. */
const reads: Record<string, Row> = {
  'listResources (the instance)': {
    call: (w, actor) => listResources(instance.db, actor, { sort: 'recent' }, page),
    allowed: () => true,
    shows: (p) => titles(readable(p))
  },
  'listResources (sorted by most discussed)': {
    call: (w, actor) => listResources(instance.db, actor, { sort: 'discussed' }, page),
    allowed: () => true,
    shows: (p) => titles(readable(p))
  },
  'listResources (searching)': {
    call: (w, actor) => listResources(instance.db, actor, { sort: 'recent', q: 'canary' }, page),
    allowed: () => true,
    shows: (p) => titles(readable(p))
  },
  'categoriesInUse': {
    call: (w, actor) => categoriesInUse(instance.db, actor),
    allowed: () => true,
    shows: (p) => readable(p).map((key) => `res:${key}:body` as const)
  },
  'listNotebooks': {
    call: (w, actor) => listNotebooks(instance.db, actor),
    allowed: () => true,
    shows: (p) => notebookKeys.filter((key) => mayNotebook('read', p, key)).map((key) => `nb:${key}` as const)
  },
  'exportReferences (a selection of everything, csl-json)': {
    call: (w, actor) => exportReferences(instance.db, actor, { ids: resourceKeys.map((key) => w.resources[key]) }, 'csl-json'),
    allowed: () => true,
    shows: (p) => titles(readable(p))
  },
  'exportReferences (a selection, APA)': {
    call: (w, actor) => exportReferences(instance.db, actor, { ids: resourceKeys.map((key) => w.resources[key]) }, 'apa'),
    allowed: () => true,
    shows: () => []
  }
};
Object.assign(reads, {
  'GET /api/v1/resources': { call: (w, actor) => api(resourcesApi.GET, as(actor, '/api/v1/resources?limit=100')), allowed: () => true, shows: (p) => titles(readable(p)) },
  'GET /api/v1/notebooks': {
    call: (w, actor) => api(notebooksApi.GET, as(actor, '/api/v1/notebooks?limit=100')),
    allowed: () => true,
    shows: (p) => notebookKeys.filter((key) => mayNotebook('read', p, key)).map((key) => `nb:${key}` as const)
  },
  'page /library': { call: (w, actor) => load(libraryPage.load, as(actor, '/library')), allowed: () => true, shows: (p) => titles(readable(p)) },
  'file /library/export?ids=…&format=csl-json': {
    call: (w, actor) => load(libraryExportFile.GET, as(actor, `/library/export?format=csl-json&ids=${allIds(w)}`)),
    allowed: () => true,
    shows: (p) => titles(readable(p))
  }
} satisfies Record<string, Row>);
for (const c of ['public', 'private', 'hidden'] as const) {
  const shown = (p: Principal) => titles(readable(p).filter((key) => resourceSpecs[key].linked.includes(c)));
  reads[`listResources (the ${c} community's)`] = {
    call: (w, actor) => listResources(instance.db, actor, { sort: 'recent', communityId: w.communityIds[c] }, page),
    allowed: () => true,
    shows: shown
  };
  reads[`categoriesInUse (the ${c} community's)`] = {
    call: (w, actor) => categoriesInUse(instance.db, actor, w.communityIds[c]),
    allowed: () => true,
    shows: (p) => readable(p).filter((key) => resourceSpecs[key].linked.includes(c)).map((key) => `res:${key}:body` as const)
  };
  reads[`GET /api/v1/resources?community={${c}}`] = {
    call: (w, actor) => api(resourcesApi.GET, as(actor, `/api/v1/resources?limit=100&community=${w.slugs[c]}`)),
    allowed: (p) => readsContentOf(p, c),
    shows: (p) => (readsContentOf(p, c) ? shown(p) : [])
  };
  reads[`page /c/{${c}}/library`] = {
    call: (w, actor) => load(communityLibraryPage.load, as(actor, `/c/${w.slugs[c]}/library`, { slug: w.slugs[c] })),
    allowed: (p) => readsContentOf(p, c),
    shows: (p) => (readsContentOf(p, c) ? [...shown(p), ...notebookKeys.filter((key) => mayNotebook('read', p, key) && notebookSpecs[key].linked.includes(c)).map((key) => `nb:${key}` as const)] : [])
  };
  reads[`listNotebooks (the ${c} community's)`] = {
    call: (w, actor) => listNotebooks(instance.db, actor, { communityId: w.communityIds[c] }),
    allowed: () => true,
    shows: (p) => notebookKeys.filter((key) => mayNotebook('read', p, key) && notebookSpecs[key].linked.includes(c)).map((key) => `nb:${key}` as const)
  };
}
for (const key of notebookKeys) {
  reads[`readNotebook (${key})`] = {
    call: (w, actor) => readNotebook(instance.db, actor, w.notebooks[key]),
    allowed: (p) => mayNotebook('read', p, key),
    shows: (p) => (mayNotebook('read', p, key) ? [`nb:${key}`, ...titles(itemsOf(p, key))] : [])
  };
  reads[`readNotebook (${key}, searching)`] = {
    call: (w, actor) => readNotebook(instance.db, actor, w.notebooks[key], { q: 'canary', sort: 'title' }),
    allowed: (p) => mayNotebook('read', p, key),
    shows: (p) => (mayNotebook('read', p, key) ? titles(itemsOf(p, key)) : [])
  };
  reads[`exportReferences (${key}, csl-json)`] = {
    call: (w, actor) => exportReferences(instance.db, actor, { notebookId: w.notebooks[key] }, 'csl-json'),
    allowed: (p) => mayNotebook('read', p, key),
    shows: (p) => titles(itemsOf(p, key))
  };
  reads[`exportReferences (${key}, bibtex)`] = {
    call: (w, actor) => exportReferences(instance.db, actor, { notebookId: w.notebooks[key] }, 'bibtex'),
    allowed: (p) => mayNotebook('read', p, key),
    shows: () => []
  };
  const byId = (w: World) => ({ id: w.notebooks[key] });
  reads[`GET /api/v1/notebooks/{${key}}`] = {
    call: (w, actor) => api(notebookApi.GET, as(actor, '/api/v1/notebooks/x', byId(w))),
    allowed: (p) => mayNotebook('read', p, key),
    shows: (p) => (mayNotebook('read', p, key) ? [`nb:${key}`, ...titles(itemsOf(p, key))] : [])
  };
  reads[`page /n/{${key}}`] = {
    call: (w, actor) => load(notebookPage.load, as(actor, '/n/x', byId(w))),
    allowed: (p) => mayNotebook('read', p, key),
    shows: (p) => (mayNotebook('read', p, key) ? [`nb:${key}`, ...titles(itemsOf(p, key))] : [])
  };
  reads[`GET /api/v1/notebooks/{${key}}/export?format=csl-json`] = {
    call: (w, actor) => api(notebookExportApi.GET, as(actor, '/api/v1/notebooks/x/export?format=csl-json', byId(w))),
    allowed: (p) => mayNotebook('read', p, key),
    shows: (p) => titles(itemsOf(p, key))
  };
  for (const format of ['csl-json', 'markdown'] as const) {
    reads[`file /n/{${key}}/export?format=${format}`] = {
      call: (w, actor) => load(notebookExportFile.GET, as(actor, `/n/x/export?format=${format}`, byId(w))),
      allowed: (p) => mayNotebook('read', p, key),
      // A zip is compressed: only the CSL-JSON can be searched for what it must hold.
      shows: (p) => (format === 'csl-json' ? titles(itemsOf(p, key)) : [])
    };
  }
  for (const format of ['markdown', 'html'] as const) {
    reads[`exportNotebookBundle (${key}, ${format})`] = {
      call: (w, actor) => unzipText(exportNotebookBundle(instance.db, actor, w.notebooks[key], format)),
      allowed: (p) => mayNotebook('read', p, key),
      // Notes and collective works only: a document is not a text to bundle.
      shows: (p) => itemsOf(p, key).filter((item) => !resourceSpecs[item].file).flatMap((item) => [`res:${item}:title` as const, `res:${item}:body` as const])
    };
  }
}

const readsIt = (p: Principal, key: ResourceKey) => mayResource('read', p, key);
const wholeOf = (p: Principal, key: ResourceKey): SecretId[] => {
  if (!mayResource('read', p, key)) return [];
  const backlinks = key === 'public' ? titles((['private', 'authors'] as const).filter((k) => mayResource('read', p, k))) : [];
  const hidden: SecretId[] = resourceSpecs[key].linked.includes('hidden') && maySee('name:hidden', p) ? ['name:hidden'] : [];
  const discussion: SecretId[] = key === 'public' && maySee('discussion:private', p) ? ['discussion:private'] : [];
  return [`res:${key}:title`, `res:${key}:body`, ...backlinks, ...hidden, ...discussion];
};
const idOf = (w: World, key: ResourceKey) => ({ id: w.resources[key] });

/** Paths about one resource: once per principal and resource. */
const resourceReads: Record<string, KeyRow> = {
  'GET /api/v1/resources/{id}': { call: (w, actor, key) => api(resourceApi.GET, as(actor, '/api/v1/resources/x', idOf(w, key))), allowed: readsIt, shows: wholeOf },
  'page /r/{id}': { call: (w, actor, key) => load(resourcePage.load, as(actor, '/r/x', idOf(w, key))), allowed: readsIt, shows: wholeOf },
  'GET /api/v1/resources/{id}/revisions': {
    call: (w, actor, key) => api(revisionsApi.GET, as(actor, '/api/v1/resources/x/revisions', idOf(w, key))),
    allowed: readsIt,
    shows: (p, key) => (readsIt(p, key) ? [`res:${key}:title`] : [])
  },
  'page /r/{id}/history': {
    call: (w, actor, key) => load(historyPage.load, as(actor, '/r/x/history', idOf(w, key))),
    allowed: readsIt,
    shows: (p, key) => (readsIt(p, key) ? [`res:${key}:title`] : [])
  },
  'GET /api/v1/resources/{id}/revisions/1': {
    call: (w, actor, key) => api(revisionApi.GET, as(actor, '/api/v1/resources/x/revisions/1', { ...idOf(w, key), number: '1' })),
    allowed: readsIt,
    shows: (p, key) => (readsIt(p, key) ? [`res:${key}:revision`] : [])
  },
  'page /r/{id}/revisions/1': {
    call: (w, actor, key) => load(revisionPage.load, as(actor, '/r/x/revisions/1', { ...idOf(w, key), number: '1' })),
    allowed: readsIt,
    shows: (p, key) => (readsIt(p, key) ? [`res:${key}:revision`] : [])
  },
  'GET /api/v1/resources/{id}/diff?from=1&to=2': {
    call: (w, actor, key) => api(diffApi.GET, as(actor, '/api/v1/resources/x/diff?from=1&to=2', idOf(w, key))),
    allowed: readsIt,
    shows: (p, key) => (readsIt(p, key) ? [`res:${key}:title`] : [])
  },
  'page /r/{id}/diff?from=1&to=2': {
    call: (w, actor, key) => load(diffPage.load, as(actor, '/r/x/diff?from=1&to=2', idOf(w, key))),
    allowed: readsIt,
    shows: (p, key) => (readsIt(p, key) ? [`res:${key}:title`] : [])
  },
  'page /r/{id}/edit': {
    call: (w, actor, key) => load(editPage.load, as(actor, '/r/x/edit', idOf(w, key))),
    allowed: (p, key) => p !== 'anonymous' && mayResource('edit', p, key),
    shows: (p, key) => (p !== 'anonymous' && mayResource('edit', p, key) ? [`res:${key}:title`, `res:${key}:body`] : [])
  },
  'file /r/{id}/file': {
    call: (w, actor, key) => load(resourceFile.GET, as(actor, '/r/x/file', idOf(w, key))),
    allowed: (p, key) => resourceSpecs[key].file === true && readsIt(p, key),
    shows: (p, key) => (resourceSpecs[key].file && readsIt(p, key) ? [`res:${key}:body`] : [])
  },
  readResource: {
    // Its backlinks, notebooks, discussions and communities are what the reader may read, nothing more.
    call: (w, actor, key) => readResource(instance.db, actor, w.resources[key]),
    allowed: readsIt,
    shows: wholeOf
  },
  listRevisions: {
    call: (w, actor, key) => listRevisions(instance.db, actor, w.resources[key]),
    allowed: (p, key) => mayResource('read', p, key),
    shows: (p, key) => (mayResource('read', p, key) ? [`res:${key}:title`] : [])
  },
  'readRevision (the first)': {
    call: (w, actor, key) => readRevision(instance.db, actor, w.resources[key], 1),
    allowed: (p, key) => mayResource('read', p, key),
    shows: (p, key) => (mayResource('read', p, key) ? [`res:${key}:revision`] : [])
  },
  'compareRevisions (1 → 2)': {
    call: (w, actor, key) => compareRevisions(instance.db, actor, w.resources[key], 1, 2),
    allowed: (p, key) => mayResource('read', p, key),
    // The diff cuts words apart: only its title is whole.
    shows: (p, key) => (mayResource('read', p, key) ? [`res:${key}:title`] : [])
  }
};

function check(answer: Answer, w: World, p: Principal, allowed: boolean, shows: SecretId[], label: string) {
  const full = `${label}: ${answer.status} ${answer.text.slice(0, 200)}`;
  if (allowed) expect(answer.status, full).toBe(200);
  // A page sends a visitor to sign in (303).
  else expect([303, 401, 403, 404], full).toContain(answer.status);
  const lower = answer.text.toLowerCase();
  expect(shows.filter((id) => !lower.includes(textOf(w, id).toLowerCase())), `${full}: missing`).toEqual([]);
  expect(leaksIn(answer.text, secretIds, (id) => textOf(w, id), (id) => maySee(id, p)), full).toEqual([]);
}

describe('the library: every path × every principal', () => {
  let world: World;
  beforeAll(async () => {
    world = await seed();
  }, 120_000);

  for (const [path, row] of Object.entries(reads)) {
    it(`${path}: only the right principals read, they see what they may, and no canary leaks`, async () => {
      for (const p of principals) {
        const answer = await answerOf(() => row.call(world, world.actors[p]));
        check(answer, world, p, row.allowed(p), row.shows(p), p);
      }
    });
  }

  for (const [path, row] of Object.entries(resourceReads)) {
    it(`${path}: only the right principals read, they see what they may, and no canary leaks`, async () => {
      for (const p of principals) {
        for (const key of resourceKeys) {
          const answer = await answerOf(() => row.call(world, world.actors[p], key));
          check(answer, world, p, row.allowed(p, key), row.shows(p, key), `${p} on ${key}`);
          // A resource one may not read answers exactly as one that does not exist (whose address it echoes).
          if (!mayResource('read', p, key)) {
            const ghost = newId();
            const missing = await answerOf(() => row.call({ ...world, resources: { ...world.resources, [key]: ghost } }, world.actors[p], key));
            expect(answer, `${p} on ${key}`).toEqual({ ...missing, text: missing.text.replaceAll(ghost, world.resources[key]) });
          }
        }
      }
    });
  }

  it('readResource: the ownership warning shows when the member who added it is not its author', async () => {
    const owned = await readResource(instance.db, world.actors.adder, world.resources.owned);
    expect(owned.ownershipWarning).toBe(true);
    expect(owned.authors.map((a) => a.name)).toEqual(['Personne extérieure']);
    expect((await readResource(instance.db, world.actors.author, world.resources.public)).ownershipWarning).toBe(false);
  });

  it('readResource: a hidden community linked to a public resource is named to its members only', async () => {
    for (const p of principals) {
      const view = await readResource(instance.db, world.actors[p], world.resources.public);
      const names = view.communities.map((c) => c.slug);
      expect(names.includes(world.slugs.hidden), p).toBe(maySee('name:hidden', p));
      expect(names.includes(world.slugs.private), p).toBe(true);
      expect(view.discussions.some((d) => d.postId === world.discussion), p).toBe(maySee('discussion:private', p));
    }
  });

  it('a bare [[id]] link never keeps the title of a resource that stopped being public', async () => {
    const db = instance.db;
    const author = world.actors.author!;
    const { id: target } = await createResource(db, author, { kind: 'note', title: 'canary-lib-later-title', visibility: 'public' });
    const { id: linker } = await createResource(db, author, { kind: 'note', title: 'Fiche qui renvoie', body: `Voir [[${target}]].`, visibility: 'public' });
    expect((await readResource(db, null, linker)).bodyHtml).toContain('canary-lib-later-title');
    await updateResource(db, author, target, { visibility: 'authors' });
    for (const p of principals.filter((p) => p !== 'author' && p !== 'admin')) {
      const text = JSON.stringify(await readResource(db, world.actors[p], linker)) + (await unzipText(exportNotebookBundle(db, author, world.notebooks['nb-public'], 'html')));
      expect(text.includes('canary-lib-later-title'), p).toBe(false);
    }
    await deleteResource(db, author, linker);
    await deleteResource(db, author, target);
  });

  // -------------------------------------------------------------------------------------------
  // 4. Refused writes change nothing.

  const tables = ['resource_revisions', 'resource_authors', 'resource_categories', 'resource_communities', 'resource_links', 'resource_applications', 'resource_discussions', 'notebook_items'] as const;
  async function snapshot(): Promise<string> {
    const db = instance.db;
    const rows: Record<string, unknown> = {
      resources: await db.selectFrom('resources').selectAll().orderBy('id').execute(),
      posts: (await db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
    };
    for (const table of tables) rows[table] = (await db.selectFrom(table as 'resource_links').selectAll().execute()).map((r) => JSON.stringify(r)).sort();
    return JSON.stringify(rows);
  }

  type State = { resources: Resource[]; rows: Record<(typeof tables)[number], Record<string, unknown>[]> };
  async function save(): Promise<State> {
    const db = instance.db;
    const rows = {} as State['rows'];
    for (const table of tables) rows[table] = await db.selectFrom(table as 'resource_links').selectAll().execute();
    return { resources: await db.selectFrom('resources').selectAll().execute(), rows };
  }
  /** Back to the seeded state after an allowed write (a discussion's publication stays, unlinked). */
  async function restore(state: State) {
    await instance.db.transaction().execute(async (tx) => {
      for (const table of tables) {
        await tx.deleteFrom(table as 'resource_links').execute();
        if (state.rows[table].length > 0) await tx.insertInto(table as 'resource_links').values(state.rows[table] as never).execute();
      }
      for (const resource of state.resources) await tx.updateTable('resources').set(resource).where('id', '=', resource.id).execute();
    });
  }

  type Write = {
    call: (w: World, actor: Actor | null, key: ResourceKey) => Promise<unknown>;
    allowed: (p: Principal, key: ResourceKey) => boolean;
    /** Only some resources: a discussion opens in a community the resource is linked to. */
    only?: (key: ResourceKey) => boolean;
  };
  const writes: Record<string, Write> = {
    updateResource: { call: (w, actor, key) => updateResource(instance.db, actor, w.resources[key], { title: 'Titre changé' }), allowed: (p, key) => mayResource('edit', p, key) },
    restoreRevision: { call: (w, actor, key) => restoreRevision(instance.db, actor, w.resources[key], 1), allowed: (p, key) => mayResource('edit', p, key) },
    deleteResource: { call: (w, actor, key) => deleteResource(instance.db, actor, w.resources[key]), allowed: (p, key) => mayResource('moderate', p, key) },
    'addToNotebook (nb-private)': {
      // Only the author contributes to it; an addition that is already there changes nothing.
      call: (w, actor, key) => addToNotebook(instance.db, actor, w.notebooks['nb-private'], w.resources[key]),
      allowed: (p, key) => p === 'author' && mayResource('read', p, key)
    },
    'discussResource (in the private community)': {
      call: (w, actor, key) => discussResource(instance.db, actor, w.resources[key], w.slugs.private),
      allowed: (p, key) => mayResource('discuss', p, key) && (p === 'admin' || membershipIn(p, 'private')?.status === 'active'),
      only: (key) => resourceSpecs[key].linked.includes('private')
    },
    'updateResource (linking a community the writer is not a member of)': {
      call: (w, actor, key) => updateResource(instance.db, actor, w.resources[key], { communities: [...resourceSpecs[key].linked.map((c) => w.slugs[c]), w.elsewhere] }),
      allowed: () => false
    }
  };

  for (const [path, row] of Object.entries(writes)) {
    it(`${path}: refused to everyone who may not, and a refusal changes nothing`, async () => {
      const seeded = await save();
      for (const p of principals) {
        for (const key of resourceKeys.filter(row.only ?? (() => true))) {
          const before = await snapshot();
          const answer = await runDomain(() => row.call(world, world.actors[p], key));
          const label = `${p} on ${key}: ${answer.status} ${answer.text.slice(0, 200)}`;
          if (row.allowed(p, key)) {
            expect(answer.status, label).toBe(200);
            await restore(seeded);
            continue;
          }
          // 400 when an allowed editor's input is refused (linking a community they are not in).
          expect([400, 401, 403, 404], label).toContain(answer.status);
          if (answer.status === 400) expect(mayResource('edit', p, key), label).toBe(true);
          expect(await snapshot(), label).toBe(before);
          expect(leaksIn(answer.text, secretIds, (id) => textOf(world, id), (id) => maySee(id, p)), label).toEqual([]);
          if (!mayResource('read', p, key)) expect(answer, label).toEqual(await runDomain(() => row.call({ ...world, resources: { ...world.resources, [key]: newId() } }, world.actors[p], key)));
        }
      }
    });
  }

  it('createResource: linking a community one is not a member of creates nothing (administrators post anywhere)', async () => {
    for (const p of principals.filter((p) => p !== 'admin')) {
      const before = await snapshot();
      const answer = await runDomain(() => createResource(instance.db, world.actors[p], { kind: 'note', title: 'Nouvelle fiche', visibility: 'public', communities: [world.elsewhere] }));
      expect([401, 403, 404], `${p}: ${answer.status} ${answer.text}`).toContain(answer.status);
      expect(await snapshot(), p).toBe(before);
    }
  });
});

// The authorisation matrix for publications (issue 4), beside matrix.spec.ts which does communities:
// the same principals and public, private and hidden communities, in the same three parts:
//   - `postRules`: what `canOnPost()` must answer, written from the issue's words, not from the code;
//   - the SQL filters (wherePostReadableBy, whereInFeed) must agree with canOnPost('read') on real rows;
//   - `reads`, `postReads`, `communityActions` and `actions`: every API route, page load and domain function,
//     by every principal.
// Each publication hides canaries (title, body, tag, comment, file, earlier version), members have
// canaries in their names; a response to anyone who may not see one must never contain it, and a
// response to someone who may must. A new path is a new row; a new secret is a new canary.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { fakeActor, fakeCommunity, isMember, nowhere, runApi, runDomain, runPage, standing, visibilities, type Answer, type Place } from '../../../../tests/setup/matrix';
import { translate } from '../../i18n';
import type { Actor } from '../auth/actor';
import { newId, now } from '../ids';
import { addMemberByEmail, changeRole, createCommunity, endMembership, inviteByEmail } from '../communities';
import { addComment, createPost, deletePost, setLocked, updatePost } from '../posts';
import type { Community, Post, PostKind, Visibility } from '../db/schema';
import { canOnPost, whereInFeed, wherePostReadableBy, type PostAction, type PostRelation, type Relation } from '.';
import * as feedRoute from '../../../routes/api/v1/feed/+server';
import * as communityPostsRoute from '../../../routes/api/v1/communities/[slug]/posts/+server';
import * as tagPostsRoute from '../../../routes/api/v1/tags/[tag]/posts/+server';
import * as postRoute from '../../../routes/api/v1/posts/[id]/+server';
import * as commentsRoute from '../../../routes/api/v1/posts/[id]/comments/+server';
import * as commentRoute from '../../../routes/api/v1/posts/[id]/comments/[commentId]/+server';
import * as revisionsRoute from '../../../routes/api/v1/posts/[id]/revisions/+server';
import * as attachmentsRoute from '../../../routes/api/v1/posts/[id]/attachments/+server';
import * as pinRoute from '../../../routes/api/v1/posts/[id]/pin/+server';
import * as lockRoute from '../../../routes/api/v1/posts/[id]/lock/+server';
import * as moveRoute from '../../../routes/api/v1/posts/[id]/move/+server';
import * as reactionsRoute from '../../../routes/api/v1/posts/[id]/reactions/+server';
import * as answerRoute from '../../../routes/api/v1/posts/[id]/answer/+server';
import * as followRoute from '../../../routes/api/v1/posts/[id]/follow/+server';
import * as homePage from '../../../routes/+page.server';
import * as communityLayout from '../../../routes/c/[slug]/+layout.server';
import * as communityPage from '../../../routes/c/[slug]/+page.server';
import * as communityPostsPage from '../../../routes/c/[slug]/posts/+page.server';
import * as atomFile from '../../../routes/c/[slug]/feed.atom/+server';
import * as tagPage from '../../../routes/tags/[tag]/+page.server';
import * as postPage from '../../../routes/p/[id]/+page.server';
import * as historyPage from '../../../routes/p/[id]/history/+page.server';
import * as editPage from '../../../routes/p/[id]/edit/+page.server';
import * as attachmentFile from '../../../routes/p/[id]/files/[attachmentId]/+server';
import * as mentionsRoute from '../../../routes/p/mentions/+server';
import * as previewRoute from '../../../routes/p/preview/+server';

const instance = useTestInstance();

const principals = ['anonymous', 'outsider', 'requester', 'invited', 'member', 'removed', 'banned', 'otherAnimator', 'animator', 'steward', 'admin'] as const;
type Principal = (typeof principals)[number];
type Someone = Principal | 'left' | 'declined';
const everyone: Someone[] = [...principals, 'left', 'declined'];

// ---------------------------------------------------------------------------------------------
// 1. canOnPost(): the rules as a table.

/** A publication as one person stands to it: where it lives, which of its communities they are in, whether they wrote it. */
type Shape = {
  home: Place;
  other: Place | null;
  belongsTo: 'home' | 'other' | null;
  kind: 'question' | 'discussion';
  locked: boolean;
  deleted: boolean;
  wrote: boolean;
};

const placesOf = (s: Shape) => (s.other ? [['home', s.home] as const, ['other', s.other] as const] : [['home', s.home] as const]);
/** Reading a community's content: anyone in a public one, members in the others, admins everywhere; archived stays readable. */
const readsIn = (p: Someone, s: Shape, where: 'home' | 'other', place: Place) => p === 'admin' || place.visibility === 'public' || (s.belongsTo === where && isMember(p));
/** Taking part in a community: its active members (and admins) while it is not archived. */
const postsIn = (p: Someone, s: Shape, where: 'home' | 'other', place: Place) => place.status === 'active' && (p === 'admin' || (s.belongsTo === where && isMember(p)));
const postsSomewhere = (p: Someone, s: Shape) => placesOf(s).some(([where, place]) => postsIn(p, s, where, place));
/** The animators of the community it was written in, and admins. */
const animatesHome = (p: Someone, s: Shape) => p === 'admin' || (p === 'animator' && s.belongsTo === 'home');
/** Moderating writes: an archived community is read-only for everyone. */
const moderates = (p: Someone, s: Shape) => s.home.status === 'active' && animatesHome(p, s);

/**
 * From the issue: readers are those who can read one of the communities it is in; taking part (comment,
 * react) is for active members of one of them while it is not locked; its author and the animators of
 * its community (and admins) edit it; the same moderate it; its author and the animators read its
 * history; for a question, its author or an animator marks the answer. A deleted one only keeps its history.
 */
const postRules: Record<PostAction, (p: Someone, s: Shape) => boolean> = {
  read: (p, s) => placesOf(s).some(([where, place]) => readsIn(p, s, where, place)),
  take_part: (p, s) => postRules.read(p, s) && !s.deleted && !s.locked && postsSomewhere(p, s),
  edit: (p, s) => postRules.read(p, s) && !s.deleted && (moderates(p, s) || (s.wrote && postsSomewhere(p, s))),
  moderate: (p, s) => postRules.read(p, s) && !s.deleted && moderates(p, s),
  history: (p, s) => postRules.read(p, s) && (s.wrote || animatesHome(p, s)),
  mark_answer: (p, s) => postRules.read(p, s) && !s.deleted && s.kind === 'question' && (moderates(p, s) || (s.wrote && postsSomewhere(p, s)))
};

function* shapes(): Generator<Shape> {
  const places: Place[] = visibilities.flatMap((visibility) => (['active', 'archived'] as const).map((status) => ({ visibility, status })));
  for (const home of places) {
    for (const other of [null, ...places]) {
      for (const belongsTo of other ? (['home', 'other', null] as const) : (['home', null] as const)) {
        for (const kind of ['question', 'discussion'] as const) {
          for (const locked of [false, true]) {
            for (const deleted of [false, true]) {
              for (const wrote of [false, true]) yield { home, other, belongsTo, kind, locked, deleted, wrote };
            }
          }
        }
      }
    }
  }
}

const describeShape = (s: Shape) =>
  `${s.home.status} ${s.home.visibility}${s.other ? ` shared into ${s.other.status} ${s.other.visibility}` : ''}, ` +
  `in ${s.belongsTo ?? 'neither'}, ${s.kind}${s.locked ? ', locked' : ''}${s.deleted ? ', deleted' : ''}${s.wrote ? ', theirs' : ''}`;

/** A publication row; the SQL test inserts the same shape. */
function postRow(id: string, communityId: string, fields: Partial<Post> = {}): Post {
  const at = now();
  return {
    id, community_id: communityId, author_id: null, kind: 'discussion' as PostKind, title: 'Sujet', body: 'Texte', body_html: '<p>Texte</p>',
    language: 'fr', link_url: null, link_preview: null, revision: 1, comment_count: 0, view_count: 0, answer_id: null,
    pinned_at: null, locked_at: null, deleted_at: null, deleted_by: null, edited_at: null, activity_at: at, created_at: at, updated_at: at,
    ...fields
  };
}

function fakeRelation(p: Someone, s: Shape): PostRelation {
  const relation = (where: 'home' | 'other', place: Place): Relation => ({
    community: fakeCommunity(where, place),
    membership: s.belongsTo === where ? standing[p].membership : null
  });
  const home = relation('home', s.home);
  const post = postRow('post', 'home', { author_id: s.wrote ? p : 'someone-else', kind: s.kind, locked_at: s.locked ? 1 : null, deleted_at: s.deleted ? 1 : null });
  return { post, home, communities: s.other ? [home, relation('other', s.other)] : [home] };
}

describe('canOnPost(): the rules as a table', () => {
  for (const action of Object.keys(postRules) as PostAction[]) {
    it(`${action}: exactly the principals the rules name`, () => {
      const wrong: string[] = [];
      for (const shape of shapes()) {
        for (const p of everyone) {
          if (p === 'anonymous' && shape.wrote) continue;
          const expected = postRules[action](p, shape);
          if (canOnPost(fakeActor(p), action, fakeRelation(p, shape)) !== expected) wrong.push(`${p} ${expected ? 'refused' : 'allowed'}: ${describeShape(shape)}`);
        }
      }
      expect(wrong.slice(0, 12), `${wrong.length} disagreements`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 2. The SQL filters agree with canOnPost('read') on real rows, for every principal.

describe('SQL filters agree with canOnPost(read)', () => {
  it("wherePostReadableBy is canOnPost(read); whereInFeed is canOnPost(read) through the communities of one's feed", async () => {
    const db = instance.db;
    const actors = {} as Record<Someone, Actor | null>;
    for (const p of everyone) {
      const { account } = standing[p];
      actors[p] = account === 'none' ? null : await person(db, p, { role: account });
    }
    const created: string[] = [];
    for (const visibility of visibilities) {
      for (const status of ['active', 'archived', 'pending'] as const) {
        const community = await createCommunity(db, actors.animator, { name: `${status} ${visibility}`, visibility });
        await db.updateTable('communities').set({ status }).where('id', '=', community.id).execute();
        created.push(community.id);
        // Everyone stands in every other community only: a publication shared into two may be theirs through one.
        if (created.length % 2 === 0) continue;
        for (const p of everyone) {
          const membership = standing[p].membership;
          if (!membership || p === 'animator') continue;
          await db
            .insertInto('memberships')
            .values({ id: newId(), community_id: community.id, user_id: actors[p]!.id, ...membership, created_at: now(), updated_at: now() })
            .execute();
        }
      }
    }
    const ids: string[] = [];
    const publish = async (communityIds: string[]) => {
      const id = newId();
      // Every fifth one deleted: reading rules do not change, feeds leave them out elsewhere.
      await db.insertInto('posts').values(postRow(id, communityIds[0]!, { deleted_at: ids.length % 5 === 4 ? now() : null })).execute();
      await db.insertInto('post_communities').values(communityIds.map((communityId) => ({ post_id: id, community_id: communityId, activity_at: now(), created_at: now() }))).execute();
      ids.push(id);
    };
    for (const [i, home] of created.entries()) {
      await publish([home]);
      for (const other of created.slice(i + 1)) await publish([home, other]);
    }
    const communities = await db.selectFrom('communities').selectAll().where('id', 'in', created).execute();
    const posts = await db.selectFrom('posts').selectAll().where('id', 'in', ids).execute();
    const links = await db.selectFrom('post_communities').select(['post_id', 'community_id']).where('post_id', 'in', ids).execute();

    for (const p of everyone) {
      const actor = actors[p];
      const memberships = actor ? await db.selectFrom('memberships').select(['community_id', 'role', 'status']).where('user_id', '=', actor.id).execute() : [];
      const relationTo = (community: Community): Relation => ({ community, membership: memberships.find((m) => m.community_id === community.id) ?? null });
      const relationOf = (post: Post): PostRelation => {
        const mine = links.filter((l) => l.post_id === post.id).map((l) => relationTo(communities.find((c) => c.id === l.community_id)!));
        return { post, home: mine.find((r) => r.community.id === post.community_id)!, communities: mine };
      };
      // From the issue: the home feed is my communities plus public ones (scope `all`), or mine only.
      const inFeed = (r: Relation, scope: 'all' | 'mine') =>
        r.membership?.status === 'active' || (scope === 'all' && r.community.visibility === 'public' && r.community.status !== 'pending');
      const listed = async (filters: ReturnType<typeof wherePostReadableBy>[]) => {
        let query = db.selectFrom('posts').select('id').where('id', 'in', ids);
        for (const filter of filters) query = query.where(filter);
        return (await query.execute()).map((r) => r.id).sort();
      };
      const expected = (keep: (post: Post) => boolean) => posts.filter(keep).map((post) => post.id).sort();

      expect(await listed([wherePostReadableBy(actor)]), `${p}: read`).toEqual(expected((post) => canOnPost(actor, 'read', relationOf(post))));
      for (const scope of ['all', 'mine'] as const) {
        const feed = (post: Post) => {
          const relation = relationOf(post);
          return canOnPost(actor, 'read', { ...relation, communities: relation.communities.filter((r) => inFeed(r, scope)) });
        };
        expect(await listed([wherePostReadableBy(actor), whereInFeed(actor, scope)]), `${p}: feed ${scope}`).toEqual(expected(feed));
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Every path, by every principal of a public, a private and a hidden community.

type PostKey = `${Visibility}-${'main' | 'locked' | 'deleted'}` | 'shared-private' | 'shared-hidden';
type PostSpec = { home: Visibility; also: Visibility[]; kind: 'question' | 'discussion'; by: 'member' | 'bridge'; locked?: true; deleted?: true };

/**
 * In each community, its member's question, a locked discussion and a deleted one, each commented on by
 * the steward; and two publications of a member of all three, written in the private (hidden) one and
 * shared into the public one, where anyone may read them.
 */
const postSpecs: Record<PostKey, PostSpec> = {
  'public-main': { home: 'public', also: [], kind: 'question', by: 'member' },
  'public-locked': { home: 'public', also: [], kind: 'discussion', by: 'member', locked: true },
  'public-deleted': { home: 'public', also: [], kind: 'discussion', by: 'member', deleted: true },
  'private-main': { home: 'private', also: [], kind: 'question', by: 'member' },
  'private-locked': { home: 'private', also: [], kind: 'discussion', by: 'member', locked: true },
  'private-deleted': { home: 'private', also: [], kind: 'discussion', by: 'member', deleted: true },
  'hidden-main': { home: 'hidden', also: [], kind: 'question', by: 'member' },
  'hidden-locked': { home: 'hidden', also: [], kind: 'discussion', by: 'member', locked: true },
  'hidden-deleted': { home: 'hidden', also: [], kind: 'discussion', by: 'member', deleted: true },
  'shared-private': { home: 'private', also: ['public'], kind: 'question', by: 'bridge' },
  'shared-hidden': { home: 'hidden', also: ['public'], kind: 'discussion', by: 'bridge' }
};
const postKeys = Object.keys(postSpecs) as PostKey[];
/** The publications each principal is tried on: their community's three and both shared ones. */
const postsFor = (v: Visibility) => postKeys.filter((key) => (postSpecs[key].home === v && postSpecs[key].also.length === 0) || key.startsWith('shared-'));
const live = (key: PostKey) => !postSpecs[key].deleted;
const isIn = (key: PostKey, c: Visibility) => postSpecs[key].home === c || postSpecs[key].also.includes(c);

/** A publication as the principal of community v stands to it: they belong to v only (admins to none). */
function shapeOf(p: Principal, v: Visibility, key: PostKey, wroteIt = p === 'member' && postSpecs[key].by === 'member'): Shape {
  const spec = postSpecs[key];
  const active = (visibility: Visibility): Place => ({ visibility, status: 'active' });
  return {
    home: active(spec.home),
    other: spec.also[0] ? active(spec.also[0]) : null,
    belongsTo: v === spec.home ? 'home' : spec.also.includes(v) ? 'other' : null,
    kind: spec.kind,
    locked: spec.locked === true,
    deleted: spec.deleted === true,
    wrote: wroteIt && v === spec.home
  };
}
const may = (action: PostAction, p: Principal, v: Visibility, key: PostKey) => postRules[action](p, shapeOf(p, v, key));
/** A comment follows its publication's rules, with its own author: the steward wrote those of the members' publications. */
const mayOnComment = (action: 'edit' | 'history', p: Principal, v: Visibility, key: PostKey) =>
  postRules[action](p, shapeOf(p, v, key, p === 'steward' && postSpecs[key].by === 'member'));
/** Reading community c's content (its members' names too) as the principal of community v. */
const readsContentOf = (p: Principal, v: Visibility, c: Visibility) => p === 'admin' || c === 'public' || (c === v && isMember(p));
const postsInOwn = (p: Principal) => p === 'admin' || isMember(p);

type Field = 'title' | 'body' | 'tag' | 'comment' | 'file' | 'revision';
const fields: Field[] = ['title', 'body', 'tag', 'comment', 'file', 'revision'];
/** Lower case: a tag is stored in lower case, a handle is made from a name in lower case. */
const canary = (key: PostKey, field: Field) => `canary-${key}-${field}`;
type SecretId = `post:${PostKey}:${Field}` | `person:${Visibility}` | `link:${Visibility}` | 'name:hidden';
const secretIds: SecretId[] = [
  ...postKeys.flatMap((key) => fields.map((field) => `post:${key}:${field}` as const)),
  ...visibilities.flatMap((v) => [`person:${v}` as const, `link:${v}` as const]),
  'name:hidden'
];

type World = {
  actors: Record<Visibility, Record<Principal, Actor | null>>;
  slugs: Record<Visibility, string>;
  /** A public community every animator belongs to: where they may move a publication. */
  destination: string;
  posts: Record<PostKey, { id: string; commentId: string; attachmentId: string }>;
  /** The steward's handle in each community: an @mention renders as a link to /u/{handle} only where it may be made. */
  handles: Record<Visibility, string>;
  seeded: Record<PostKey, Snapshot>;
};

function textOf(w: World, id: SecretId): string {
  const [kind, a, b] = id.split(':') as [string, string, string];
  if (kind === 'post') return canary(a as PostKey, b as Field);
  if (kind === 'person') return `canary-${a}-person`;
  if (kind === 'link') return `/u/${w.handles[a as Visibility]}`;
  return 'canary-hidden-name';
}

function maySee(id: SecretId, p: Principal, v: Visibility): boolean {
  const [kind, a, b] = id.split(':') as [string, string, string];
  // Members' names go where their community's content goes; a hidden community's name to its members.
  if (kind === 'person' || kind === 'link') return readsContentOf(p, v, a as Visibility);
  if (kind === 'name') return readsContentOf(p, v, 'hidden');
  const key = a as PostKey;
  const field = b as Field;
  if (field === 'revision') return may('history', p, v, key);
  if (live(key)) return may('read', p, v, key);
  // A deleted publication is a tombstone; only its history (and its comments' histories) keep the text.
  if (field === 'comment') return mayOnComment('history', p, v, key);
  return field !== 'file' && may('history', p, v, key);
}

function leaks(w: World, text: string, p: Principal, v: Visibility, alsoSees: SecretId[] = []): SecretId[] {
  const lower = text.toLowerCase();
  return secretIds.filter((id) => lower.includes(textOf(w, id)) && !maySee(id, p, v) && !alsoSees.includes(id));
}

const seededTables = ['post_communities', 'comments', 'revisions', 'reactions', 'attachments', 'post_tags', 'mentions', 'post_follows', 'journal'] as const;
type Snapshot = { post: Post; rows: Record<(typeof seededTables)[number], Record<string, unknown>[]> };

/** A publication and every row that hangs off it, in a stable order. */
async function snapshot(postId: string): Promise<Snapshot> {
  const db = instance.db;
  const [post, ...found] = await Promise.all([
    db.selectFrom('posts').selectAll().where('id', '=', postId).executeTakeFirstOrThrow(),
    ...seededTables.map((table) => db.selectFrom(table as 'comments').selectAll().where('post_id', '=', postId).execute() as Promise<Record<string, unknown>[]>)
  ]);
  const rows = {} as Snapshot['rows'];
  for (const [i, table] of seededTables.entries()) {
    rows[table] = found[i]!.map((row) => [JSON.stringify(row), row] as const).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
  }
  return { post, rows };
}

const unchanged = async (postId: string, seeded: Snapshot) => JSON.stringify(await snapshot(postId)) === JSON.stringify(seeded);

async function restore(postId: string, seeded: Snapshot) {
  await instance.db.transaction().execute(async (tx) => {
    for (const table of [...seededTables].reverse()) await tx.deleteFrom(table as 'comments').where('post_id', '=', postId).execute();
    await tx.updateTable('posts').set(seeded.post).where('id', '=', postId).execute();
    for (const table of seededTables) {
      if (seeded.rows[table].length > 0) await tx.insertInto(table as 'comments').values(seeded.rows[table] as never).execute();
    }
  });
}

async function seed(): Promise<World> {
  const db = instance.db;
  const admin = await person(db, 'Admin', { role: 'admin' });
  const outsider = await person(db, 'Passante');
  const otherAnimator = await person(db, 'Animateur ailleurs');
  await createCommunity(db, otherAnimator, { name: 'Ailleurs', visibility: 'hidden' });
  const bridge = await person(db, 'Passeuse');
  const founder = await person(db, 'Fondatrice');
  const destination = await createCommunity(db, founder, { name: 'Destination', visibility: 'public', slug: 'matrice-destination' });
  const world = { actors: {}, slugs: {}, destination: destination.slug, posts: {}, handles: {}, seeded: {} } as World;

  for (const v of visibilities) {
    const animator = await person(db, 'Animatrice');
    // An explicit slug: one made from the hidden community's name would carry its canary.
    const { id: communityId, slug } = await createCommunity(db, animator, {
      name: v === 'hidden' ? 'Cachée canary-hidden-name' : `Communauté ${v}`,
      slug: `matrice-${v}`,
      visibility: v,
      joinPolicy: v === 'hidden' ? 'invite' : 'request'
    });
    const add = async (name: string) => {
      const actor = await person(db, name);
      await addMemberByEmail(db, animator, slug, { email: actor.email });
      return actor;
    };
    const member = await add(`canary-${v}-person Autrice`);
    const steward = await add(`canary-${v}-person Comité`);
    await changeRole(db, animator, slug, steward.id, 'steward');
    const removed = await add('Ancienne membre');
    await endMembership(db, animator, slug, removed.id, 'removed');
    const banned = await add('Bannie');
    await endMembership(db, animator, slug, banned.id, 'banned');
    const invited = await person(db, 'Invitée');
    await inviteByEmail(db, animator, slug, { emails: [invited.email] });
    const requester = await person(db, 'Demandeuse');
    await db
      .insertInto('memberships')
      .values({ id: newId(), community_id: communityId, user_id: requester.id, role: 'member', status: 'pending', created_at: now(), updated_at: now() })
      .execute();
    await addMemberByEmail(db, animator, slug, { email: bridge.email });
    await addMemberByEmail(db, founder, destination.slug, { email: animator.email });
    world.slugs[v] = slug;
    world.handles[v] = (await db.selectFrom('profiles').select('handle').where('user_id', '=', steward.id).executeTakeFirstOrThrow()).handle;
    world.actors[v] = { anonymous: null, outsider, requester, invited, member, removed, banned, otherAnimator, animator, steward, admin };
  }

  for (const key of postKeys) {
    const spec = postSpecs[key];
    const people = world.actors[spec.home];
    const author = spec.by === 'bridge' ? bridge : people.member!;
    const commenter = spec.by === 'bridge' ? bridge : people.steward!;
    const file = { bytes: new TextEncoder().encode(`Compte rendu ${canary(key, 'file')}`), fileName: `${canary(key, 'file')}.txt` };
    const { id } = await createPost(
      db,
      author,
      world.slugs[spec.home],
      { title: canary(key, 'title'), body: `Première version ${canary(key, 'revision')}`, kind: spec.kind, alsoIn: spec.also.map((v) => world.slugs[v]) },
      [file]
    );
    await updatePost(db, author, id, { body: `${canary(key, 'body')} #${canary(key, 'tag')} #matrice` });
    const { id: commentId } = await addComment(db, commenter, id, { body: canary(key, 'comment') });
    if (spec.locked) await setLocked(db, people.animator, id, true);
    if (spec.deleted) await deletePost(db, author, id);
    const { id: attachmentId } = await db.selectFrom('attachments').select('id').where('post_id', '=', id).executeTakeFirstOrThrow();
    world.posts[key] = { id, commentId, attachmentId };
    world.seeded[key] = await snapshot(id);
  }
  return world;
}

type Ctx = { w: World; v: Visibility; key?: PostKey; ghost?: boolean };
type Call = {
  /** An API endpoint (the default), a page's load function or a file route (page), or a domain function. */
  handler?: unknown;
  page?: boolean;
  /** The layout a page's parent() runs. */
  layout?: unknown;
  domain?: (actor: Actor | null, ctx: Ctx) => Promise<unknown>;
  method?: string;
  params?: (ctx: Ctx) => Record<string, string>;
  query?: (ctx: Ctx) => string;
  json?: (ctx: Ctx) => unknown;
  form?: (ctx: Ctx) => Record<string, string>;
  raw?: Uint8Array;
};
const slugOf = (ctx: Ctx) => ({ slug: ctx.ghost ? nowhere : ctx.w.slugs[ctx.v] });
const postOf = (ctx: Ctx) => ({ ...ctx.w.posts[ctx.key!], ...(ctx.ghost ? { id: nowhere } : {}) });
const idOf = (ctx: Ctx) => ({ id: postOf(ctx).id });

async function run(call: Call, ctx: Ctx, actor: Actor | null): Promise<Answer> {
  if (call.domain) return runDomain(() => call.domain!(actor, ctx));
  const invocation = {
    actor,
    path: `/matrice${call.query?.(ctx) ?? ''}`,
    method: call.method,
    params: call.params?.(ctx) ?? {},
    json: call.json?.(ctx),
    form: call.form?.(ctx),
    raw: call.raw,
    layout: call.layout
  };
  return call.page ? runPage(call.handler, invocation) : runApi(call.handler, invocation);
}

/** What a feed shows of each publication it lists. */
const listed = (keys: PostKey[]): SecretId[] => keys.flatMap((key) => (['title', 'body', 'tag'] as const).map((field) => `post:${key}:${field}` as const));
/** Everything a reader of a publication sees on it. */
const whole = (key: PostKey): SecretId[] => (['title', 'body', 'tag', 'comment', 'file'] as const).map((field) => `post:${key}:${field}` as const);
/** From the issue: the home feed is my communities' publications plus public ones, or mine only. Admins' too. */
const homeFeedOf = (p: Principal, v: Visibility, scope: 'all' | 'mine') =>
  postKeys.filter((key) => live(key) && ((isMember(p) && isIn(key, v)) || (scope === 'all' && isIn(key, 'public'))));
const communityFeedOf = (c: Visibility) => postKeys.filter((key) => live(key) && isIn(key, c));
const tagFeedOf = (p: Principal, v: Visibility) => postKeys.filter((key) => live(key) && may('read', p, v, key));
const communitiesOf = (key: PostKey) => [postSpecs[key].home, ...postSpecs[key].also];
/** The people the principal may mention on a publication: members of those of its communities they may read. */
const mentionable = (p: Principal, v: Visibility, key: PostKey) => communitiesOf(key).filter((c) => readsContentOf(p, v, c));
/** The preview's text mentions every steward; it echoes their handles, and links only those who may be mentioned. */
const mentionEveryone = (ctx: Ctx) => visibilities.map((c) => `@${ctx.w.handles[c]}`).join(' ');
const echoed: SecretId[] = ['person:public', 'person:private', 'person:hidden'];

type Row = {
  call: Call;
  allowed: (p: Principal, v: Visibility) => boolean;
  /** Canaries the answer must contain. */
  shows: (p: Principal, v: Visibility) => SecretId[];
  /** Canaries this path may rightly show beyond maySee(). */
  alsoSees?: (p: Principal, v: Visibility) => SecretId[];
  /** Leaks are judged as for an anonymous reader, whoever asks: the Atom feed is public content only. */
  publicOnly?: boolean;
};

/** Paths about a community or the whole instance, once per principal of each community. */
const reads: Record<string, Row> = {
  'GET /feed': {
    call: { handler: feedRoute.GET, query: () => '?limit=100' },
    allowed: () => true,
    shows: (p, v) => listed(homeFeedOf(p, v, 'all'))
  },
  'GET /feed?scope=mine': {
    // Visitors have no communities: they get the public feed.
    call: { handler: feedRoute.GET, query: () => '?scope=mine&limit=100' },
    allowed: () => true,
    shows: (p, v) => listed(homeFeedOf(p, v, p === 'anonymous' ? 'all' : 'mine'))
  },
  'page / (home feed)': {
    call: { handler: homePage.load, page: true },
    allowed: () => true,
    shows: (p, v) => listed(homeFeedOf(p, v, 'all')),
    // The invitation's email already named the community; the home page names it again, to that person only.
    alsoSees: (p, v) => (p === 'invited' && v === 'hidden' ? ['name:hidden'] : [])
  },
  'page /?scope=mine': {
    call: { handler: homePage.load, page: true, query: () => '?scope=mine' },
    allowed: () => true,
    shows: (p, v) => listed(homeFeedOf(p, v, p === 'anonymous' ? 'all' : 'mine')),
    alsoSees: (p, v) => (p === 'invited' && v === 'hidden' ? ['name:hidden'] : [])
  },
  'GET /communities/{slug}/posts': {
    call: { handler: communityPostsRoute.GET, params: slugOf, query: () => '?limit=100' },
    allowed: (p, v) => readsContentOf(p, v, v),
    shows: (p, v) => (readsContentOf(p, v, v) ? listed(communityFeedOf(v)) : [])
  },
  'page /c/{slug}/posts': {
    call: { handler: communityPostsPage.load, layout: communityLayout.load, page: true, params: slugOf },
    allowed: (p, v) => readsContentOf(p, v, v),
    shows: (p, v) => (readsContentOf(p, v, v) ? listed(communityFeedOf(v)) : [])
  },
  'page /c/{slug} (latest publications)': {
    // The About page is for whoever may know the community; its latest publications for those who may read them.
    call: { handler: communityPage.load, layout: communityLayout.load, page: true, params: slugOf },
    allowed: (p, v) => v !== 'hidden' || readsContentOf(p, v, v),
    shows: (p, v) => (readsContentOf(p, v, v) ? listed(communityFeedOf(v)) : [])
  },
  'GET /tags/matrice/posts': {
    call: { handler: tagPostsRoute.GET, params: () => ({ tag: 'matrice' }), query: () => '?limit=100' },
    allowed: () => true,
    shows: (p, v) => listed(tagFeedOf(p, v))
  },
  'page /tags/matrice': {
    call: { handler: tagPage.load, page: true, params: () => ({ tag: 'matrice' }) },
    allowed: () => true,
    shows: (p, v) => listed(tagFeedOf(p, v))
  },
  'file /c/{slug}/feed.atom': {
    call: { handler: atomFile.GET, page: true, params: slugOf },
    allowed: (_p, v) => v === 'public',
    shows: (_p, v) => (v === 'public' ? listed(communityFeedOf('public')) : []),
    publicOnly: true
  },
  'GET /p/mentions?place=c:{slug}': {
    call: { handler: mentionsRoute.GET, query: (ctx) => `?place=c:${slugOf(ctx).slug}&q=canary` },
    allowed: postsInOwn,
    shows: (p, v) => (postsInOwn(p) ? [`person:${v}`] : [])
  },
  'POST /p/preview (place c:{slug})': {
    call: { handler: previewRoute.POST, method: 'POST', form: (ctx) => ({ body: mentionEveryone(ctx), place: `c:${slugOf(ctx).slug}` }) },
    allowed: postsInOwn,
    shows: (p, v) => (postsInOwn(p) ? [`link:${v}`] : []),
    alsoSees: () => echoed
  },
  'POST /p/preview (no place)': {
    call: { handler: previewRoute.POST, method: 'POST', form: (ctx) => ({ body: mentionEveryone(ctx) }) },
    allowed: (p) => p !== 'anonymous',
    shows: () => [],
    alsoSees: () => echoed
  }
};

type PostRow = {
  call: Call;
  allowed: (p: Principal, v: Visibility, key: PostKey) => boolean;
  shows: (p: Principal, v: Visibility, key: PostKey) => SecretId[];
  alsoSees?: SecretId[];
};
const signedIn = (rule: (p: Principal, v: Visibility, key: PostKey) => boolean) => (p: Principal, v: Visibility, key: PostKey) => p !== 'anonymous' && rule(p, v, key);
const readsLive = (p: Principal, v: Visibility, key: PostKey) => live(key) && may('read', p, v, key);

/** Paths about one publication, once per principal and publication. */
const postReads: Record<string, PostRow> = {
  'GET /posts/{id}': {
    // A deleted one answers with a tombstone: no title, body, tags, comments or files.
    call: { handler: postRoute.GET, params: idOf },
    allowed: (p, v, key) => may('read', p, v, key),
    shows: (p, v, key) => (readsLive(p, v, key) ? whole(key) : [])
  },
  'page /p/{id}': {
    call: { handler: postPage.load, page: true, params: idOf },
    allowed: (p, v, key) => may('read', p, v, key),
    shows: (p, v, key) => (readsLive(p, v, key) ? whole(key) : [])
  },
  'GET /posts/{id}/comments': {
    call: { handler: commentsRoute.GET, params: idOf, query: () => '?limit=100' },
    allowed: readsLive,
    shows: (p, v, key) => (readsLive(p, v, key) ? [`post:${key}:comment`] : [])
  },
  'GET /posts/{id}/revisions': {
    call: { handler: revisionsRoute.GET, params: idOf },
    allowed: signedIn((p, v, key) => may('history', p, v, key)),
    shows: (p, v, key) => (may('history', p, v, key) && p !== 'anonymous' ? [`post:${key}:title`, `post:${key}:body`, `post:${key}:revision`] : [])
  },
  'GET /posts/{id}/revisions?comment={commentId}': {
    call: { handler: revisionsRoute.GET, params: idOf, query: (ctx) => `?comment=${postOf(ctx).commentId}` },
    allowed: signedIn((p, v, key) => mayOnComment('history', p, v, key)),
    shows: (p, v, key) => (mayOnComment('history', p, v, key) && p !== 'anonymous' ? [`post:${key}:comment`] : [])
  },
  'page /p/{id}/history': {
    call: { handler: historyPage.load, page: true, params: idOf },
    allowed: signedIn((p, v, key) => may('history', p, v, key)),
    shows: (p, v, key) => (may('history', p, v, key) && p !== 'anonymous' ? [`post:${key}:title`, `post:${key}:body`, `post:${key}:revision`] : [])
  },
  'page /p/{id}/edit': {
    call: { handler: editPage.load, page: true, params: idOf },
    allowed: signedIn((p, v, key) => may('edit', p, v, key)),
    shows: (p, v, key) => (may('edit', p, v, key) && p !== 'anonymous' ? whole(key) : [])
  },
  'file /p/{id}/files/{attachmentId}': {
    call: { handler: attachmentFile.GET, page: true, params: (ctx) => ({ id: postOf(ctx).id, attachmentId: postOf(ctx).attachmentId }) },
    allowed: readsLive,
    shows: (p, v, key) => (readsLive(p, v, key) ? [`post:${key}:file`] : [])
  },
  'GET /p/mentions?place=p:{id}': {
    call: { handler: mentionsRoute.GET, query: (ctx) => `?place=p:${postOf(ctx).id}&q=canary` },
    allowed: signedIn((p, v, key) => may('take_part', p, v, key)),
    shows: (p, v, key) => (may('take_part', p, v, key) && p !== 'anonymous' ? mentionable(p, v, key).map((c) => `person:${c}` as const) : [])
  },
  'POST /p/preview (place p:{id})': {
    call: { handler: previewRoute.POST, method: 'POST', form: (ctx) => ({ body: mentionEveryone(ctx), place: `p:${postOf(ctx).id}` }) },
    allowed: signedIn((p, v, key) => may('take_part', p, v, key)),
    shows: (p, v, key) => (may('take_part', p, v, key) && p !== 'anonymous' ? mentionable(p, v, key).map((c) => `link:${c}` as const) : []),
    alsoSees: echoed
  }
};

type ActionRow = {
  call: Call;
  allowed: (p: Principal, v: Visibility, key: PostKey) => boolean;
  /** Only some publications: an answer is for questions. */
  only?: (key: PostKey) => boolean;
  /** Refused on a locked publication with this message, as a key (domain) or in the caller's language (API). */
  lockedMessage?: string;
  /** What an allowed call wrote for others to read, and the canaries it must hold (the mentions its author may make). */
  written?: { text: (ctx: Ctx) => Promise<string>; shows: (p: Principal, v: Visibility, key: PostKey) => SecretId[] };
};
const lockedKey = 'posts.errors.locked';
const allowedTo = (action: PostAction) => signedIn((p, v, key) => may(action, p, v, key));
const reaction = '👍';

/** Writes: tried by every principal on the seeded state; only those allowed change anything. */
const actions: Record<string, ActionRow> = {
  'PATCH /posts/{id}': {
    call: { handler: postRoute.PATCH, method: 'PATCH', params: idOf, json: () => ({ title: 'Titre changé' }) },
    allowed: allowedTo('edit')
  },
  'DELETE /posts/{id}': {
    call: { handler: postRoute.DELETE, method: 'DELETE', params: idOf },
    allowed: allowedTo('edit')
  },
  'POST /posts/{id}/attachments': {
    call: { handler: attachmentsRoute.POST, method: 'POST', params: idOf, query: () => '?name=ajout.txt', raw: new TextEncoder().encode('Un ajout') },
    allowed: allowedTo('edit')
  },
  'POST /posts/{id}/pin': {
    call: { handler: pinRoute.POST, method: 'POST', params: idOf, json: () => ({ pinned: true }) },
    allowed: allowedTo('moderate')
  },
  'POST /posts/{id}/lock': {
    call: { handler: lockRoute.POST, method: 'POST', params: idOf, json: () => ({ locked: true }) },
    allowed: allowedTo('moderate')
  },
  'POST /posts/{id}/move': {
    // Every moderator here may post in the destination.
    call: { handler: moveRoute.POST, method: 'POST', params: idOf, json: (ctx) => ({ community: ctx.w.destination }) },
    allowed: allowedTo('moderate')
  },
  'POST /posts/{id}/comments': {
    // Mentioning every steward: the comment links only those its author may mention, for all its readers to see.
    call: { handler: commentsRoute.POST, method: 'POST', params: idOf, json: (ctx) => ({ body: `Merci ${mentionEveryone(ctx)}` }) },
    allowed: allowedTo('take_part'),
    lockedMessage: translate('fr', lockedKey),
    written: {
      text: async (ctx) => {
        const rows = await instance.db.selectFrom('comments').select('body_html').where('post_id', '=', postOf(ctx).id).where('body', 'like', 'Merci %').execute();
        return rows.map((row) => row.body_html).join('\n');
      },
      shows: (p, v, key) => mentionable(p, v, key).map((c) => `link:${c}` as const)
    }
  },
  'domain addComment': {
    call: { domain: (actor, ctx) => addComment(instance.db, actor, postOf(ctx).id, { body: 'Un commentaire' }) },
    allowed: allowedTo('take_part'),
    lockedMessage: lockedKey
  },
  'PUT /posts/{id}/reactions': {
    call: { handler: reactionsRoute.PUT, method: 'PUT', params: idOf, json: () => ({ emoji: reaction }) },
    allowed: allowedTo('take_part'),
    lockedMessage: translate('fr', lockedKey)
  },
  'PUT /posts/{id}/reactions (on its comment)': {
    call: { handler: reactionsRoute.PUT, method: 'PUT', params: idOf, json: (ctx) => ({ emoji: reaction, target: postOf(ctx).commentId }) },
    allowed: allowedTo('take_part'),
    lockedMessage: translate('fr', lockedKey)
  },
  'PUT /posts/{id}/answer': {
    call: { handler: answerRoute.PUT, method: 'PUT', params: idOf, json: (ctx) => ({ commentId: postOf(ctx).commentId }) },
    allowed: allowedTo('mark_answer'),
    only: (key) => postSpecs[key].kind === 'question'
  },
  'PATCH /posts/{id}/comments/{commentId}': {
    call: { handler: commentRoute.PATCH, method: 'PATCH', params: (ctx) => ({ id: postOf(ctx).id, commentId: postOf(ctx).commentId }), json: () => ({ body: 'Corrigé' }) },
    allowed: signedIn((p, v, key) => mayOnComment('edit', p, v, key))
  },
  'DELETE /posts/{id}/comments/{commentId}': {
    call: { handler: commentRoute.DELETE, method: 'DELETE', params: (ctx) => ({ id: postOf(ctx).id, commentId: postOf(ctx).commentId }) },
    allowed: signedIn((p, v, key) => mayOnComment('edit', p, v, key))
  },
  'PUT /posts/{id}/follow': {
    // Anyone who reads it may follow it or stop; the author and the commenter follow it already.
    call: { handler: followRoute.PUT, method: 'PUT', params: idOf, json: () => ({ following: false }) },
    allowed: signedIn(readsLive)
  }
};

type CommunityActionRow = { call: Call; allowed: (p: Principal, v: Visibility) => boolean };
const publication = { title: 'Nouvelle publication', body: 'Bonjour' };

/** Publishing: tried by every principal in each community; only those allowed add a publication. */
const communityActions: Record<string, CommunityActionRow> = {
  'POST /communities/{slug}/posts': {
    call: { handler: communityPostsRoute.POST, method: 'POST', params: slugOf, json: () => publication },
    allowed: postsInOwn
  },
  'POST /communities/{slug}/posts (a call to all)': {
    call: { handler: communityPostsRoute.POST, method: 'POST', params: slugOf, json: () => ({ ...publication, kind: 'call' }) },
    allowed: (p) => p === 'animator' || p === 'admin'
  },
  'POST /communities/{slug}/posts (shared into the private one)': {
    // Sharing needs the right to post in every community it goes to.
    call: { handler: communityPostsRoute.POST, method: 'POST', params: slugOf, json: (ctx) => ({ ...publication, alsoIn: [ctx.w.slugs.private] }) },
    allowed: (p, v) => p === 'admin' || (v === 'private' && isMember(p))
  }
};

describe('publications: every path × every principal × public, private, hidden', () => {
  let world: World;
  beforeAll(async () => {
    world = await seed();
  }, 120_000);

  /** One call: the right status, every canary it must show, none it must not, and a hidden thing answering as a missing one. */
  async function check(call: Call, ctx: Ctx, p: Principal, expected: { allowed: boolean; shows: SecretId[]; alsoSees?: SecretId[]; judgedAs?: Principal; asMissing: boolean }) {
    const actor = ctx.w.actors[ctx.v][p];
    const answer = await run(call, ctx, actor);
    const label = `${p} of ${ctx.v}${ctx.key ? ` on ${ctx.key}` : ''}: ${answer.status} ${answer.text.slice(0, 200)}`;
    if (expected.allowed) expect(answer.status, label).toBe(200);
    else expect([303, 401, 403, 404], label).toContain(answer.status);
    const text = answer.text.toLowerCase();
    expect(expected.shows.filter((id) => !text.includes(textOf(ctx.w, id))), `${label}: missing`).toEqual([]);
    const judge = expected.judgedAs ?? p;
    expect(leaks(ctx.w, answer.text, judge, ctx.v, expected.alsoSees), label).toEqual([]);
    if (expected.asMissing) expect(answer, label).toEqual(await run(call, { ...ctx, ghost: true }, actor));
  }

  for (const [path, row] of Object.entries(reads)) {
    it(`${path}: only the right principals read, they see what they may, and no canary leaks`, async () => {
      for (const v of visibilities) {
        for (const p of principals) {
          const allowed = row.allowed(p, v);
          await check(row.call, { w: world, v }, p, {
            allowed,
            shows: row.shows(p, v),
            alsoSees: row.alsoSees?.(p, v),
            judgedAs: row.publicOnly ? 'anonymous' : undefined,
            asMissing: v === 'hidden' && !allowed && !maySee('name:hidden', p, v)
          });
        }
      }
    });
  }

  for (const [path, row] of Object.entries(postReads)) {
    it(`${path}: only the right principals read, they see what they may, and no canary leaks`, async () => {
      for (const v of visibilities) {
        for (const p of principals) {
          for (const key of postsFor(v)) {
            await check(row.call, { w: world, v, key }, p, {
              allowed: row.allowed(p, v, key),
              shows: row.shows(p, v, key),
              alsoSees: row.alsoSees,
              asMissing: !may('read', p, v, key)
            });
          }
        }
      }
    });
  }

  for (const [path, row] of Object.entries(communityActions)) {
    it(`${path}: refused to everyone who may not, and a refusal publishes nothing`, async () => {
      const existing = async () => (await instance.db.selectFrom('posts').select('id').execute()).map((r) => r.id);
      const before = new Set(await existing());
      for (const v of visibilities) {
        for (const p of principals) {
          const ctx: Ctx = { w: world, v };
          const actor = world.actors[v][p];
          const answer = await run(row.call, ctx, actor);
          const label = `${p} of ${v}: ${answer.status} ${answer.text.slice(0, 200)}`;
          const allowed = row.allowed(p, v);
          if (allowed) expect(answer.status, label).toBe(201);
          else expect([401, 403, 404], label).toContain(answer.status);
          const created = (await existing()).filter((id) => !before.has(id));
          expect(created.length, label).toBe(allowed ? 1 : 0);
          if (v === 'hidden' && !allowed && !maySee('name:hidden', p, v)) expect(answer, label).toEqual(await run(row.call, { ...ctx, ghost: true }, actor));
          expect(leaks(world, answer.text, p, v), label).toEqual([]);
          if (created.length > 0) await instance.db.deleteFrom('posts').where('id', 'in', created).execute();
        }
      }
    });
  }

  for (const [path, row] of Object.entries(actions)) {
    it(`${path}: refused to everyone who may not, and a refusal changes nothing`, async () => {
      // Reading marked some publications read (their view counts): back to the seeded state first.
      for (const key of postKeys) if (!(await unchanged(world.posts[key].id, world.seeded[key]))) await restore(world.posts[key].id, world.seeded[key]);
      for (const v of visibilities) {
        for (const p of principals) {
          for (const key of postsFor(v).filter(row.only ?? (() => true))) {
            const ctx: Ctx = { w: world, v, key };
            const actor = world.actors[v][p];
            const answer = await run(row.call, ctx, actor);
            const label = `${p} of ${v} on ${key}: ${answer.status} ${answer.text.slice(0, 200)}`;
            const allowed = row.allowed(p, v, key);
            if (allowed) expect(answer.status, label).toBeLessThan(300);
            else expect([401, 403, 404], label).toContain(answer.status);
            const changed = !(await unchanged(world.posts[key].id, world.seeded[key]));
            expect(changed, `${label}: ${allowed ? 'nothing changed' : 'changed although refused'}`).toBe(allowed);
            if (row.lockedMessage && postSpecs[key].locked && p !== 'anonymous' && may('read', p, v, key)) expect(answer.detail, label).toBe(row.lockedMessage);
            if (!may('read', p, v, key)) expect(answer, label).toEqual(await run(row.call, { ...ctx, ghost: true }, actor));
            expect(leaks(world, answer.text, p, v), label).toEqual([]);
            if (row.written && allowed) {
              const written = await row.written.text(ctx);
              expect(row.written.shows(p, v, key).filter((id) => !written.toLowerCase().includes(textOf(world, id))), `${label}: not written`).toEqual([]);
              expect(leaks(world, written, p, v, echoed), `${label}: written`).toEqual([]);
            }
            if (changed) await restore(world.posts[key].id, world.seeded[key]);
          }
        }
      }
    });
  }
});

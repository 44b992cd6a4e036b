// The authorisation matrix: every principal × every kind of community × every read path and action
// built so far, as tables of data that later issues extend:
//   - `rules`: what `can()` must answer, written from the words, not from the code;
//   - the SQL filters must agree with `can()` on real rows;
//   - `reads` and `actions`: every API route, page load and domain function, called by every principal.
// Each community hides canary strings in what only some may see; a response to anyone else must
// never contain them. A new path is a new row; a new secret is a new canary.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { fakeActor, fakeCommunity, isMember, runApi, runDomain, runPage, standing, visibilities } from '../../../../tests/setup/matrix';
import type { Actor } from '../auth/actor';
import { provisionAccount } from '../auth/provision';
import { newId, now } from '../ids';
import {
  addMemberByEmail,
  animatorHistory,
  changeRole,
  createCommunity,
  dismissWelcome,
  endMembership,
  handOver,
  inviteByEmail,
  listMembers,
  setArchived,
  setCommunityLogo
} from '../communities';
import sharp from 'sharp';
import { storage } from '../storage';
import { setAvatar } from '../profiles/avatar';
import * as logoRoute from '../../../routes/api/v1/communities/[slug]/logo/+server';
import * as logoFile from '../../../routes/c/[slug]/logo/+server';
import * as avatarFile from '../../../routes/u/[handle]/avatar/+server';
import * as organisationRoute from '../../../routes/api/v1/organisations/[id]/+server';
import * as organisationsPage from '../../../routes/admin/organisations/+page.server';
import * as invitationsPage from '../../../routes/invitations/+page.server';
import * as homePage from '../../../routes/+page.server';
import { findOrCreateOrganisation } from '../organisations';
import type { Community, CommunityStatus, Membership, Visibility } from '../db/schema';
import { can, whereContentReadableBy, whereVisibleTo, type CommunityAction, type Relation } from '.';
import * as communitiesRoute from '../../../routes/api/v1/communities/+server';
import * as communityRoute from '../../../routes/api/v1/communities/[slug]/+server';
import * as membersRoute from '../../../routes/api/v1/communities/[slug]/members/+server';
import * as memberRoute from '../../../routes/api/v1/communities/[slug]/members/[userId]/+server';
import * as joinRoute from '../../../routes/api/v1/communities/[slug]/join/+server';
import * as leaveRoute from '../../../routes/api/v1/communities/[slug]/leave/+server';
import * as requestsRoute from '../../../routes/api/v1/communities/[slug]/requests/[userId]/+server';
import * as invitationsRoute from '../../../routes/api/v1/communities/[slug]/invitations/+server';
import * as handoverRoute from '../../../routes/api/v1/communities/[slug]/handover/+server';
import * as userRoute from '../../../routes/api/v1/users/[handle]/+server';
import * as directoryRoute from '../../../routes/api/v1/directory/+server';
import { updateProfile } from '../profiles';
import * as communityPage from '../../../routes/c/[slug]/+layout.server';
import * as membersPage from '../../../routes/c/[slug]/members/+page.server';
import * as settingsPage from '../../../routes/c/[slug]/settings/+page.server';
import * as profilePage from '../../../routes/u/[handle]/+page.server';
import * as directoryPage from '../../../routes/directory/+page.server';

const instance = useTestInstance();

const principals = [
  'anonymous',
  'outsider',
  'requester',
  'invited',
  'member',
  'removed',
  'banned',
  'otherAnimator',
  'animator',
  'steward',
  'admin'
] as const;
type Principal = (typeof principals)[number];
const activeMember = (p: Principal) => p === 'member' || p === 'animator' || p === 'steward';

// ---------------------------------------------------------------------------------------------
// 1. can(): the rules as a table. `left` and `declined` behave as any other non-member.

type Someone = Principal | 'left' | 'declined';
const everyone: Someone[] = [...principals, 'left', 'declined'];
const statuses: CommunityStatus[] = ['active', 'archived', 'pending'];


/**
 * What each action allows, from the issue: public → anyone reads content, members post; private →
 * listed to everyone, content for members; hidden → non-members see nothing; pending (awaiting
 * approval) → only its founder and admins; archived → read-only for all; animators manage; stewards
 * steer (dashboards, handover history) without moderating; admins see everything; only they delete.
 */
const rules: Record<CommunityAction, (p: Someone, v: Visibility, s: CommunityStatus) => boolean> = {
  read: (p, v, s) => p === 'admin' || (s === 'pending' ? p === 'animator' : v !== 'hidden' || isMember(p)),
  read_content: (p, v, s) => p === 'admin' || (s === 'pending' ? p === 'animator' : v === 'public' || isMember(p)),
  post: (p, v, s) => s !== 'archived' && (p === 'admin' || (s === 'active' && isMember(p))),
  // On a community admitting on request; an invitation-only one is checked below.
  join: (p, v, s) => s === 'active' && v !== 'hidden' && ['outsider', 'invited', 'removed', 'left', 'declined', 'otherAnimator', 'admin'].includes(p),
  manage: (p, v, s) => s !== 'archived' && (p === 'admin' || (s === 'active' && p === 'animator')),
  steer: (p, v, s) => p === 'admin' || (s !== 'pending' && (p === 'animator' || p === 'steward')),
  archive: (p, v, s) => p === 'admin' || (s !== 'pending' && p === 'animator'),
  delete: (p) => p === 'admin'
};

describe('can(): the rules as a table', () => {
  for (const [action, allowed] of Object.entries(rules) as [CommunityAction, (typeof rules)[CommunityAction]][]) {
    it(`${action}: exactly the principals the rules name`, () => {
      for (const visibility of visibilities) {
        for (const status of statuses) {
          for (const p of everyone) {
            const relation: Relation = { community: fakeCommunity('c', { visibility, status }, { createdBy: 'animator' }), membership: standing[p].membership };
            expect(can(fakeActor(p), action, relation), `${p} on ${status} ${visibility}`).toBe(allowed(p, visibility, status));
          }
        }
      }
    });
  }

  it('join: nobody joins an invitation-only community of their own accord', () => {
    for (const visibility of visibilities) {
      for (const p of everyone) {
        const relation: Relation = { community: fakeCommunity('c', { visibility, status: 'active' }, { joinPolicy: 'invite', createdBy: 'animator' }), membership: standing[p].membership };
        expect(can(fakeActor(p), 'join', relation), `${p} on ${visibility}`).toBe(false);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 2. The SQL filters for lists agree with can() on real rows, for every principal and community.

describe('SQL filters agree with can()', () => {
  it('whereVisibleTo is can(read) and whereContentReadableBy is can(read_content)', async () => {
    const db = instance.db;
    const actors = {} as Record<Someone, Actor | null>;
    for (const p of everyone) {
      const { account } = standing[p];
      if (account === 'none') {
        actors[p] = null;
        continue;
      }
      const email = `${newId()}@example.org`;
      const { id } = await provisionAccount(db, { email, name: p, password: 'une phrase de passe', role: account });
      actors[p] = { id, name: p, email, role: account, locale: 'fr', emailVerified: true };
    }
    const ids: string[] = [];
    for (const visibility of visibilities) {
      for (const status of statuses) {
        const community = await createCommunity(db, actors.animator, { name: `${status} ${visibility}`, visibility });
        await db.updateTable('communities').set({ status }).where('id', '=', community.id).execute();
        ids.push(community.id);
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
    const rows = await db.selectFrom('communities').selectAll().where('id', 'in', ids).execute();
    for (const p of everyone) {
      const actor = actors[p];
      const memberships = actor
        ? await db.selectFrom('memberships').select(['community_id', 'role', 'status']).where('user_id', '=', actor.id).execute()
        : [];
      const relationTo = (community: Community): Relation => ({
        community,
        membership: memberships.find((m) => m.community_id === community.id) ?? null
      });
      for (const [filter, action] of [
        [whereVisibleTo, 'read'],
        [whereContentReadableBy, 'read_content']
      ] as const) {
        const listed = await db.selectFrom('communities').select('id').where('id', 'in', ids).where(filter(actor)).execute();
        const expected = rows.filter((c) => can(actor, action, relationTo(c))).map((c) => c.id);
        expect(listed.map((c) => c.id).sort(), `${p}: ${action}`).toEqual(expected.sort());
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Every path, called by every principal on a public, a private and a hidden community.

type World = {
  actors: Record<Visibility, Record<Principal, Actor | null>>;
  slugs: Record<Visibility, string>;
  /** People the animators act on: a pending requester, an active member, one to remove, a steward. */
  targets: Record<Visibility, { requester: string; member: string; victim: string; stewardHandle: string }>;
  /** The rows as seeded, put back before each action so every principal meets the same state. */
  seeded: Record<Visibility, { community: Community; memberships: Membership[] }>;
};

/** Secrets seeded in each community, and who may see each. */
type Canary = 'NAME' | 'MISSION' | 'MEMBER' | 'WELCOME' | 'BIO' | 'HISTORY' | 'REQUEST';
const canaries: Canary[] = ['NAME', 'MISSION', 'MEMBER', 'WELCOME', 'BIO', 'HISTORY', 'REQUEST'];
const canary = (visibility: Visibility, what: Canary) => `CANARY-${visibility}-${what}`;

function maySee(p: Principal, visibility: Visibility, what: Canary): boolean {
  if (p === 'admin') return true;
  switch (what) {
    case 'NAME': // the hidden community's name and description
      return visibility !== 'hidden' || activeMember(p);
    case 'MISSION': // the charter
    case 'MEMBER': // a member's name
      return visibility === 'public' || activeMember(p);
    case 'WELCOME': // animators write it; each member gets it in the app when they join
      return activeMember(p);
    case 'BIO': // a profile field kept for people who share a community
      return activeMember(p);
    case 'HISTORY': // a handover note: the steering view
      return p === 'animator' || p === 'steward';
    case 'REQUEST': // what a requester wrote to the animators
      return p === 'animator' || p === 'requester';
  }
}

async function account(name: string, role: 'member' | 'admin' = 'member'): Promise<Actor> {
  const email = `${newId()}@example.org`;
  const { id } = await provisionAccount(instance.db, { email, name, password: 'une phrase de passe', role });
  return { id, name, email, role, locale: 'fr', emailVerified: true };
}

/** An organisation, for the administrators' paths; made once by seed(). */
let organisationId = '';

const picture = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#b45309' } }).png().toBuffer();

async function seed(): Promise<World> {
  const db = instance.db;
  const admin = await account('Admin', 'admin');
  const world = { actors: {}, slugs: {}, targets: {}, seeded: {} } as World;
  organisationId = (await findOrCreateOrganisation(db, null, { name: 'Organisme de la matrice' })).id;
  const elsewhere = await account('Animateur ailleurs');
  await createCommunity(db, elsewhere, { name: 'Ailleurs', visibility: 'hidden' });

  for (const visibility of visibilities) {
    const animator = await account('Animatrice');
    const community = await createCommunity(db, animator, {
      name: visibility === 'hidden' ? `Cachée ${canary(visibility, 'NAME')}` : `Communauté ${visibility}`,
      description: visibility === 'hidden' ? canary(visibility, 'NAME') : 'Résumé public',
      visibility,
      joinPolicy: visibility === 'hidden' ? 'invite' : 'request',
      mission: canary(visibility, 'MISSION'),
      welcomeMessage: canary(visibility, 'WELCOME')
    });
    const slug = community.slug;
    const add = async (name: string) => {
      const actor = await account(name);
      await addMemberByEmail(db, animator, slug, { email: actor.email });
      return actor;
    };
    const member = await add(canary(visibility, 'MEMBER'));
    const steward = await add('Membre du comité');
    await changeRole(db, animator, slug, steward.id, 'steward');
    // Shown only to people who share a community with the steward.
    const stewardProfile = await updateProfile(db, steward, { bio: canary(visibility, 'BIO'), visibility: { bio: 'communities', avatar: 'communities' } });
    // Pictures: the logo goes where the name goes, the avatar as its level says.
    await setCommunityLogo(db, animator, slug, await picture());
    await setAvatar(db, steward, await picture());
    // A co-animator taken on with a note: the history of who animated when.
    const coAnimator = await add('Co-animateur');
    await handOver(db, animator, slug, { toUserId: coAnimator.id, note: canary(visibility, 'HISTORY'), stay: true });
    const victim = await add('Membre à retirer');
    const removed = await add('Ancienne membre');
    await endMembership(db, animator, slug, removed.id, 'removed');
    const banned = await add('Bannie');
    await endMembership(db, animator, slug, banned.id, 'banned');
    const invited = await account('Invitée');
    await inviteByEmail(db, animator, slug, { emails: [invited.email] });
    const requester = await account('Demandeuse');
    await db
      .insertInto('memberships')
      .values({
        id: newId(), community_id: community.id, user_id: requester.id, role: 'member', status: 'pending',
        request_message: canary(visibility, 'REQUEST'), created_at: now(), updated_at: now()
      })
      .execute();
    world.slugs[visibility] = slug;
    world.targets[visibility] = { requester: requester.id, member: member.id, victim: victim.id, stewardHandle: stewardProfile.handle };
    world.actors[visibility] = {
      anonymous: null, outsider: await account('Passante'), requester, invited, member, removed, banned,
      otherAnimator: elsewhere, animator, steward, admin
    };
    world.seeded[visibility] = {
      community: await db.selectFrom('communities').selectAll().where('id', '=', community.id).executeTakeFirstOrThrow(),
      memberships: await db.selectFrom('memberships').selectAll().where('community_id', '=', community.id).execute()
    };
  }
  return world;
}

async function restore(w: World, v: Visibility) {
  const { community, memberships } = w.seeded[v];
  const db = instance.db;
  await db.updateTable('communities').set(community).where('id', '=', community.id).execute();
  // An action may have replaced or removed the logo's file.
  if (community.logo_path && !(await storage().get(community.logo_path))) await storage().put(community.logo_path, await picture());
  await db
    .deleteFrom('memberships')
    .where('community_id', '=', community.id)
    .where('id', 'not in', memberships.map((m) => m.id))
    .execute();
  for (const m of memberships) await db.updateTable('memberships').set(m).where('id', '=', m.id).execute();
}

type Call = {
  /** An API endpoint (the default), a page's load function, or a domain function. */
  handler?: unknown;
  page?: boolean;
  domain?: (actor: Actor | null, w: World, v: Visibility) => Promise<unknown>;
  method?: string;
  params?: (w: World, v: Visibility) => Record<string, string>;
  body?: unknown;
  /** Bytes sent as they are (an upload) instead of a JSON body. */
  raw?: () => Promise<Uint8Array>;
  query?: string | ((w: World, v: Visibility) => string);
};
type Row = {
  call: Call;
  allowed: (p: Principal, v: Visibility) => boolean;
  /** Canaries this path may rightly show beyond maySee() (e.g. a hidden community's name to the person invited to it). */
  alsoSees?: (p: Principal, v: Visibility) => Canary[];
};

/** The same world where every community's address and every handle leads nowhere. */
function ghostOf(w: World): World {
  const nowhere = 'nexiste-pas';
  const slugs = { public: nowhere, private: nowhere, hidden: nowhere };
  const targets = Object.fromEntries(visibilities.map((v) => [v, { ...w.targets[v], stewardHandle: nowhere }])) as World['targets'];
  return { ...w, slugs, targets };
}

async function run(call: Call, world: World, visibility: Visibility, actor: Actor | null): Promise<{ status: number; text: string }> {
  if (call.domain) {
    const { status, text } = await runDomain(() => call.domain!(actor, world, visibility));
    return { status, text };
  }
  const query = typeof call.query === 'function' ? call.query(world, visibility) : (call.query ?? '');
  const invocation = {
    actor,
    path: `/api/v1/matrix${query}`,
    method: call.method,
    params: call.params?.(world, visibility) ?? {},
    json: call.raw ? undefined : call.body,
    raw: call.raw ? await call.raw() : undefined,
    rawType: 'image/png'
  };
  if (call.page) {
    // A file served after the access check: its bytes are a picture, not text to search.
    const { status, text } = await runPage(call.handler, invocation, { file: 'type' });
    return { status, text: status >= 300 && status < 400 ? '' : text };
  }
  const { status, text } = await runApi(call.handler, invocation);
  return { status, text };
}

const slugOf = (w: World, v: Visibility) => ({ slug: w.slugs[v] });
const manager = (p: Principal) => p === 'animator' || p === 'admin';
const steerer = (p: Principal) => p === 'animator' || p === 'steward' || p === 'admin';

/** Read paths: who gets an answer, everyone else a refusal; no canary ever reaches the wrong eyes. */
const reads: Record<string, Row> = {
  'GET /communities': {
    call: { handler: communitiesRoute.GET, query: '?limit=100' },
    allowed: () => true
  },
  'GET /communities?mine=true': {
    call: { handler: communitiesRoute.GET, query: '?mine=true&limit=100' },
    allowed: (p) => p !== 'anonymous'
  },
  'GET /communities/{slug}': {
    call: { handler: communityRoute.GET, params: slugOf },
    allowed: (p, v) => maySee(p, v, 'NAME')
  },
  'GET /communities/{slug}/members': {
    call: { handler: membersRoute.GET, params: slugOf, query: '?limit=100' },
    allowed: (p, v) => maySee(p, v, 'MEMBER')
  },
  'GET /users/{handle}': {
    call: { handler: userRoute.GET, params: (w, v) => ({ handle: w.targets[v].stewardHandle }) },
    // Anyone may look a member up; which fields they see is the point of the canary.
    allowed: () => true
  },
  'GET /directory?community={slug}': {
    call: { handler: directoryRoute.GET, query: (w, v) => `?community=${w.slugs[v]}&limit=100` },
    allowed: (p, v) => maySee(p, v, 'MEMBER')
  },
  'page /c/{slug}': {
    call: { handler: communityPage.load, page: true, params: slugOf },
    allowed: (p, v) => maySee(p, v, 'NAME')
  },
  'page /c/{slug}/members': {
    call: { handler: membersPage.load, page: true, params: slugOf },
    allowed: (p, v) => maySee(p, v, 'MEMBER')
  },
  'page /c/{slug}/settings': {
    call: { handler: settingsPage.load, page: true, params: slugOf },
    allowed: manager
  },
  'page /u/{handle}': {
    call: { handler: profilePage.load, page: true, params: (w, v) => ({ handle: w.targets[v].stewardHandle }) },
    allowed: () => true
  },
  'file /c/{slug}/logo': {
    call: { handler: logoFile.GET, page: true, params: slugOf },
    allowed: (p, v) => maySee(p, v, 'NAME')
  },
  'file /u/{handle}/avatar (level: my communities)': {
    call: { handler: avatarFile.GET, page: true, params: (w, v) => ({ handle: w.targets[v].stewardHandle }) },
    allowed: (p) => activeMember(p) || p === 'admin'
  },
  'page /invitations': {
    call: { handler: invitationsPage.load, page: true },
    allowed: (p) => p !== 'anonymous',
    // The invitation's email already named the community; the list names it again, to that person only.
    alsoSees: (p) => (p === 'invited' ? ['NAME'] : [])
  },
  'page / (pending invitations)': {
    call: { handler: homePage.load, page: true },
    allowed: () => true,
    alsoSees: (p) => (p === 'invited' ? ['NAME'] : [])
  },
  'page /admin/organisations': {
    call: { handler: organisationsPage.load, page: true },
    allowed: (p) => p === 'admin'
  },
  'page /directory?community={slug}': {
    call: { handler: directoryPage.load, page: true, query: (w, v) => `?community=${w.slugs[v]}` },
    allowed: (p, v) => maySee(p, v, 'MEMBER')
  },
  'domain listMembers(pending)': {
    call: { domain: (actor, w, v) => listMembers(instance.db, actor, w.slugs[v], 'pending').then((r) => r.members) },
    allowed: manager
  },
  'domain animatorHistory': {
    call: { domain: (actor, w, v) => animatorHistory(instance.db, actor, w.slugs[v]) },
    allowed: steerer
  }
};

/** Actions: tried by every principal on the seeded state; only those allowed change anything. */
const actions: Record<string, Row> = {
  'PATCH /communities/{slug}': {
    call: { handler: communityRoute.PATCH, method: 'PATCH', params: slugOf, body: { vision: 'Nouvelle vision' } },
    allowed: manager
  },
  'DELETE /communities/{slug}': {
    // With a wrong confirmation even an admin changes nothing: 400 for admins, refusal for everyone else.
    call: { handler: communityRoute.DELETE, method: 'DELETE', params: slugOf, query: '?confirm=wrong' },
    allowed: () => false
  },
  'POST /communities/{slug}/members': {
    call: { handler: membersRoute.POST, method: 'POST', params: slugOf, body: { email: 'ajout@example.org' } },
    allowed: manager
  },
  'PATCH /communities/{slug}/members/{userId}': {
    call: { handler: memberRoute.PATCH, method: 'PATCH', params: (w, v) => ({ ...slugOf(w, v), userId: w.targets[v].member }), body: { role: 'steward' } },
    allowed: manager
  },
  'DELETE /communities/{slug}/members/{userId}': {
    call: { handler: memberRoute.DELETE, method: 'DELETE', params: (w, v) => ({ ...slugOf(w, v), userId: w.targets[v].victim }) },
    allowed: manager
  },
  'DELETE /communities/{slug}/members/{userId}?ban=true': {
    call: { handler: memberRoute.DELETE, method: 'DELETE', params: (w, v) => ({ ...slugOf(w, v), userId: w.targets[v].victim }), query: '?ban=true' },
    allowed: manager
  },
  'POST /communities/{slug}/join': {
    call: { handler: joinRoute.POST, method: 'POST', params: slugOf, body: {} },
    allowed: (p, v) => v !== 'hidden' && ['outsider', 'invited', 'removed', 'otherAnimator', 'admin'].includes(p)
  },
  'POST /communities/{slug}/leave': {
    // The animator may leave: a co-animator stays.
    call: { handler: leaveRoute.POST, method: 'POST', params: slugOf },
    allowed: activeMember
  },
  'POST /communities/{slug}/requests/{userId}': {
    call: { handler: requestsRoute.POST, method: 'POST', params: (w, v) => ({ ...slugOf(w, v), userId: w.targets[v].requester }), body: { approve: true } },
    allowed: manager
  },
  'POST /communities/{slug}/invitations': {
    call: { handler: invitationsRoute.POST, method: 'POST', params: slugOf, body: { emails: ['nouvelle@example.org'] } },
    allowed: manager
  },
  'POST /communities/{slug}/handover': {
    call: { handler: handoverRoute.POST, method: 'POST', params: slugOf, body: { toUserId: '', note: 'Passation' } },
    allowed: () => false
  },
  'POST /communities/{slug}/handover (to a member)': {
    call: { handler: handoverRoute.POST, method: 'POST', params: slugOf, body: { toUserId: 'MEMBER', note: 'Passation' } },
    allowed: (p) => p === 'animator' || p === 'admin'
  },
  'PUT /communities/{slug}/logo': {
    call: { handler: logoRoute.PUT, method: 'PUT', params: slugOf, raw: picture },
    allowed: manager
  },
  'DELETE /communities/{slug}/logo': {
    call: { handler: logoRoute.DELETE, method: 'DELETE', params: slugOf },
    allowed: manager
  },
  'PATCH /organisations/{id}': {
    call: { handler: organisationRoute.PATCH, method: 'PATCH', params: () => ({ id: organisationId }), body: { region: 'Estrie' } },
    allowed: (p) => p === 'admin'
  },
  'domain setArchived': {
    call: { domain: (actor, w, v) => setArchived(instance.db, actor, w.slugs[v], true) },
    allowed: manager
  },
  'domain dismissWelcome': {
    // Harmless for anyone who can see the community; on a hidden one, outsiders meet a missing one.
    call: { domain: (actor, w, v) => dismissWelcome(instance.db, actor, w.slugs[v]) },
    allowed: (p, v) => p !== 'anonymous' && maySee(p, v, 'NAME')
  }
};

function leaks(text: string, principal: Principal, alsoSees: Row['alsoSees'] = () => []): string[] {
  const seen: string[] = [];
  for (const v of visibilities) {
    for (const what of canaries) {
      if (text.includes(canary(v, what)) && !maySee(principal, v, what) && !alsoSees(principal, v).includes(what)) seen.push(canary(v, what));
    }
  }
  return seen;
}

describe('authorisation matrix: every path × every principal × public, private, hidden', () => {
  let world: World;
  let ghost: World;
  beforeAll(async () => {
    world = await seed();
    ghost = ghostOf(world);
  }, 120_000);

  for (const [path, { call, allowed, alsoSees }] of Object.entries(reads)) {
    it(`${path}: only the right principals read, and no canary leaks`, async () => {
      for (const visibility of visibilities) {
        for (const principal of principals) {
          const actor = world.actors[visibility][principal];
          const { status, text } = await run(call, world, visibility, actor);
          const label = `${principal} on ${visibility}: ${status} ${text.slice(0, 160)}`;
          if (allowed(principal, visibility)) expect(status, label).toBe(200);
          else expect([303, 401, 403, 404], label).toContain(status);
          if (visibility === 'hidden' && !maySee(principal, visibility, 'NAME') && !allowed(principal, visibility)) {
            // Exactly as a community that does not exist.
            expect({ status, text }, label).toEqual(await run(call, ghost, visibility, actor));
          }
          expect(leaks(text, principal, alsoSees), label).toEqual([]);
        }
      }
    });
  }

  for (const [path, row] of Object.entries(actions)) {
    it(`${path}: refused to everyone who may not, hidden answering as missing`, async () => {
      for (const visibility of visibilities) {
        const call = resolve(row.call, world, visibility);
        for (const principal of principals) {
          await restore(world, visibility);
          const actor = world.actors[visibility][principal];
          const { status, text } = await run(call, world, visibility, actor);
          const label = `${principal} on ${visibility}: ${status} ${text.slice(0, 160)}`;
          if (row.allowed(principal, visibility)) {
            expect(status, label).toBeLessThan(300);
          } else {
            // 400 when an allowed caller's input is wrong; 409 for asking again or a last animator.
            expect([400, 401, 403, 404, 409], label).toContain(status);
            if (status === 400) expect(manager(principal), label).toBe(true);
          }
          if (visibility === 'hidden' && !maySee(principal, visibility, 'NAME') && !row.allowed(principal, visibility)) {
            expect({ status, text }, label).toEqual(await run(resolve(row.call, ghost, visibility), ghost, visibility, actor));
          }
          expect(leaks(text, principal), label).toEqual([]);
        }
        await restore(world, visibility);
      }
    });
  }
});

/** Fills in what a row can only know once the world exists (the handover's target). */
function resolve(call: Call, w: World, v: Visibility): Call {
  const body = call.body as { toUserId?: string } | undefined;
  if (body?.toUserId !== 'MEMBER') return call;
  return { ...call, body: { ...body, toUserId: w.targets[v].member } };
}

// The authorisation matrix: every principal × every kind of community × every read path and action
// built so far. Each community hides canary strings in what only some may see; a response to anyone
// else must never contain them. Later issues add rows to `paths` (and canaries to `seed`).
import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import type { Actor } from '../auth/actor';
import { provisionAccount } from '../auth/provision';
import { newId, now } from '../ids';
import { addMemberByEmail, changeRole, createCommunity, endMembership, inviteByEmail } from '../communities';
import type { Visibility } from '../db/schema';
import * as communitiesRoute from '../../../routes/api/v1/communities/+server';
import * as communityRoute from '../../../routes/api/v1/communities/[slug]/+server';
import * as membersRoute from '../../../routes/api/v1/communities/[slug]/members/+server';
import * as memberRoute from '../../../routes/api/v1/communities/[slug]/members/[userId]/+server';
import * as joinRoute from '../../../routes/api/v1/communities/[slug]/join/+server';
import * as requestsRoute from '../../../routes/api/v1/communities/[slug]/requests/[userId]/+server';
import * as invitationsRoute from '../../../routes/api/v1/communities/[slug]/invitations/+server';
import * as handoverRoute from '../../../routes/api/v1/communities/[slug]/handover/+server';
import * as userRoute from '../../../routes/api/v1/users/[handle]/+server';
import * as directoryRoute from '../../../routes/api/v1/directory/+server';
import { updateProfile } from '../profiles';
import * as communityPage from '../../../routes/c/[slug]/+layout.server';
import * as membersPage from '../../../routes/c/[slug]/members/+page.server';
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
const visibilities: Visibility[] = ['public', 'private', 'hidden'];

type World = {
  actors: Record<Visibility, Record<Principal, Actor | null>>;
  slugs: Record<Visibility, string>;
  /** Someone each community's animators can act on: a pending requester and an active member. */
  targets: Record<Visibility, { requester: string; member: string; stewardHandle: string }>;
};

const canary = (visibility: Visibility, what: string) => `CANARY-${visibility}-${what}`;

async function account(name: string, role: 'member' | 'admin' = 'member'): Promise<Actor> {
  const email = `${newId()}@example.org`;
  const { id } = await provisionAccount(instance.db, { email, name, password: 'une phrase de passe', role });
  return { id, name, email, role, locale: 'fr', emailVerified: true };
}

async function seed(): Promise<World> {
  const admin = await account('Admin', 'admin');
  const world = { actors: {}, slugs: {}, targets: {} } as World;
  const elsewhere = await account('Animateur ailleurs');
  await createCommunity(instance.db, elsewhere, { name: 'Ailleurs', visibility: 'hidden' });

  for (const visibility of visibilities) {
    const animator = await account('Animatrice');
    const community = await createCommunity(instance.db, animator, {
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
      await addMemberByEmail(instance.db, animator, slug, { email: actor.email });
      return actor;
    };
    const member = await add(canary(visibility, 'MEMBER'));
    const steward = await add('Membre du comité');
    await changeRole(instance.db, animator, slug, steward.id, 'steward');
    // Shown only to people who share a community with the steward.
    const stewardProfile = await updateProfile(instance.db, steward, { bio: canary(visibility, 'BIO'), visibility: { bio: 'communities' } });
    const removed = await add('Ancienne membre');
    await endMembership(instance.db, animator, slug, removed.id, 'removed');
    const banned = await add('Bannie');
    await endMembership(instance.db, animator, slug, banned.id, 'banned');
    const invited = await account('Invitée');
    await inviteByEmail(instance.db, animator, slug, { emails: [invited.email] });
    const requester = await account('Demandeuse');
    await instance.db
      .insertInto('memberships')
      .values({
        id: newId(), community_id: community.id, user_id: requester.id, role: 'member', status: 'pending',
        request_message: null, decision_message: null, decided_by: null, decided_at: null, joined_at: null,
        created_at: now(), updated_at: now()
      })
      .execute();
    world.slugs[visibility] = slug;
    world.targets[visibility] = { requester: requester.id, member: member.id, stewardHandle: stewardProfile.handle };
    world.actors[visibility] = {
      anonymous: null, outsider: await account('Passante'), requester, invited, member, removed, banned,
      otherAnimator: elsewhere, animator, steward, admin
    };
  }
  return world;
}

const activeMember = (p: Principal) => p === 'member' || p === 'animator' || p === 'steward';

/** Who may see each canary: the rules of the issue, written independently of the access module. */
type Canary = 'NAME' | 'MISSION' | 'MEMBER' | 'WELCOME' | 'BIO';
const canaries: Canary[] = ['NAME', 'MISSION', 'MEMBER', 'WELCOME', 'BIO'];

function maySee(p: Principal, visibility: Visibility, what: Canary): boolean {
  if (p === 'admin') return true;
  if (what === 'BIO') return activeMember(p);
  // Animators write it; each member gets it in the app when they join.
  if (what === 'WELCOME') return activeMember(p);
  if (what === 'NAME') return visibility !== 'hidden' || activeMember(p);
  return visibility === 'public' || activeMember(p);
}

type Handler = (event: RequestEvent) => Promise<Response>;
type Call = {
  handler: unknown;
  /** A page's load function rather than an API endpoint. */
  page?: boolean;
  method: string;
  params: (w: World, v: Visibility) => Record<string, string>;
  body?: unknown;
  query?: string | ((w: World, v: Visibility) => string);
  /** Puts back what an earlier principal's allowed call changed, so each principal meets the same state. */
  reset?: (w: World, v: Visibility) => Promise<void>;
};

async function requesterPending(w: World, v: Visibility) {
  await instance.db
    .updateTable('memberships')
    .set({ status: 'pending' })
    .where('user_id', '=', w.targets[v].requester)
    .execute();
}

async function run(call: Call, world: World, visibility: Visibility, actor: Actor | null) {
  await call.reset?.(world, visibility);
  const params = call.params(world, visibility);
  const query = typeof call.query === 'function' ? call.query(world, visibility) : (call.query ?? '');
  const url = new URL(`http://localhost/api/v1/matrix${query}`);
  const request = new Request(url, {
    method: call.method,
    headers: call.body === undefined ? {} : { 'content-type': 'application/json' },
    body: call.body === undefined ? undefined : JSON.stringify(call.body)
  });
  const event = { request, url, params, locals: { user: actor, locale: 'fr', authVia: actor ? 'token' : null, sessionId: null } };
  if (call.page) {
    try {
      const data = await (call.handler as (event: unknown) => Promise<unknown>)(event);
      return { status: 200, text: JSON.stringify(data) };
    } catch (error) {
      if (isHttpError(error)) return { status: error.status, text: JSON.stringify(error.body) };
      if (isRedirect(error)) return { status: error.status, text: '' };
      throw error;
    }
  }
  const response = await (call.handler as Handler)(event as unknown as RequestEvent);
  return { status: response.status, text: await response.text() };
}

/** Read paths: who gets a 200, everyone else a refusal; no canary ever reaches the wrong eyes. */
const reads: Record<string, { call: Call; allowed: (p: Principal, v: Visibility) => boolean }> = {
  'GET /communities': {
    call: { handler: communitiesRoute.GET, method: 'GET', params: () => ({}), query: '?limit=100' },
    allowed: () => true
  },
  'GET /communities/{slug}': {
    call: { handler: communityRoute.GET, method: 'GET', params: (w, v) => ({ slug: w.slugs[v] }) },
    allowed: (p, v) => maySee(p, v, 'NAME')
  },
  'GET /users/{handle}': {
    call: { handler: userRoute.GET, method: 'GET', params: (w, v) => ({ handle: w.targets[v].stewardHandle }) },
    // Anyone may look a member up; which fields they see is the point of the canary.
    allowed: () => true
  },
  'GET /directory?community={slug}': {
    call: { handler: directoryRoute.GET, method: 'GET', params: () => ({}), query: (w, v) => `?community=${w.slugs[v]}&limit=100` },
    allowed: (p, v) => maySee(p, v, 'MEMBER')
  },
  'page /c/{slug}': {
    call: { handler: communityPage.load, page: true, method: 'GET', params: (w, v) => ({ slug: w.slugs[v] }) },
    allowed: (p, v) => maySee(p, v, 'NAME')
  },
  'page /c/{slug}/members': {
    call: { handler: membersPage.load, page: true, method: 'GET', params: (w, v) => ({ slug: w.slugs[v] }) },
    allowed: (p, v) => maySee(p, v, 'MEMBER')
  },
  'page /u/{handle}': {
    call: { handler: profilePage.load, page: true, method: 'GET', params: (w, v) => ({ handle: w.targets[v].stewardHandle }) },
    allowed: () => true
  },
  'page /directory?community={slug}': {
    call: { handler: directoryPage.load, page: true, method: 'GET', params: () => ({}), query: (w, v) => `?community=${w.slugs[v]}` },
    allowed: (p, v) => maySee(p, v, 'MEMBER')
  },
  'GET /communities/{slug}/members': {
    call: { handler: membersRoute.GET, method: 'GET', params: (w, v) => ({ slug: w.slugs[v] }), query: '?limit=100' },
    allowed: (p, v) => maySee(p, v, 'MEMBER')
  }
};

/** Actions: tried by every principal; only those allowed change anything. */
const actions: Record<string, { call: Call; allowed: (p: Principal, v: Visibility) => boolean }> = {
  'PATCH /communities/{slug}': {
    call: { handler: communityRoute.PATCH, method: 'PATCH', params: (w, v) => ({ slug: w.slugs[v] }), body: { vision: 'Nouvelle vision' } },
    allowed: (p) => p === 'animator' || p === 'admin'
  },
  'POST /communities/{slug}/invitations': {
    call: { handler: invitationsRoute.POST, method: 'POST', params: (w, v) => ({ slug: w.slugs[v] }), body: { emails: ['nouvelle@example.org'] } },
    allowed: (p) => p === 'animator' || p === 'admin'
  },
  'POST /communities/{slug}/requests/{userId}': {
    call: { handler: requestsRoute.POST, method: 'POST', params: (w, v) => ({ slug: w.slugs[v], userId: w.targets[v].requester }), body: { approve: false }, reset: requesterPending },
    allowed: (p) => p === 'animator' || p === 'admin'
  },
  'PATCH /communities/{slug}/members/{userId}': {
    call: { handler: memberRoute.PATCH, method: 'PATCH', params: (w, v) => ({ slug: w.slugs[v], userId: w.targets[v].member }), body: { role: 'member' } },
    allowed: (p) => p === 'animator' || p === 'admin'
  },
  'POST /communities/{slug}/handover': {
    call: { handler: handoverRoute.POST, method: 'POST', params: (w, v) => ({ slug: w.slugs[v] }), body: { toUserId: 'nobody' } },
    // Allowed callers reach the target check (404 for an unknown member); the point is who gets that far.
    allowed: () => false
  },
  'POST /communities/{slug}/join': {
    call: { handler: joinRoute.POST, method: 'POST', params: (w, v) => ({ slug: w.slugs[v] }), body: {}, reset: requesterPending },
    allowed: (p, v) => v !== 'hidden' && ['outsider', 'invited', 'removed', 'otherAnimator', 'admin'].includes(p)
  },
  'DELETE /communities/{slug}': {
    call: { handler: communityRoute.DELETE, method: 'DELETE', params: (w, v) => ({ slug: w.slugs[v] }), query: '?confirm=wrong' },
    // With a wrong confirmation even an admin changes nothing: 400 for admins, refusal for everyone else.
    allowed: () => false
  }
};

describe('authorisation matrix', () => {
  let world: World;
  beforeAll(async () => {
    world = await seed();
  }, 60_000);

  for (const [path, { call, allowed }] of Object.entries(reads)) {
    it(`${path}: only the right principals read, and no canary leaks`, async () => {
      // The same request about a community that does not exist.
      const missing = await run(
        { ...call, params: () => ({ slug: 'nexiste-pas', handle: 'nexiste-pas' }), query: typeof call.query === 'function' ? '?community=nexiste-pas&limit=100' : call.query },
        world,
        'public',
        null
      );
      for (const visibility of visibilities) {
        for (const principal of principals) {
          const { status, text } = await run(call, world, visibility, world.actors[visibility][principal]);
          const label = `${principal} on ${visibility}`;
          if (allowed(principal, visibility)) expect(status, label).toBe(200);
          else expect([401, 403, 404], label).toContain(status);
          if (visibility === 'hidden' && !allowed(principal, visibility) && path.includes('{slug}')) {
            // Exactly as a community that does not exist.
            expect({ status, text }, label).toEqual(missing);
          }
          for (const v of visibilities) {
            for (const what of canaries) {
              const seen = text.includes(canary(v, what));
              if (seen) expect(maySee(principal, v, what), `${label} saw ${canary(v, what)}`).toBe(true);
            }
          }
        }
      }
    });
  }

  for (const [path, { call, allowed }] of Object.entries(actions)) {
    it(`${path}: refused to everyone who may not, hidden answering as missing`, async () => {
      for (const visibility of visibilities) {
        for (const principal of principals) {
          const { status, text } = await run(call, world, visibility, world.actors[visibility][principal]);
          const label = `${principal} on ${visibility}: ${status} ${text.slice(0, 120)}`;
          if (allowed(principal, visibility)) {
            expect(status, label).toBeLessThan(300);
            continue;
          }
          const mayManage = principal === 'animator' || principal === 'admin';
          // 409 is a refusal too: asking again to join, or joining while already a member.
          if (mayManage) expect([400, 403, 404, 409], label).toContain(status);
          else expect([401, 403, 404, 409], label).toContain(status);
          if (visibility === 'hidden' && !mayManage && !activeMember(principal) && principal !== 'anonymous') {
            expect(status, label).toBe(404);
          }
          for (const what of canaries) {
            if (text.includes(canary(visibility, what))) expect(maySee(principal, visibility, what), label).toBe(true);
          }
        }
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { preferencesOf, savePreferences } from '../preferences';
import {
  animatorHistory,
  approveCommunity,
  changeRole,
  createCommunity,
  decideRequest,
  dismissWelcome,
  endMembership,
  findCommunityView,
  handOver,
  inviteByEmail,
  joinCommunity,
  listCommunities,
  listMembers,
  saveCommunityPolicy,
  setArchived,
  updateCommunity
} from '.';

const instance = useTestInstance();
const db = () => instance.db;

async function membership(communityId: string, userId: string) {
  return db()
    .selectFrom('memberships')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

async function activeAnimators(communityId: string): Promise<number> {
  const rows = await db()
    .selectFrom('memberships')
    .select('id')
    .where('community_id', '=', communityId)
    .where('role', '=', 'animator')
    .where('status', '=', 'active')
    .execute();
  return rows.length;
}

/** A community with its founder and the given people already active members. */
async function communityWith<const Names extends readonly string[]>(visibility: 'public' | 'private' | 'hidden', ...names: Names) {
  const founder = await person(db(), 'Léa Gagnon');
  const community = await createCommunity(db(), founder, { name: `Communauté ${names.join(' ')}`, visibility, joinPolicy: 'open' });
  const members = [];
  for (const name of names) {
    const someone = await person(db(), name);
    if (visibility === 'hidden') {
      await db().updateTable('communities').set({ visibility: 'public' }).where('id', '=', community.id).execute();
      await joinCommunity(db(), someone, community.slug);
      await db().updateTable('communities').set({ visibility: 'hidden' }).where('id', '=', community.id).execute();
    } else {
      await joinCommunity(db(), someone, community.slug);
    }
    members.push(someone);
  }
  return { founder, community, members: members as { [K in keyof Names]: Actor } };
}

describe('the welcome message in the app', () => {
  it('waits for a new member on the community until they put it away, and only for them', async () => {
    const lea = await person(db());
    const marc = await person(db(), 'Marc Roy');
    const visitor = await person(db(), 'Paul Martin');
    const community = await createCommunity(db(), lea, {
      name: 'Accueillante',
      visibility: 'public',
      joinPolicy: 'open',
      welcomeMessage: 'Bienvenue ! Présentez-vous dans le fil d’accueil.'
    });
    await joinCommunity(db(), marc, community.slug);

    const seen = await findCommunityView(db(), marc, community.slug);
    expect(seen.viewer.welcome).toMatchObject({ message: 'Bienvenue ! Présentez-vous dans le fil d’accueil.' });
    expect((await findCommunityView(db(), visitor, community.slug)).viewer.welcome).toBeNull();
    expect((await findCommunityView(db(), null, community.slug)).viewer.welcome).toBeNull();
    expect((await findCommunityView(db(), lea, community.slug)).viewer.welcome).toBeNull();

    await dismissWelcome(db(), marc, community.slug);
    expect((await findCommunityView(db(), marc, community.slug)).viewer.welcome).toBeNull();

    // Coming back is a new arrival: welcomed again.
    await endMembership(db(), marc, community.slug, marc.id, 'left');
    expect((await findCommunityView(db(), marc, community.slug)).viewer.welcome).toBeNull();
    await joinCommunity(db(), marc, community.slug);
    expect((await findCommunityView(db(), marc, community.slug)).viewer.welcome).not.toBeNull();
  });

  it('emails the welcome too, unless the member chose to have it in the app only', async () => {
    const lea = await person(db());
    const byEmail = await person(db(), 'Marc Roy');
    const inApp = await person(db(), 'Nadia Bouchard');
    await savePreferences(db(), inApp, { community_welcome: 'app' });
    const community = await createCommunity(db(), lea, { name: 'Courriels choisis', visibility: 'public', joinPolicy: 'open', welcomeMessage: 'Bienvenue !' });
    await joinCommunity(db(), byEmail, community.slug);
    await joinCommunity(db(), inApp, community.slug);
    const sentTo = async (who: Actor) =>
      (await db().selectFrom('emails').select('subject').where('to_address', '=', who.email).execute()).length;
    expect(await sentTo(byEmail)).toBe(1);
    expect(await sentTo(inApp)).toBe(0);
    // Like every email of the platform, it can be stopped in one click.
    const headers = await db().selectFrom('emails').select('headers').where('to_address', '=', byEmail.email).executeTakeFirstOrThrow();
    expect(JSON.parse(headers.headers ?? '{}')).toMatchObject({ 'List-Unsubscribe': expect.stringMatching(/^<http.*\/unsubscribe\/[\w.-]+>$/), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    // Past the weekly ceiling, a welcome is not urgent: the one in the app is enough.
    const capped = await person(db(), 'Omar Haddad');
    await db().updateTable('users').set({ email_budget: 0 }).where('id', '=', capped.id).execute();
    await joinCommunity(db(), capped, community.slug);
    expect(await sentTo(capped)).toBe(0);
    expect((await findCommunityView(db(), inApp, community.slug)).viewer.welcome).toMatchObject({ message: 'Bienvenue !' });
    expect(await preferencesOf(db(), inApp.id)).toMatchObject({ community_welcome: 'app', event_updates: 'email' });
    expect(await preferencesOf(db(), byEmail.id)).toMatchObject({ community_welcome: 'email', event_updates: 'email' });
  });

  it('says welcome even when the animators have not written a message yet', async () => {
    const { community, members } = await communityWith('public', 'Marc Roy');
    expect((await findCommunityView(db(), members[0], community.slug)).viewer.welcome).toMatchObject({ message: null });
  });
});

describe('at least one animator, even under concurrent changes', () => {
  it('two animators demoting each other at the same moment leave one animator', async () => {
    const { founder, community, members } = await communityWith('public', 'Marc Roy');
    const [marc] = members;
    await changeRole(db(), founder, community.slug, marc.id, 'animator');
    const results = await Promise.all([
      outcome(changeRole(db(), founder, community.slug, marc.id, 'member')),
      outcome(changeRole(db(), marc, community.slug, founder.id, 'member'))
    ]);
    // The second is refused either way: as the last animator, or as no longer an animator at all.
    expect(results.sort()).toEqual([expect.stringMatching(/^(conflict:communities.errors.last_animator|forbidden)$/), 'ok']);
    expect(await activeAnimators(community.id)).toBe(1);
  });

  it('two animators leaving at the same moment: one of them stays', async () => {
    const { founder, community, members } = await communityWith('private', 'Marc Roy');
    const [marc] = members;
    await changeRole(db(), founder, community.slug, marc.id, 'animator');
    const results = await Promise.all([
      outcome(endMembership(db(), founder, community.slug, founder.id, 'left')),
      outcome(endMembership(db(), marc, community.slug, marc.id, 'left'))
    ]);
    expect(results.sort()).toEqual(['conflict:communities.errors.last_animator', 'ok']);
    expect(await activeAnimators(community.id)).toBe(1);
  });

  it('the last animator can be neither removed nor banned, by an administrator either', async () => {
    const admin = await person(db(), 'Camille Roy', { role: 'admin' });
    const { founder, community } = await communityWith('public');
    for (const how of ['removed', 'banned'] as const) {
      expect(await outcome(endMembership(db(), admin, community.slug, founder.id, how))).toBe('conflict:communities.errors.last_animator');
    }
    expect(await membership(community.id, founder.id)).toMatchObject({ role: 'animator', status: 'active' });
    const history = await animatorHistory(db(), admin, community.slug);
    expect(history.map((term) => term.endedAt)).toEqual([null]);
  });
});

describe('joining', () => {
  it('two clicks on "Join" admit once and send one welcome', async () => {
    const { community } = await communityWith('public');
    const marc = await person(db(), 'Marc Roy');
    const results = await Promise.all([
      outcome(joinCommunity(db(), marc, community.slug)),
      outcome(joinCommunity(db(), marc, community.slug))
    ]);
    expect(results.sort()).toEqual(['conflict:communities.errors.already_member', 'ok']);
    const welcomes = await db().selectFrom('emails').select('id').where('to_address', '=', marc.email).execute();
    expect(welcomes).toHaveLength(1);
  });

  it('keeps what the requester wrote and records who decided, with their message', async () => {
    const lea = await person(db());
    const marc = await person(db(), 'Marc Roy');
    const community = await createCommunity(db(), lea, { name: 'Sur demande', visibility: 'private', joinPolicy: 'request', joinQuestion: 'Où travaillez-vous ?' });
    await joinCommunity(db(), marc, community.slug, 'Au CLSC de Sherbrooke');
    expect(await outcome(joinCommunity(db(), marc, community.slug))).toBe('conflict:communities.errors.already_requested');
    await decideRequest(db(), lea, community.slug, marc.id, { approve: true, message: 'Au plaisir !' });
    expect(await membership(community.id, marc.id)).toMatchObject({
      status: 'active',
      request_message: 'Au CLSC de Sherbrooke',
      decision_message: 'Au plaisir !',
      decided_by: lea.id
    });
    // Deciding twice finds no request.
    expect(await outcome(decideRequest(db(), lea, community.slug, marc.id, { approve: false }))).toBe('not_found');
  });

  it('lets a declined requester ask again, but never a banned person', async () => {
    const lea = await person(db());
    const marc = await person(db(), 'Marc Roy');
    const nadia = await person(db(), 'Nadia Bouchard');
    const community = await createCommunity(db(), lea, { name: 'Deux fois', visibility: 'public', joinPolicy: 'request' });
    await joinCommunity(db(), marc, community.slug);
    await decideRequest(db(), lea, community.slug, marc.id, { approve: false });
    expect(await joinCommunity(db(), marc, community.slug)).toBe('requested');
    await endMembership(db(), lea, community.slug, nadia.id, 'banned');
    expect(await outcome(joinCommunity(db(), nadia, community.slug))).toBe('forbidden');
    expect(await membership(community.id, nadia.id)).toMatchObject({ status: 'banned' });
  });

  it('refuses to ban an account that does not exist, and changes nothing', async () => {
    const { founder, community } = await communityWith('public');
    const before = await db().selectFrom('memberships').select('id').where('community_id', '=', community.id).execute();
    expect(await outcome(endMembership(db(), founder, community.slug, 'personne', 'banned'))).toBe('not_found');
    expect(await db().selectFrom('memberships').select('id').where('community_id', '=', community.id).execute()).toEqual(before);
  });
});

describe('losing access', () => {
  it('a removed member no longer reads a private community’s content, and a hidden one disappears', async () => {
    for (const visibility of ['private', 'hidden'] as const) {
      const { founder, community, members } = await communityWith(visibility, 'Marc Roy');
      const [marc] = members;
      expect((await findCommunityView(db(), marc, community.slug)).charter).not.toBeNull();
      await endMembership(db(), founder, community.slug, marc.id, 'removed');
      if (visibility === 'private') {
        expect((await findCommunityView(db(), marc, community.slug)).charter).toBeNull();
        expect(await outcome(listMembers(db(), marc, community.slug))).toBe('forbidden');
      } else {
        expect(await outcome(findCommunityView(db(), marc, community.slug))).toBe('not_found');
        expect(await outcome(listMembers(db(), marc, community.slug))).toBe('not_found');
      }
      const mine = await listCommunities(db(), marc, { mine: true }, { limit: 100 });
      expect(mine.items.map((c) => c.id)).not.toContain(community.id);
    }
  });
});

describe('stewards', () => {
  it('see the steering view but have no moderation powers', async () => {
    const { founder, community, members } = await communityWith('private', 'Sophie Tremblay', 'Paul Martin');
    const [sophie, paul] = members;
    await changeRole(db(), founder, community.slug, sophie.id, 'steward');
    const requester = await person(db(), 'Nadia Bouchard');
    await db().updateTable('communities').set({ join_policy: 'request' }).where('id', '=', community.id).execute();
    await joinCommunity(db(), requester, community.slug);

    expect(await animatorHistory(db(), sophie, community.slug)).toHaveLength(1);
    const attempts = [
      () => updateCommunity(db(), sophie, community.slug, { name: 'Changée' }),
      () => changeRole(db(), sophie, community.slug, paul.id, 'steward'),
      () => endMembership(db(), sophie, community.slug, paul.id, 'removed'),
      () => endMembership(db(), sophie, community.slug, paul.id, 'banned'),
      () => decideRequest(db(), sophie, community.slug, requester.id, { approve: true }),
      () => inviteByEmail(db(), sophie, community.slug, { emails: ['x@example.org'] }),
      () => handOver(db(), sophie, community.slug, { toUserId: paul.id }),
      () => listMembers(db(), sophie, community.slug, 'pending')
    ];
    for (const attempt of attempts) expect(await outcome(attempt())).toBe('forbidden');
    expect(await membership(community.id, paul.id)).toMatchObject({ role: 'member', status: 'active' });
    expect(await membership(community.id, requester.id)).toMatchObject({ status: 'pending' });
  });
});

describe('archived communities', () => {
  it('refuse every change, to animators and administrators alike, until reopened', async () => {
    const admin = await person(db(), 'Camille Roy', { role: 'admin' });
    const { founder, community, members } = await communityWith('public', 'Marc Roy', 'Paul Martin');
    const [marc, paul] = members;
    const newcomer = await person(db(), 'Nadia Bouchard');
    await setArchived(db(), founder, community.slug, true);
    for (const actor of [founder, admin]) {
      const attempts = [
        () => updateCommunity(db(), actor, community.slug, { name: 'Changée' }),
        () => changeRole(db(), actor, community.slug, marc.id, 'steward'),
        () => endMembership(db(), actor, community.slug, marc.id, 'removed'),
        () => inviteByEmail(db(), actor, community.slug, { emails: ['x@example.org'] }),
        () => handOver(db(), actor, community.slug, { toUserId: marc.id })
      ];
      for (const attempt of attempts) expect(await outcome(attempt())).toBe('forbidden');
    }
    expect(await outcome(joinCommunity(db(), newcomer, community.slug))).toBe('forbidden');
    expect((await db().selectFrom('communities').select('name').where('id', '=', community.id).executeTakeFirstOrThrow()).name).toBe(community.name);
    expect(await db().selectFrom('invitations').select('id').where('community_id', '=', community.id).execute()).toEqual([]);
    // Still readable, and nobody is kept in against their will.
    expect((await listMembers(db(), null, community.slug)).members).toHaveLength(3);
    await endMembership(db(), paul, community.slug, paul.id, 'left');

    await setArchived(db(), founder, community.slug, false);
    await updateCommunity(db(), founder, community.slug, { name: 'Rouverte' });
    expect((await findCommunityView(db(), null, community.slug)).name).toBe('Rouverte');
  });
});

describe('communities awaiting approval', () => {
  it('open to everyone once an administrator approves them', async () => {
    const admin = await person(db(), 'Camille Roy', { role: 'admin' });
    const lea = await person(db());
    const marc = await person(db(), 'Marc Roy');
    await saveCommunityPolicy(db(), admin, { creation: 'members', approval: true });
    const community = await createCommunity(db(), lea, { name: 'À approuver', visibility: 'public', joinPolicy: 'open' });
    await saveCommunityPolicy(db(), admin, { creation: 'members', approval: false });
    expect(community.status).toBe('pending');
    expect((await listCommunities(db(), admin, { status: 'pending' }, { limit: 100 })).items.map((c) => c.id)).toContain(community.id);
    expect(await outcome(findCommunityView(db(), marc, community.slug))).toBe('not_found');
    expect(await outcome(approveCommunity(db(), lea, community.slug))).toBe('not_found');

    await approveCommunity(db(), admin, community.slug);
    expect(await joinCommunity(db(), marc, community.slug)).toBe('joined');
    expect(await outcome(approveCommunity(db(), admin, community.slug))).toBe('not_found');
  });

  it('administrators see every community, hidden ones included', async () => {
    const admin = await person(db(), 'Camille Roy', { role: 'admin' });
    const { community } = await communityWith('hidden');
    const listed = await listCommunities(db(), admin, {}, { limit: 100 });
    expect(listed.items.map((c) => c.id)).toContain(community.id);
    expect((await findCommunityView(db(), admin, community.slug)).charter).not.toBeNull();
  });
});

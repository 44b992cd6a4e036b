import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { provisionAccount } from '../auth/provision';
import type { Actor } from '../auth/actor';
import { DomainError } from '../errors';
import { newId } from '../ids';
import { drainJobs } from '../jobs/worker';
import {
  acceptInvitation,
  animatorHistory,
  changeRole,
  createCommunity,
  decideRequest,
  deleteCommunity,
  endMembership,
  handOver,
  inviteByEmail,
  joinCommunity,
  listCommunities,
  listMembers,
  parseEmailList,
  pendingInvitations,
  readCommunityPolicy,
  saveCommunityPolicy,
  setArchived,
  slugify,
  updateCommunity
} from '.';

const instance = useTestInstance();

async function person(name = 'Léa Gagnon', role: 'member' | 'admin' = 'member'): Promise<Actor> {
  const email = `${newId()}@example.org`;
  const { id } = await provisionAccount(instance.db, { email, name, password: 'une phrase de passe', role });
  return { id, name, email, role, locale: 'fr', emailVerified: true };
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}${error.issues[0] ? `:${error.issues[0].message}` : ''}${error.detail ? `:${error.detail}` : ''}`;
    throw error;
  }
  return 'ok';
}

async function roleOf(communityId: string, userId: string) {
  return instance.db
    .selectFrom('memberships')
    .select(['role', 'status'])
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

describe('creating a community', () => {
  it('makes its founder the first animator and derives a readable address from the name', async () => {
    const lea = await person();
    const community = await createCommunity(instance.db, lea, {
      name: 'Santé & services sociaux en français',
      visibility: 'public',
      mission: 'Mieux servir les francophones'
    });
    expect(community.slug).toBe('sante-services-sociaux-en-francais');
    expect(community.status).toBe('active');
    expect(await roleOf(community.id, lea.id)).toEqual({ role: 'animator', status: 'active' });
    const history = await animatorHistory(instance.db, lea, community.slug);
    expect(history).toMatchObject([{ name: 'Léa Gagnon', endedAt: null }]);
  });

  it('gives a second community of the same name its own address, and refuses a chosen address already taken', async () => {
    const lea = await person();
    const first = await createCommunity(instance.db, lea, { name: 'Réseau océan', visibility: 'public' });
    const second = await createCommunity(instance.db, lea, { name: 'Réseau océan', visibility: 'public' });
    expect(second.slug).toBe(`${first.slug}-2`);
    const before = await instance.db.selectFrom('communities').select('id').execute();
    expect(await code(createCommunity(instance.db, lea, { name: 'Autre', slug: first.slug, visibility: 'public' }))).toBe(
      'invalid:communities.errors.slug_taken'
    );
    expect(await instance.db.selectFrom('communities').select('id').execute()).toHaveLength(before.length);
  });

  it('follows the instance policy: reserved to admins, or waiting for approval', async () => {
    const admin = await person('Camille Roy', 'admin');
    const lea = await person();
    await saveCommunityPolicy(instance.db, admin, { creation: 'admins', approval: false });
    expect(await code(createCommunity(instance.db, lea, { name: 'Refusée', visibility: 'public' }))).toBe(
      'forbidden:communities.errors.creation_reserved'
    );
    await saveCommunityPolicy(instance.db, admin, { creation: 'members', approval: true });
    expect(await readCommunityPolicy(instance.db)).toEqual({ creation: 'members', approval: true });
    const pending = await createCommunity(instance.db, lea, { name: 'En attente', visibility: 'public' });
    expect(pending.status).toBe('pending');
    const stranger = await person('Marc Roy');
    const listed = await listCommunities(instance.db, stranger, {}, { limit: 100 });
    expect(listed.items.map((c) => c.id)).not.toContain(pending.id);
    expect(await code(joinCommunity(instance.db, stranger, pending.slug))).toBe('not_found');
    await saveCommunityPolicy(instance.db, admin, { creation: 'members', approval: false });
    expect(await code(saveCommunityPolicy(instance.db, lea, { creation: 'admins', approval: false }))).toBe('not_found');
  });

  it('changes only the fields given, and only for its animators', async () => {
    const lea = await person();
    const marc = await person('Marc Roy');
    const community = await createCommunity(instance.db, lea, { name: 'Estrie', visibility: 'public', vision: 'Une vision', themes: ['innovation'] });
    const updated = await updateCommunity(instance.db, lea, community.slug, { mission: 'Une mission' });
    expect(updated).toMatchObject({ vision: 'Une vision', mission: 'Une mission', themes: '["innovation"]' });
    await joinCommunity(instance.db, marc, community.slug).catch(() => {});
    expect(await code(updateCommunity(instance.db, marc, community.slug, { name: 'Volée' }))).toBe('forbidden');
  });
});

describe('joining', () => {
  it('admits at once to an open community and sends the welcome message by email', async () => {
    const lea = await person();
    const marc = await person('Marc Roy');
    const community = await createCommunity(instance.db, lea, {
      name: 'Ouverte',
      visibility: 'public',
      joinPolicy: 'open',
      welcomeMessage: 'Bienvenue parmi nous ! Présentez-vous dans le fil d’accueil.'
    });
    expect(await joinCommunity(instance.db, marc, community.slug)).toBe('joined');
    expect(await roleOf(community.id, marc.id)).toEqual({ role: 'member', status: 'active' });
    await drainJobs(instance.db);
    const mail = await instance.db.selectFrom('emails').selectAll().where('to_address', '=', marc.email).executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Bienvenue dans « Ouverte »');
    expect(mail.text_body).toContain('> Bienvenue parmi nous !');
    expect(await code(joinCommunity(instance.db, marc, community.slug))).toBe('conflict:communities.errors.already_member');
  });

  it('records a request that animators approve or decline, with a message', async () => {
    const lea = await person();
    const marc = await person('Marc Roy');
    const nadia = await person('Nadia Bouchard');
    const community = await createCommunity(instance.db, lea, { name: 'Sur demande', visibility: 'private', joinPolicy: 'request' });
    expect(await joinCommunity(instance.db, marc, community.slug, 'Infirmière à Sudbury')).toBe('requested');
    expect(await joinCommunity(instance.db, nadia, community.slug)).toBe('requested');
    const pending = await listMembers(instance.db, lea, community.slug, 'pending');
    expect(pending.members.map((m) => [m.name, m.requestMessage])).toEqual([
      ['Marc Roy', 'Infirmière à Sudbury'],
      ['Nadia Bouchard', null]
    ]);
    expect(await code(decideRequest(instance.db, marc, community.slug, nadia.id, { approve: true }))).toBe('forbidden');
    await decideRequest(instance.db, lea, community.slug, marc.id, { approve: true, message: 'Bienvenue !' });
    await decideRequest(instance.db, lea, community.slug, nadia.id, { approve: false, message: 'Réservé aux professionnels' });
    expect(await roleOf(community.id, marc.id)).toEqual({ role: 'member', status: 'active' });
    expect(await roleOf(community.id, nadia.id)).toEqual({ role: 'member', status: 'declined' });
    await drainJobs(instance.db);
    const toNadia = await instance.db.selectFrom('emails').selectAll().where('to_address', '=', nadia.email).executeTakeFirstOrThrow();
    expect(toNadia.subject).toBe('Votre demande pour « Sur demande »');
    expect(toNadia.text_body).toContain('> Réservé aux professionnels');
    const toMarc = await instance.db.selectFrom('emails').selectAll().where('to_address', '=', marc.email).executeTakeFirstOrThrow();
    expect(toMarc.text_body).toContain('> Bienvenue !');
  });

  it('refuses to join an invitation-only community without an invitation, and hides a hidden one', async () => {
    const lea = await person();
    const marc = await person('Marc Roy');
    const invite = await createCommunity(instance.db, lea, { name: 'Sur invitation', visibility: 'private', joinPolicy: 'invite' });
    const hidden = await createCommunity(instance.db, lea, { name: 'Cachée', visibility: 'hidden', joinPolicy: 'open' });
    expect(await code(joinCommunity(instance.db, marc, invite.slug))).toBe('forbidden');
    expect(await code(joinCommunity(instance.db, marc, hidden.slug))).toBe('not_found');
    expect(await code(joinCommunity(instance.db, marc, 'nexiste-pas'))).toBe('not_found');
  });
});

describe('leaving, removal and bans', () => {
  it('ends access at once, keeps a banned person out, and never removes the last animator', async () => {
    const lea = await person();
    const marc = await person('Marc Roy');
    const community = await createCommunity(instance.db, lea, { name: 'Privée', visibility: 'private', joinPolicy: 'open' });
    await joinCommunity(instance.db, marc, community.slug);
    expect((await listMembers(instance.db, marc, community.slug)).members).toHaveLength(2);

    await endMembership(instance.db, lea, community.slug, marc.id, 'banned');
    expect(await code(listMembers(instance.db, marc, community.slug))).toBe('forbidden');
    expect(await code(joinCommunity(instance.db, marc, community.slug))).toBe('forbidden');

    expect(await code(endMembership(instance.db, lea, community.slug, lea.id, 'left'))).toBe('conflict:communities.errors.last_animator');
    expect(await code(changeRole(instance.db, lea, community.slug, lea.id, 'member'))).toBe('conflict:communities.errors.last_animator');
    expect(await roleOf(community.id, lea.id)).toEqual({ role: 'animator', status: 'active' });
  });

  it('lets a member leave and come back to an open community', async () => {
    const lea = await person();
    const marc = await person('Marc Roy');
    const community = await createCommunity(instance.db, lea, { name: 'Va-et-vient', visibility: 'public', joinPolicy: 'open' });
    await joinCommunity(instance.db, marc, community.slug);
    await endMembership(instance.db, marc, community.slug, marc.id, 'left');
    expect(await roleOf(community.id, marc.id)).toEqual({ role: 'member', status: 'left' });
    expect(await code(endMembership(instance.db, marc, community.slug, lea.id, 'left'))).toBe('not_found');
    expect(await joinCommunity(instance.db, marc, community.slug)).toBe('joined');
  });
});

describe('invitations', () => {
  it('reads addresses from pasted text or a CSV, and reports sent, skipped and invalid', async () => {
    expect(parseEmailList('courriel\n"a@example.org", b@example.org; A@example.org\npas-une-adresse')).toEqual([
      'a@example.org',
      'b@example.org',
      'pas-une-adresse'
    ]);
    const lea = await person();
    const marc = await person('Marc Roy');
    const community = await createCommunity(instance.db, lea, { name: 'Invitante', visibility: 'hidden', joinPolicy: 'invite' });
    const report = await inviteByEmail(instance.db, lea, community.slug, {
      emails: ['nouvelle@example.org', lea.email, 'pas-une-adresse', marc.email]
    });
    expect(report).toEqual({ sent: ['nouvelle@example.org', marc.email], skipped: [lea.email], invalid: ['pas-une-adresse'] });
    const again = await inviteByEmail(instance.db, lea, community.slug, { emails: ['nouvelle@example.org'] });
    expect(again.skipped).toEqual(['nouvelle@example.org']);
    expect(await code(inviteByEmail(instance.db, marc, community.slug, { emails: ['x@example.org'] }))).toBe('not_found');
  });

  it('admits the invited account once, through the emailed link only, and refuses another account', async () => {
    const lea = await person();
    const marc = await person('Marc Roy');
    const nadia = await person('Nadia Bouchard');
    const community = await createCommunity(instance.db, lea, { name: 'Par lien', visibility: 'hidden', joinPolicy: 'invite' });
    await inviteByEmail(instance.db, lea, community.slug, { emails: [marc.email], role: 'steward' });
    await drainJobs(instance.db);
    const mail = await instance.db.selectFrom('emails').selectAll().where('to_address', '=', marc.email).executeTakeFirstOrThrow();
    const token = mail.text_body.match(/\/invitations\/([A-Za-z0-9_-]+)/)?.[1] ?? '';
    expect(token).not.toBe('');

    expect(await code(acceptInvitation(instance.db, nadia, token))).toBe('conflict:communities.errors.invitation_other_email');
    expect(await acceptInvitation(instance.db, marc, token)).toEqual({ slug: community.slug });
    expect(await roleOf(community.id, marc.id)).toEqual({ role: 'steward', status: 'active' });
    expect(await code(acceptInvitation(instance.db, marc, token))).toBe('not_found:communities.errors.invitation_invalid');
  });

  it('waits for someone who creates their account after being invited, once their address is verified', async () => {
    const lea = await person();
    const community = await createCommunity(instance.db, lea, { name: 'Nouvelle venue', visibility: 'private', joinPolicy: 'invite' });
    const expired = await createCommunity(instance.db, lea, { name: 'Trop tard', visibility: 'private', joinPolicy: 'invite' });
    const email = `${newId()}@example.org`;
    await inviteByEmail(instance.db, lea, community.slug, { emails: [email] });
    await inviteByEmail(instance.db, lea, expired.slug, { emails: [email] });
    await instance.db.updateTable('invitations').set({ expires_at: Date.now() - 1 }).where('community_id', '=', expired.id).execute();

    // She signs up without the link: nothing is shown until her address is verified.
    const { id } = await provisionAccount(instance.db, { email, name: 'Awa Diallo', password: 'une phrase de passe', role: 'member' });
    const awa: Actor = { id, name: 'Awa Diallo', email, role: 'member', locale: 'fr', emailVerified: false };
    expect(await pendingInvitations(instance.db, awa)).toEqual([]);
    const verified = { ...awa, emailVerified: true };
    const [waiting, ...others] = await pendingInvitations(instance.db, verified);
    expect(others).toEqual([]);
    expect(waiting?.community.name).toBe('Nouvelle venue');

    // Nobody else can use it from their own list.
    const marc = await person('Marc Roy');
    expect(await code(acceptInvitation(instance.db, marc, { id: waiting!.id }))).toBe('not_found:communities.errors.invitation_invalid');
    expect(await acceptInvitation(instance.db, verified, { id: waiting!.id })).toEqual({ slug: community.slug });
    expect(await roleOf(community.id, awa.id)).toEqual({ role: 'member', status: 'active' });
    expect(await pendingInvitations(instance.db, verified)).toEqual([]);
    expect(await code(acceptInvitation(instance.db, verified, { id: waiting!.id }))).toBe('not_found:communities.errors.invitation_invalid');
  });

  it('refuses an expired link', async () => {
    const lea = await person();
    const marc = await person('Marc Roy');
    const community = await createCommunity(instance.db, lea, { name: 'Expirée', visibility: 'private', joinPolicy: 'invite' });
    await inviteByEmail(instance.db, lea, community.slug, { emails: [marc.email] });
    await drainJobs(instance.db);
    const mail = await instance.db.selectFrom('emails').selectAll().where('to_address', '=', marc.email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const token = mail.text_body.match(/\/invitations\/([A-Za-z0-9_-]+)/)?.[1] ?? '';
    await instance.db.updateTable('invitations').set({ expires_at: Date.now() - 1 }).where('community_id', '=', community.id).execute();
    expect(await code(acceptInvitation(instance.db, marc, token))).toBe('not_found:communities.errors.invitation_invalid');
    expect(await roleOf(community.id, marc.id)).toBeUndefined();
  });
});

describe('handover', () => {
  it('passes the animator role with a note, keeps the history for stewards, and hides it from members', async () => {
    const lea = await person();
    const marc = await person('Marc Roy');
    const steward = await person('Sophie Tremblay');
    const plain = await person('Paul Martin');
    const community = await createCommunity(instance.db, lea, { name: 'Relève', visibility: 'public', joinPolicy: 'open' });
    for (const who of [marc, steward, plain]) await joinCommunity(instance.db, who, community.slug);
    await changeRole(instance.db, lea, community.slug, steward.id, 'steward');

    await handOver(instance.db, lea, community.slug, { toUserId: marc.id, note: 'Les dossiers sont dans la bibliothèque.' });
    expect(await roleOf(community.id, marc.id)).toEqual({ role: 'animator', status: 'active' });
    expect(await roleOf(community.id, lea.id)).toEqual({ role: 'member', status: 'active' });

    const history = await animatorHistory(instance.db, steward, community.slug);
    expect(history.map((t) => [t.name, t.endedAt === null, t.note, t.handedBy])).toEqual([
      ['Marc Roy', true, 'Les dossiers sont dans la bibliothèque.', 'Léa Gagnon'],
      ['Léa Gagnon', false, null, null]
    ]);
    expect(await code(animatorHistory(instance.db, plain, community.slug))).toBe('forbidden');
    expect(await code(handOver(instance.db, lea, community.slug, { toUserId: plain.id }))).toBe('forbidden');
  });
});

describe('archive and delete', () => {
  it('archives to read-only and deletes everything only when an admin confirms with the address', async () => {
    const admin = await person('Camille Roy', 'admin');
    const lea = await person();
    const marc = await person('Marc Roy');
    const community = await createCommunity(instance.db, lea, { name: 'Ancienne', visibility: 'public', joinPolicy: 'open' });
    await inviteByEmail(instance.db, lea, community.slug, { emails: ['x@example.org'] });
    await setArchived(instance.db, lea, community.slug, true);
    expect(await code(joinCommunity(instance.db, marc, community.slug))).toBe('forbidden');
    expect(await code(updateCommunity(instance.db, lea, community.slug, { name: 'Non' }))).toBe('forbidden');
    await setArchived(instance.db, lea, community.slug, false);

    expect(await code(deleteCommunity(instance.db, lea, community.slug, community.slug))).toBe('not_found');
    expect(await code(deleteCommunity(instance.db, admin, community.slug, 'oups'))).toBe('invalid:communities.errors.confirmation_mismatch');
    await deleteCommunity(instance.db, admin, community.slug, community.slug);
    for (const table of ['memberships', 'invitations', 'animator_terms'] as const) {
      const left = await instance.db.selectFrom(table).select('id').where('community_id', '=', community.id).execute();
      expect(left, table).toEqual([]);
    }
  });
});

describe('slugify', () => {
  it('keeps letters and digits of any accent, and never answers an empty address', () => {
    expect(slugify('Innovation sociale — Estrie 2026 !')).toBe('innovation-sociale-estrie-2026');
    expect(slugify('«  »')).toBe('communaute');
  });
});

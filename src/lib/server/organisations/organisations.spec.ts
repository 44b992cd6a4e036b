// Administrators keep the list of organisations clean: corrections, and merges that move members and
// partnerships to the entry that stays.
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import { createCommunity, findCommunityView } from '../communities';
import { readOwnProfile, updateProfile } from '../profiles';
import { findOrCreateOrganisation } from '.';
import { listOrganisations, mergeOrganisations, organisationUsage, updateOrganisation } from './admin';

const instance = useTestInstance();

describe('organisations, as administrators look after them', () => {
  it('merges a duplicate: members and partnerships move, each community lists the remaining name once', async () => {
    const admin = await person(instance.db, 'Admin', { role: 'admin' });
    const lea = await person(instance.db, 'Léa Fortin');
    const paul = await person(instance.db, 'Paul Girard');
    await updateProfile(instance.db, lea, { organisation: 'CIUSSS de l’Estrie-CHUS' });
    await updateProfile(instance.db, paul, { organisation: 'CIUSSS Estrie' });
    const both = await createCommunity(instance.db, lea, { name: 'Les deux', visibility: 'public', partners: ['CIUSSS Estrie', 'CIUSSS de l’Estrie-CHUS', 'Université de Sherbrooke'] });
    const one = await createCommunity(instance.db, lea, { name: 'Une seule', visibility: 'public', partners: ['CIUSSS Estrie'] });
    const duplicate = await findOrCreateOrganisation(instance.db, null, { name: 'CIUSSS Estrie' });
    const stays = await findOrCreateOrganisation(instance.db, null, { name: 'CIUSSS de l’Estrie-CHUS' });

    expect(await organisationUsage(instance.db, admin, duplicate.id)).toEqual({ members: 1, communities: 2 });
    expect(await mergeOrganisations(instance.db, admin, duplicate.id, stays.id)).toEqual({ members: 1, communities: 2 });

    expect((await readOwnProfile(instance.db, paul)).organisation?.name).toBe('CIUSSS de l’Estrie-CHUS');
    expect((await findCommunityView(instance.db, lea, both.slug)).partners).toEqual(['CIUSSS de l’Estrie-CHUS', 'Université de Sherbrooke']);
    expect((await findCommunityView(instance.db, lea, one.slug)).partners).toEqual(['CIUSSS de l’Estrie-CHUS']);
    expect(await organisationUsage(instance.db, admin, stays.id)).toEqual({ members: 2, communities: 2 });
    expect((await listOrganisations(instance.db, admin, { q: 'ciusss' })).map((o) => o.name)).toEqual(['CIUSSS de l’Estrie-CHUS']);
  });

  it('corrects a name everywhere it shows, and refuses a name another entry has', async () => {
    const admin = await person(instance.db, 'Admin', { role: 'admin' });
    const animator = await person(instance.db, 'Nadia Roy');
    const community = await createCommunity(instance.db, animator, { name: 'Océan', visibility: 'public', partners: ['Institut des sciences de la mer'] });
    const ismer = await findOrCreateOrganisation(instance.db, null, { name: 'Institut des sciences de la mer' });
    await findOrCreateOrganisation(instance.db, null, { name: 'MEOPAR' });

    const changed = await updateOrganisation(instance.db, admin, ismer.id, { name: 'ISMER-UQAR', type: 'education', website: 'https://www.ismer.ca' });
    expect(changed).toMatchObject({ name: 'ISMER-UQAR', type: 'education', website: 'https://www.ismer.ca' });
    expect((await findCommunityView(instance.db, animator, community.slug)).partners).toEqual(['ISMER-UQAR']);

    expect(await outcome(updateOrganisation(instance.db, admin, ismer.id, { name: 'meopar' }))).toBe('invalid:organisations.errors.name_taken');
    await expect(updateOrganisation(instance.db, admin, ismer.id, { website: 'javascript:alert(1)' })).rejects.toThrow('Invalid URL');
    expect((await updateOrganisation(instance.db, admin, ismer.id, {})).name).toBe('ISMER-UQAR');
  });

  it('is for administrators only, and a merge into itself or into nothing changes nothing', async () => {
    const admin = await person(instance.db, 'Admin', { role: 'admin' });
    const member = await person(instance.db, 'Membre');
    const a = await findOrCreateOrganisation(instance.db, null, { name: 'Organisme A' });
    const b = await findOrCreateOrganisation(instance.db, null, { name: 'Organisme B' });
    expect(await outcome(mergeOrganisations(instance.db, member, a.id, b.id))).not.toBe('ok');
    expect(await outcome(updateOrganisation(instance.db, member, a.id, { name: 'Pirate' }))).not.toBe('ok');
    expect(await outcome(listOrganisations(instance.db, null))).not.toBe('ok');
    expect(await outcome(mergeOrganisations(instance.db, admin, a.id, a.id))).toBe('invalid:organisations.errors.merge_same');
    expect(await outcome(mergeOrganisations(instance.db, admin, a.id, 'nexiste-pas'))).toBe('invalid:organisations.errors.merge_unknown');
    expect((await listOrganisations(instance.db, admin, { q: 'organisme' })).map((o) => o.name)).toEqual(['Organisme A', 'Organisme B']);
  });
});

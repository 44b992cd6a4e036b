import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { provisionAccount } from '../auth/provision';
import type { Actor } from '../auth/actor';
import { DomainError } from '../errors';
import { newId } from '../ids';
import { addMemberByEmail, createCommunity } from '../communities';
import { handleFrom, readOwnProfile, readProfile, updateProfile } from '.';
import { directoryStats, directoryQuery, listDirectory } from './directory';

const instance = useTestInstance();

async function person(name: string, role: 'member' | 'admin' = 'member'): Promise<Actor> {
  const email = `${newId()}@example.org`;
  const { id } = await provisionAccount(instance.db, { email, name, password: 'une phrase de passe', role });
  return { id, name, email, role, locale: 'fr', emailVerified: true };
}

const query = (values: Record<string, string>) => directoryQuery.parse(values);

describe('profiles', () => {
  it('gives every new account a readable, unique handle', async () => {
    expect(handleFrom('Geneviève Lalonde-Côté')).toBe('genevieve-lalonde-cote');
    const first = await person('Zoé Arsenault');
    const second = await person('Zoé Arsenault');
    expect((await readOwnProfile(instance.db, first)).handle).toBe('zoe-arsenault');
    expect((await readOwnProfile(instance.db, second)).handle).toBe('zoe-arsenault-2');
  });

  it('shows each field only to the viewers its level allows', async () => {
    const lea = await person('Léa Fortin');
    const colleague = await person('Paul Girard');
    const stranger = await person('Yves Bélanger');
    const admin = await person('Camille Admin', 'admin');
    const community = await createCommunity(instance.db, lea, { name: 'Voisins', visibility: 'private' });
    await addMemberByEmail(instance.db, lea, community.slug, { email: colleague.email });
    await updateProfile(instance.db, lea, {
      pronouns: 'elle',
      region: 'Estrie',
      bio: 'CANARY-BIO',
      organisation: 'CLSC de Sherbrooke',
      visibility: { pronouns: 'public', region: 'instance', bio: 'communities', organisation: 'communities' }
    });
    const handle = (await readOwnProfile(instance.db, lea)).handle;

    const anonymous = await readProfile(instance.db, null, handle);
    expect(anonymous).toMatchObject({ name: 'Léa Fortin', pronouns: 'elle', region: null, bio: null, organisation: null, visibility: null });
    expect(JSON.stringify(anonymous)).not.toContain('CANARY-BIO');
    expect(await readProfile(instance.db, stranger, handle)).toMatchObject({ region: 'Estrie', bio: null, organisation: null });
    expect(await readProfile(instance.db, colleague, handle)).toMatchObject({ bio: 'CANARY-BIO', organisation: { name: 'CLSC de Sherbrooke' } });
    expect(await readProfile(instance.db, admin, handle)).toMatchObject({ bio: 'CANARY-BIO' });
    expect((await readOwnProfile(instance.db, lea)).visibility).toMatchObject({ bio: 'communities', pronouns: 'public' });
  });

  it('refuses a handle already taken or malformed, and changes nothing', async () => {
    const one = await person('Anne Roy');
    const two = await person('Benoît Roy');
    const taken = (await readOwnProfile(instance.db, one)).handle;
    const before = await readOwnProfile(instance.db, two);
    await expect(updateProfile(instance.db, two, { handle: taken, pronouns: 'il' })).rejects.toBeInstanceOf(DomainError);
    await expect(updateProfile(instance.db, two, { handle: 'Pas Bon!' })).rejects.toThrow();
    await expect(updateProfile(instance.db, two, { links: ['javascript:alert(1)'] })).rejects.toThrow();
    expect(await readOwnProfile(instance.db, two)).toEqual(before);
  });

  it('treats two spellings of one organisation as the same entry', async () => {
    const one = await person('Carole Lemieux');
    const two = await person('Denis Lemieux');
    const a = await updateProfile(instance.db, one, { organisation: 'Université de Sherbrooke' });
    const b = await updateProfile(instance.db, two, { organisation: 'universite de  sherbrooke' });
    expect(b.organisation?.id).toBe(a.organisation?.id);
  });
});

describe('the directory', () => {
  it('filters and counts only by values the viewer may see', async () => {
    const animator = await person('Hélène Animatrice');
    const open = await person('Ouvert Estrie');
    const secret = await person('Secret Estrie');
    const outsider = await person('Hors Communauté');
    const community = await createCommunity(instance.db, animator, { name: 'Répertoire', visibility: 'public' });
    for (const who of [open, secret]) await addMemberByEmail(instance.db, animator, community.slug, { email: who.email });
    await updateProfile(instance.db, open, { region: 'Estrie', expertise: ['Évaluation'], visibility: { region: 'public', expertise: 'public' } });
    await updateProfile(instance.db, secret, { region: 'Estrie', organisation: 'Clinique X', visibility: { region: 'communities', organisation: 'communities' } });

    const asOutsider = await listDirectory(instance.db, outsider, query({ community: community.slug, region: 'Estrie' }));
    expect(asOutsider.items.map((p) => p.name)).toEqual(['Ouvert Estrie']);
    const asMember = await listDirectory(instance.db, open, query({ community: community.slug, region: 'Estrie' }));
    expect(asMember.items.map((p) => p.name).sort()).toEqual(['Ouvert Estrie', 'Secret Estrie']);
    expect((await listDirectory(instance.db, null, query({ community: community.slug, expertise: 'évaluation' }))).items.map((p) => p.name)).toEqual(['Ouvert Estrie']);

    const outsiderStats = await directoryStats(instance.db, outsider, query({ community: community.slug }));
    expect(outsiderStats.members).toBe(3);
    expect(outsiderStats.byRegion).toEqual([{ region: 'Estrie', count: 1 }]);
    expect(outsiderStats.byType).toEqual([]);
    const memberStats = await directoryStats(instance.db, open, query({ community: community.slug }));
    expect(memberStats.byRegion).toEqual([{ region: 'Estrie', count: 2 }]);
    expect(memberStats.byType).toEqual([{ type: 'other', count: 1 }]);
  });

  it('is for signed-in members across the instance, and follows the community’s visibility', async () => {
    const animator = await person('Iris Animatrice');
    const hidden = await createCommunity(instance.db, animator, { name: 'Cachée', visibility: 'hidden' });
    await expect(listDirectory(instance.db, null, query({}))).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(listDirectory(instance.db, await person('Jules'), query({ community: hidden.slug }))).rejects.toMatchObject({ code: 'not_found' });
    const all = await listDirectory(instance.db, animator, query({ limit: '100', sort: 'name' }));
    const names = all.items.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});

import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { addMemberByEmail, changeRole, createCommunity, joinCommunity } from '../communities';
import { updateProfile } from '../profiles';
import { search } from '../search';
import { createInitiative, deleteInitiative, getInitiative, initiativeFacets, listInitiatives, mapPoints, updateInitiative, type CreateInitiativeInput } from '.';

const instance = useTestInstance();
const db = () => instance.db;

/** A word no other test uses, so lists and searches can be narrowed to one test's rows. */
const unique = () => `zq${Math.random().toString(36).slice(2, 10)}`;

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${unique()}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, id: created.id, animator };
}

const base = (over: Partial<CreateInitiativeInput> = {}): CreateInitiativeInput => ({
  title: 'Clinique mobile en français',
  description: 'Une infirmière bilingue se déplace dans les villages.',
  region: 'Nord de l’Ontario',
  visibility: 'public',
  ...over
});

async function count(table: 'initiatives' | 'initiative_communities' | 'initiative_themes' | 'search_documents' | 'journal'): Promise<number> {
  const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
const counts = async () => Promise.all((['initiatives', 'initiative_communities', 'initiative_themes', 'search_documents', 'journal'] as const).map(count));

const found = async (actor: Actor | null, q: string) => (await search(db(), actor, { q, type: 'initiatives' })).items.map((h) => h.id);

describe('describing an initiative', () => {
  it('creates one from the smallest body, its author its contact, and shows it as the page and the API do', async () => {
    const author = await person(db(), 'Amélie Tremblay');
    const c = await community('public', author);
    const { id } = await createInitiative(db(), author, base({ place: 'Timmins', latitude: 48.4758, longitude: -81.3305, themes: ['Santé', ' santé mentale '], communities: [c.slug] }));
    const view = await getInitiative(db(), null, id);
    expect(view).toMatchObject({
      title: 'Clinique mobile en français',
      region: 'Nord de l’Ontario',
      place: 'Timmins',
      latitude: 48.4758,
      longitude: -81.3305,
      themes: ['santé', 'santé mentale'],
      visibility: 'public',
      language: 'fr',
      organisation: null,
      onBehalfOfOrganisation: false,
      author: { name: 'Amélie Tremblay' },
      contact: { name: 'Amélie Tremblay' },
      communities: [{ slug: c.slug }]
    });
    expect(view.descriptionHtml).toContain('<p>Une infirmière bilingue');
    expect(view.may).toEqual({ edit: false, delete: false, contact: false });
    expect((await getInitiative(db(), author, id)).may).toEqual({ edit: true, delete: true, contact: false });
    const other = await person(db());
    expect((await getInitiative(db(), other, id)).may).toEqual({ edit: false, delete: false, contact: true });
  });

  it('refuses a missing title or region, a latitude of 123, half a position, a community-only one without a community, or an organisation the author has none of — creating nothing', async () => {
    const author = await person(db());
    const closed = await community('private');
    const before = await counts();
    const refused = async (input: CreateInitiativeInput) => outcome(createInitiative(db(), author, input));
    expect(await refused(base({ title: '  ' }))).toBe('invalid:initiatives.errors.title_required');
    expect(await refused(base({ region: '' }))).toBe('invalid:initiatives.errors.region_required');
    expect(await refused(base({ latitude: 123, longitude: -71 }))).toBe('invalid:initiatives.errors.latitude');
    expect(await refused(base({ latitude: 45, longitude: -200 }))).toBe('invalid:initiatives.errors.longitude');
    expect(await refused(base({ latitude: 45.4 }))).toBe('invalid:initiatives.errors.both_coordinates');
    expect(await refused(base({ longitude: -75.7 }))).toBe('invalid:initiatives.errors.both_coordinates');
    expect(await refused(base({ visibility: 'communities' }))).toBe('invalid:initiatives.errors.no_community');
    expect(await refused(base({ onBehalfOfOrganisation: true }))).toBe('invalid:initiatives.errors.no_organisation');
    expect(await outcome(createInitiative(db(), null, base()))).toBe('unauthorized');
    // Belonging is sharing: only into a community one may post in.
    expect(await refused(base({ communities: [closed.slug] }))).toBe('forbidden');
    expect(await counts()).toEqual(before);
  });

  it('names the author’s organisation when it is described on its behalf, and stops when asked', async () => {
    const author = await person(db());
    await updateProfile(db(), author, { organisation: 'Centre de santé communautaire du Grand Sudbury', organisationType: 'health_social' });
    const { id } = await createInitiative(db(), author, base({ onBehalfOfOrganisation: true }));
    expect(await getInitiative(db(), null, id)).toMatchObject({ organisation: 'Centre de santé communautaire du Grand Sudbury', onBehalfOfOrganisation: true });
    await updateInitiative(db(), author, id, { onBehalfOfOrganisation: false });
    expect(await getInitiative(db(), null, id)).toMatchObject({ organisation: null, onBehalfOfOrganisation: false });
  });

  it('edits what it says and where it is, keeping what was not sent, and refuses bad edits changing nothing', async () => {
    const author = await person(db());
    const c = await community('public', author);
    const { id } = await createInitiative(db(), author, base({ place: 'Sudbury', latitude: 46.49, longitude: -80.99, themes: ['santé'], communities: [c.slug] }));
    await updateInitiative(db(), author, id, { title: 'Clinique mobile', themes: ['aînés', 'santé'], place: null, latitude: null, longitude: null });
    const view = await getInitiative(db(), author, id);
    expect(view).toMatchObject({ title: 'Clinique mobile', region: 'Nord de l’Ontario', place: null, latitude: null, longitude: null, themes: ['aînés', 'santé'], communities: [{ slug: c.slug }] });
    expect(view.description).toBe('Une infirmière bilingue se déplace dans les villages.');

    const row = async () => JSON.stringify([await db().selectFrom('initiatives').selectAll().where('id', '=', id).execute(), await db().selectFrom('initiative_themes').selectAll().where('initiative_id', '=', id).orderBy('theme').execute(), await db().selectFrom('initiative_communities').selectAll().where('initiative_id', '=', id).execute()]);
    const before = await row();
    expect(await outcome(updateInitiative(db(), author, id, { latitude: 46.49 }))).toBe('invalid:initiatives.errors.both_coordinates');
    expect(await outcome(updateInitiative(db(), author, id, { latitude: 123, longitude: -80 }))).toBe('invalid:initiatives.errors.latitude');
    expect(await outcome(updateInitiative(db(), author, id, { region: ' ' }))).toBe('invalid:initiatives.errors.region_required');
    expect(await outcome(updateInitiative(db(), author, id, { visibility: 'communities', communities: [] }))).toBe('invalid:initiatives.errors.no_community');
    expect(await outcome(updateInitiative(db(), author, id, { onBehalfOfOrganisation: true }))).toBe('invalid:initiatives.errors.no_organisation');
    expect(await row()).toBe(before);
    // Community-only while it still belongs to one: allowed.
    await updateInitiative(db(), author, id, { visibility: 'communities' });
    expect((await getInitiative(db(), author, id)).visibility).toBe('communities');
  });

  it('lets its author edit; its author, an animator of one of its communities and an administrator delete; answers not_found to whoever may not read it', async () => {
    const author = await person(db());
    const member = await person(db());
    const outsider = await person(db());
    const admin = await person(db(), 'Admin', { role: 'admin' });
    const c = await community('public', author, member);
    const open = (await createInitiative(db(), author, base({ communities: [c.slug] }))).id;
    const closed = (await createInitiative(db(), author, base({ communities: [c.slug], visibility: 'communities' }))).id;

    expect(await outcome(updateInitiative(db(), member, open, { title: 'Autre' }))).toBe('forbidden');
    expect(await outcome(updateInitiative(db(), c.animator, open, { title: 'Autre' }))).toBe('forbidden');
    expect(await outcome(updateInitiative(db(), admin, open, { title: 'Autre' }))).toBe('forbidden');
    expect(await outcome(updateInitiative(db(), null, open, { title: 'Autre' }))).toBe('unauthorized');
    expect(await outcome(deleteInitiative(db(), member, open))).toBe('forbidden');
    expect(await outcome(deleteInitiative(db(), outsider, open))).toBe('forbidden');
    // The community-only one: an outsider cannot tell it from one that does not exist.
    expect(await outcome(updateInitiative(db(), outsider, closed, { title: 'Autre' }))).toBe('not_found');
    expect(await outcome(deleteInitiative(db(), outsider, closed))).toBe('not_found');
    expect(await outcome(getInitiative(db(), outsider, closed))).toBe('not_found');
    expect(await outcome(getInitiative(db(), null, closed))).toBe('not_found');
    expect(await outcome(getInitiative(db(), member, 'nexiste-pas'))).toBe('not_found');
    expect((await getInitiative(db(), member, closed)).may).toEqual({ edit: false, delete: false, contact: true });
    expect((await getInitiative(db(), c.animator, closed)).may).toEqual({ edit: false, delete: true, contact: true });
    expect((await db().selectFrom('initiatives').select('title').where('id', 'in', [open, closed]).execute()).map((r) => r.title)).toEqual([base().title, base().title]);

    expect(await outcome(deleteInitiative(db(), c.animator, closed))).toBe('ok');
    expect(await outcome(deleteInitiative(db(), admin, open))).toBe('ok');
    const mine = (await createInitiative(db(), author, base())).id;
    expect(await outcome(deleteInitiative(db(), author, mine))).toBe('ok');
    for (const id of [open, closed, mine]) expect(await outcome(getInitiative(db(), author, id)), id).toBe('not_found');
    expect(await outcome(updateInitiative(db(), author, mine, { title: 'Revenue' }))).toBe('not_found');
  });

  it('lets a member made animator delete, but not the animator of a community it does not belong to', async () => {
    const author = await person(db());
    const steward = await person(db());
    const c = await community('public', author, steward);
    await changeRole(db(), c.animator, c.slug, steward.id, 'animator');
    const elsewhere = await community('public');
    const { id } = await createInitiative(db(), author, base({ communities: [c.slug] }));
    expect(await outcome(deleteInitiative(db(), elsewhere.animator, id))).toBe('forbidden');
    expect(await outcome(deleteInitiative(db(), steward, id))).toBe('ok');
  });
});

describe('lists, the map and the filters', () => {
  it('lists by region then title, in keyset pages with no duplicate and no hole', async () => {
    const author = await person(db());
    const c = await community('public', author);
    const regions = ['Outaouais', 'Estrie', 'Montreal', 'Capitale-Nationale'];
    for (let i = 0; i < 11; i++) await createInitiative(db(), author, base({ title: `Projet ${String.fromCharCode(75 - i)}`, region: regions[i % regions.length]!, communities: [c.slug] }));
    const all = await listInitiatives(db(), null, { community: c.slug, limit: 100 });
    expect(all.nextCursor).toBeNull();
    expect(all.items).toHaveLength(11);
    const keys = all.items.map((i) => `${i.region}|${i.title}`);
    expect(keys).toEqual([...keys].sort());
    // Grouped: each region's initiatives follow one another.
    const seen = all.items.map((i) => i.region).filter((r, i, list) => list[i - 1] !== r);
    expect(seen).toEqual(['Capitale-Nationale', 'Estrie', 'Montreal', 'Outaouais']);

    const paged: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listInitiatives(db(), null, { community: c.slug, limit: 3, cursor });
      paged.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(paged).toEqual(all.items.map((i) => i.id));
    expect(await outcome(listInitiatives(db(), null, { cursor: 'pas-un-curseur!' }))).toBe('invalid:api.validation.cursor');
  });

  it('filters by theme (in any case), by region and by community, and only readable ones', async () => {
    const author = await person(db());
    const c = await community('public', author);
    const d = await community('public', author);
    const region = `Estrie ${unique()}`;
    const theme = unique();
    const a = (await createInitiative(db(), author, base({ title: 'A', region, themes: [theme, 'aînés'], communities: [c.slug] }))).id;
    const b = (await createInitiative(db(), author, base({ title: 'B', region, themes: ['aînés'], communities: [d.slug] }))).id;
    const hidden = (await createInitiative(db(), author, base({ title: 'C', region, themes: [theme], visibility: 'authors', communities: [c.slug] }))).id;
    const ids = async (actor: Actor | null, filters: Record<string, string>) => (await listInitiatives(db(), actor, { ...filters, limit: 100 })).items.map((i) => i.id);
    expect(await ids(null, { theme: theme.toUpperCase() })).toEqual([a]);
    expect(await ids(author, { theme })).toEqual([a, hidden]);
    expect(await ids(null, { region })).toEqual([a, b]);
    expect(await ids(null, { region, theme: 'Aînés' })).toEqual([a, b]);
    expect(await ids(null, { community: d.slug })).toEqual([b]);
    expect(await ids(null, { community: c.slug, region })).toEqual([a]);
    expect(await outcome(listInitiatives(db(), null, { community: 'nexiste-pas' }))).toBe('not_found');
    const first = (await listInitiatives(db(), null, { region })).items[0]!;
    expect(first).toEqual({ id: a, title: 'A', region, place: null, latitude: null, longitude: null, themes: ['aînés', theme], visibility: 'public', organisation: null });
  });

  it('puts on the map only those with coordinates', async () => {
    const author = await person(db());
    const region = `Outaouais ${unique()}`;
    const placed = (await createInitiative(db(), author, base({ region, latitude: 45.4765, longitude: -75.7013, place: 'Gatineau' }))).id;
    await createInitiative(db(), author, base({ region }));
    const { points, capped } = await mapPoints(db(), null, { region });
    expect(capped).toBe(false);
    expect(points.map((p) => [p.id, p.latitude, p.longitude])).toEqual([[placed, 45.4765, -75.7013]]);
    // A point taken off the map leaves it.
    await updateInitiative(db(), author, placed, { latitude: null, longitude: null });
    expect((await mapPoints(db(), null, { region })).points).toEqual([]);
  });

  it('counts in the facets only what the reader may read: a region or a theme only an unreadable one carries is not offered', async () => {
    const author = await person(db());
    const member = await person(db());
    const c = await community('private', author, member);
    const seen = `Est de l’Ontario ${unique()}`;
    const secret = `Sud-Ouest ${unique()}`;
    const secretTheme = unique();
    await createInitiative(db(), author, base({ region: seen, themes: ['santé'], communities: [c.slug] }));
    await createInitiative(db(), author, base({ region: seen, themes: ['santé', 'aînés'], communities: [c.slug] }));
    await createInitiative(db(), author, base({ region: secret, themes: [secretTheme, 'santé'], visibility: 'communities', communities: [c.slug] }));
    const outside = await initiativeFacets(db(), null, { community: c.slug });
    expect(outside.regions).toEqual([{ name: seen, count: 2 }]);
    expect(outside.themes).toEqual([{ name: 'aînés', count: 1 }, { name: 'santé', count: 2 }]);
    const inside = await initiativeFacets(db(), member, { community: c.slug });
    expect(inside.regions).toEqual([{ name: seen, count: 2 }, { name: secret, count: 1 }]);
    expect(inside.themes).toEqual(expect.arrayContaining([{ name: 'santé', count: 3 }, { name: secretTheme, count: 1 }]));
    expect(JSON.stringify(await initiativeFacets(db(), await person(db())))).not.toContain(secret);
  });
});

describe('initiatives in search', () => {
  it('are found at once, found by their edits at once, and gone with their deletion in the same transaction', async () => {
    const author = await person(db());
    const word = unique();
    const { id } = await createInitiative(db(), author, base({ title: `Accueil des nouveaux arrivants ${word}`, themes: ['immigration'] }));
    expect(await found(null, word)).toEqual([id]);
    expect(await found(null, 'arrivant')).toContain(id);

    const later = unique();
    await updateInitiative(db(), author, id, { title: 'Accueil des familles', description: `Interprètes ${later} bénévoles`, themes: ['interprétation'] });
    expect(await found(null, word)).toEqual([]);
    expect(await found(null, later)).toEqual([id]);
    expect(await found(null, `${later} interprétation`)).toEqual([id]);
    const hits = (await search(db(), null, { q: later })).items;
    expect(hits.map((h) => [h.type, h.url])).toEqual([['initiative', `/initiatives/${id}`]]);

    // Made community-only: out of a visitor's search, still in its author's.
    const c = await community('public', author);
    await updateInitiative(db(), author, id, { communities: [c.slug], visibility: 'communities' });
    expect(await found(null, later)).toEqual([]);
    expect(await found(author, later)).toEqual([id]);

    await deleteInitiative(db(), author, id);
    expect(await found(author, later)).toEqual([]);
    expect(await db().selectFrom('search_documents').select('seq').where('kind', '=', 'initiative').where('object_id', '=', id).execute()).toEqual([]);
    expect((await listInitiatives(db(), author, { limit: 100 })).items.map((i) => i.id)).not.toContain(id);
    expect((await mapPoints(db(), author)).points.map((i) => i.id)).not.toContain(id);
  });

  it('joins a community’s invited member to what the community may read', async () => {
    const author = await person(db());
    const c = await community('private', author);
    const invited = await person(db());
    const word = unique();
    const { id } = await createInitiative(db(), author, base({ title: `Aînés ${word}`, visibility: 'communities', communities: [c.slug] }));
    expect(await found(invited, word)).toEqual([]);
    await addMemberByEmail(db(), c.animator, c.slug, { email: invited.email });
    expect(await found(invited, word)).toEqual([id]);
  });
});

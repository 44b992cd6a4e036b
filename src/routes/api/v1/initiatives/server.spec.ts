import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { initiativeSummarySchema, initiativeViewSchema, mapPointsSchema } from '$lib/server/api/initiatives';
import { pageOf } from '$lib/server/api/pagination';
import { openApiDocument } from '$lib/server/api/openapi';
import { search } from '$lib/server/search';
import * as initiatives from './+server';
import * as initiative from './[id]/+server';
import * as map from './map/+server';

const instance = useTestInstance();
const db = () => instance.db;

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

const add = (as: Actor | null, json: unknown) => call(initiatives.POST, 'POST', '/initiatives', { as, json });
async function added(as: Actor, json: Record<string, unknown>): Promise<string> {
  const answer = await add(as, json);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id;
}
const read = (id: string, as: Actor | null = null) => call(initiative.GET, 'GET', `/initiatives/${id}`, { as, params: { id } });
const patch = (id: string, as: Actor | null, json: unknown) => call(initiative.PATCH, 'PATCH', `/initiatives/${id}`, { as, params: { id }, json });
const remove = (id: string, as: Actor | null) => call(initiative.DELETE, 'DELETE', `/initiatives/${id}`, { as, params: { id } });
const list = (query: Record<string, string>, as: Actor | null = null) => call(initiatives.GET, 'GET', '/initiatives', { as, query });

const smallest = { title: 'Interprètes en santé', description: 'Des interprètes formés accompagnent les nouveaux arrivants à leurs rendez-vous.', region: 'Montréal', visibility: 'public' };

describe('initiatives through the API', () => {
  it('describes one from the smallest body, and reads it back in the documented shape', async () => {
    const author = await person(db(), 'Fatou Diallo');
    const id = await added(author, smallest);
    const shown = await read(id);
    expect(shown.status).toBe(200);
    const view = initiativeViewSchema.strict().parse(shown.body);
    expect(view).toMatchObject({ title: 'Interprètes en santé', region: 'Montréal', visibility: 'public', latitude: null, themes: [], communities: [], author: { name: 'Fatou Diallo' }, may: { edit: false, delete: false, contact: false } });
    expect((await read(id, author)).body.may).toEqual({ edit: true, delete: true, contact: false });
  });

  it('refuses invalid input field by field as a problem, and a visitor with 401, creating nothing', async () => {
    const author = await person(db());
    const before = await list({ limit: '100' });
    const bad = await add(author, { ...smallest, latitude: 123, longitude: -73.6 });
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['latitude']);
    // Half a position: the missing half is named.
    const half = await add(author, { ...smallest, latitude: 45.5 });
    expect(half.status).toBe(400);
    expect(half.body.errors.map((e: { path: string }) => e.path)).toEqual(['longitude']);
    const missing = await add(author, { description: 'Sans titre', visibility: 'public' });
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['region', 'title']);
    expect((await add(author, { ...smallest, visibility: 'communities' })).body.errors).toMatchObject([{ path: 'visibility' }]);
    expect((await add(author, { ...smallest, colour: 'rouge' })).status).toBe(400);
    expect((await add(null, smallest)).status).toBe(401);
    expect((await list({ limit: '100' })).body).toEqual(before.body);
  });

  it('lists by region in pages, filtered by community, theme and region; a hidden filter community answers 404', async () => {
    const author = await person(db());
    const c = await community('public', author);
    const names = ['Outaouais', 'Estrie', 'Estrie', 'Capitale-Nationale', 'Outaouais'];
    for (const [i, region] of names.entries()) await added(author, { ...smallest, title: `Projet ${i}`, region, themes: i % 2 ? ['aînés'] : ['santé mentale'], communities: [c.slug] });
    const first = await list({ community: c.slug, limit: '2' });
    expect(first.status).toBe(200);
    pageOf(initiativeSummarySchema.strict()).parse(first.body);
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await list({ community: c.slug, limit: '2', cursor });
      seen.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(seen.map((i: { region: string; title: string }) => `${i.region} ${i.title}`)).toEqual(['Capitale-Nationale Projet 3', 'Estrie Projet 1', 'Estrie Projet 2', 'Outaouais Projet 0', 'Outaouais Projet 4']);
    expect((await list({ community: c.slug, theme: 'AÎNÉS' })).body.items.map((i: { title: string }) => i.title)).toEqual(['Projet 3', 'Projet 1']);
    expect((await list({ community: c.slug, region: 'Estrie', theme: 'santé mentale' })).body.items.map((i: { title: string }) => i.title)).toEqual(['Projet 2']);
    expect((await list({ community: 'nulle-part' })).status).toBe(404);
    expect((await list({ limit: '0' })).body.errors.map((e: { path: string }) => e.path)).toEqual(['limit']);
    expect((await list({ cursor: '!!' })).status).toBe(400);
  });

  it('gives the map the points with coordinates only', async () => {
    const author = await person(db());
    const region = `Saguenay–Lac-Saint-Jean ${Math.random().toString(36).slice(2, 8)}`;
    const placed = await added(author, { ...smallest, region, place: 'Chicoutimi', latitude: 48.428, longitude: -71.068 });
    await added(author, { ...smallest, region });
    const points = await call(map.GET, 'GET', '/initiatives/map', { query: { region } });
    expect(points.status).toBe(200);
    const parsed = mapPointsSchema.strict().parse(points.body);
    expect(parsed.points.map((p) => [p.id, p.latitude, p.longitude])).toEqual([[placed, 48.428, -71.068]]);
    expect(parsed.capped).toBe(false);
    expect((await call(map.GET, 'GET', '/initiatives/map', { query: { region: 'x'.repeat(100) } })).status).toBe(400);
  });

  it('lets its author change it and searchers find the change at once; others get 403, or 404 when they may not read it', async () => {
    const author = await person(db());
    const member = await person(db());
    const outsider = await person(db());
    const c = await community('private', author, member);
    const id = await added(author, { ...smallest, communities: [c.slug], themes: ['Santé'] });

    const changed = await patch(id, author, { title: 'Interprètes zqchangement', latitude: 45.5017, longitude: -73.5673 });
    expect(changed.status).toBe(200);
    expect(initiativeViewSchema.strict().parse(changed.body)).toMatchObject({ title: 'Interprètes zqchangement', latitude: 45.5017, themes: ['santé'], communities: [{ slug: c.slug }] });
    expect((await search(db(), null, { q: 'zqchangement', type: 'initiatives' })).items.map((h) => h.id)).toEqual([id]);

    expect((await patch(id, member, { title: 'À moi' })).status).toBe(403);
    expect((await patch(id, null, { title: 'À moi' })).status).toBe(401);
    expect((await patch(id, author, { latitude: 91 })).status).toBe(400);
    expect((await patch(id, author, { visibility: 'communities' })).status).toBe(200);
    expect((await read(id, outsider)).status).toBe(404);
    const hidden = await patch(id, outsider, { title: 'À moi' });
    expect(hidden.status).toBe(404);
    expect(hidden.type).toBe('application/problem+json');
    expect(hidden.body.detail).toBe((await patch('nexiste-pas', outsider, { title: 'À moi' })).body.detail);
    expect((await read(id, member)).body.title).toBe('Interprètes zqchangement');
  });

  it('deletes for its author, an animator of its community or an administrator, and it leaves the list, the map and search', async () => {
    const author = await person(db());
    const member = await person(db());
    const c = await community('public', author, member);
    const id = await added(author, { ...smallest, title: 'Aînés zqretrait', communities: [c.slug], latitude: 46.8139, longitude: -71.208 });
    expect((await remove(id, member)).status).toBe(403);
    expect((await remove(id, null)).status).toBe(401);
    expect((await remove(id, c.animator)).status).toBe(204);
    expect((await read(id, author)).status).toBe(404);
    expect((await remove(id, author)).status).toBe(404);
    expect((await list({ community: c.slug })).body.items).toEqual([]);
    expect((await call(map.GET, 'GET', '/initiatives/map', { query: { community: c.slug } })).body.points).toEqual([]);
    expect((await search(db(), author, { q: 'zqretrait' })).items).toEqual([]);

    const admin = await person(db(), 'Admin', { role: 'admin' });
    const other = await added(author, smallest);
    expect((await remove(other, admin)).status).toBe(204);
  });
});

describe('initiatives in the OpenAPI document', () => {
  type Op = { operationId: string; parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { required?: string[]; properties: Record<string, { enum?: string[] }> } }> }; responses: Record<string, unknown>; security: unknown[] };
  const document = openApiDocument() as { paths: Record<string, Record<string, Op>> };

  it('lists every initiative path with its parameters, bodies and answers', () => {
    const expected: Record<string, string[]> = { '/initiatives': ['get', 'post'], '/initiatives/map': ['get'], '/initiatives/{id}': ['delete', 'get', 'patch'] };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(document.paths[path] ?? {}).sort(), path).toEqual(methods);
      for (const method of methods) {
        const declared = document.paths[path]![method]!.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? [];
        expect(declared, `${method} ${path}`).toEqual(path.includes('{id}') ? ['id'] : []);
      }
    }
    const listed = document.paths['/initiatives']!.get!;
    expect(listed.parameters?.map((p) => p.name).sort()).toEqual(['community', 'cursor', 'limit', 'region', 'theme']);
    expect(listed.security).toEqual([]);
    const create = document.paths['/initiatives']!.post!;
    const body = create.requestBody!.content['application/json']!.schema;
    expect(body.required).toEqual(expect.arrayContaining(['title', 'description', 'region', 'visibility']));
    expect(body.properties.visibility?.enum).toEqual(expect.arrayContaining(['public', 'instance', 'communities', 'authors']));
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['latitude', 'longitude', 'themes', 'communities', 'onBehalfOfOrganisation', 'place']));
    expect(create.responses['201']).toBeDefined();
    expect(create.security).toEqual([{ bearer: [] }, { cookie: [] }]);
    expect(document.paths['/initiatives/{id}']!.delete!.responses['204']).toBeDefined();
  });
});

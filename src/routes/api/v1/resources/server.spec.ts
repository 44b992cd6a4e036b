import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { comparisonSchema, importReportSchema, resourceCardSchema, resourceViewSchema, revisionSchema, revisionsSchema } from '$lib/server/api/library';
import { pageOf } from '$lib/server/api/pagination';
import { openApiDocument } from '$lib/server/api/openapi';
import { translate } from '$lib/i18n';
import * as resources from './+server';
import * as resource from './[id]/+server';
import * as revisions from './[id]/revisions/+server';
import * as revision from './[id]/revisions/[number]/+server';
import * as restore from './[id]/revisions/[number]/restore/+server';
import * as diff from './[id]/diff/+server';
import * as applications from './[id]/applications/+server';
import * as discussions from './[id]/discussions/+server';
import * as importer from '../references/import/+server';
import * as exporter from '../references/export/+server';

const instance = useTestInstance();
const db = () => instance.db;

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

function add(as: Actor | null, json: Record<string, unknown>) {
  return call(resources.POST, 'POST', '/resources', { as, json });
}

async function added(as: Actor, json: Record<string, unknown>): Promise<string> {
  const answer = await add(as, json);
  expect(answer.status).toBe(201);
  return answer.body.id;
}

const read = (id: string, as: Actor | null = null) => call(resource.GET, 'GET', `/resources/${id}`, { as, params: { id } });
const patch = (id: string, as: Actor, json: Record<string, unknown>) => call(resource.PATCH, 'PATCH', `/resources/${id}`, { as, params: { id }, json });

/** A route answering something other than JSON (a download), or sent something other than JSON. */
async function raw(handler: unknown, method: string, path: string, options: { as?: Actor | null; params?: Record<string, string>; body?: BodyInit } = {}) {
  const url = new URL(`http://localhost/api/v1${path}`);
  const event = {
    request: new Request(url, { method, body: options.body }),
    url,
    params: options.params ?? {},
    locals: { user: options.as ?? null, authVia: options.as ? 'token' : null, sessionId: null, locale: 'en' }
  } as unknown as RequestEvent;
  return (handler as (event: RequestEvent) => Promise<Response>)(event);
}

const bibtex = `@book{wenger2002,
  title = {Cultivating Communities of Practice},
  author = {Wenger, Etienne and McDermott, Richard},
  year = {2002},
  publisher = {Harvard Business School Press}
}

@article{broken2010,
  title = {A title whose brace is never closed,
  author = {Doe, Jane},
  year = {2010}
}

@misc{third,
  title = {A third reference},
  author = {Roe, Richard},
  year = {2020},
  doi = {10.1234/third}
}
`;

describe('resources through the API', () => {
  it('adds a resource from the smallest body, and reads it back', async () => {
    const c = await community('public');
    const id = await added(c.animator, { kind: 'note', title: 'Guide', communities: [c.slug], visibility: 'public' });

    const shown = await read(id);
    expect(shown.status).toBe(200);
    expect(resourceViewSchema.strict().parse(shown.body)).toMatchObject({
      id,
      kind: 'note',
      title: 'Guide',
      visibility: 'public',
      revision: 1,
      licence: 'all-rights-reserved',
      authors: [{ name: 'Léa Gagnon' }],
      communities: [{ slug: c.slug }],
      can: { edit: false, apply: false }
    });
    const listed = await call(resources.GET, 'GET', '/resources', { query: { community: c.slug } });
    expect(pageOf(resourceCardSchema.strict()).parse(listed.body).items.map((i) => i.id)).toEqual([id]);
    expect((await add(null, { kind: 'note', title: 'Guide', communities: [c.slug], visibility: 'public' })).status).toBe(401);
  });

  it('takes the visibility aliases, and refuses an unknown one naming the field', async () => {
    const c = await community('public');
    for (const alias of ['private', 'members']) {
      const id = await added(c.animator, { kind: 'note', title: `Entre nous (${alias})`, communities: [c.slug], visibility: alias });
      expect((await read(id, c.animator)).body.visibility).toBe('communities');
    }
    for (const visibility of ['instance', 'authors']) {
      const id = await added(c.animator, { kind: 'note', title: 'Niveau', communities: [c.slug], visibility });
      expect((await read(id, c.animator)).body.visibility).toBe(visibility);
    }
    const refused = await add(c.animator, { kind: 'note', title: 'Guide', communities: [c.slug], visibility: 'secret' });
    expect(refused.status).toBe(400);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['visibility']);
    const alone = await add(c.animator, { kind: 'note', title: 'Seule', communities: [], visibility: 'communities' });
    expect(alone.body.errors).toEqual([{ path: 'visibility', message: translate('en', 'library.errors.no_community') }]);
  });

  it('hides a communities resource from visitors and outsiders, in the list and by its id', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const outsider = await person(db(), 'Zoé Dehors');
    const c = await community('public', bob);
    const id = await added(c.animator, { kind: 'note', title: 'Compte rendu interne', communities: [c.slug], visibility: 'communities' });

    for (const as of [null, outsider]) {
      const hidden = await read(id, as);
      expect(hidden.status).toBe(404);
      expect(hidden.type).toBe('application/problem+json');
      expect((await call(revisions.GET, 'GET', `/resources/${id}/revisions`, { as, params: { id } })).status).toBe(404);
      expect((await call(resources.GET, 'GET', '/resources', { as, query: { community: c.slug } })).body.items).toEqual([]);
    }
    expect((await read(id, bob)).status).toBe(200);
    expect((await call(resources.GET, 'GET', '/resources', { as: bob, query: { community: c.slug, kind: 'note' } })).body.items).toHaveLength(1);

    // A private community shows itself but not its content, as its publications do.
    const closed = await community('private');
    expect((await call(resources.GET, 'GET', '/resources', { query: { community: closed.slug } })).status).toBe(403);
    expect((await call(resources.GET, 'GET', '/resources', { query: { community: 'nulle-part' } })).status).toBe(404);
    expect((await call(resources.GET, 'GET', '/resources', { query: { sort: 'oldest' } })).body.errors.map((e: { path: string }) => e.path)).toEqual(['sort']);
  });

  it('refuses a save based on a stale revision with 409, and changes nothing', async () => {
    const c = await community('public');
    const id = await added(c.animator, { kind: 'note', title: 'Fiche', body: 'Premier jet', communities: [c.slug], visibility: 'public' });
    const saved = await patch(id, c.animator, { body: 'Deuxième jet', revision: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ revision: 2, body: 'Deuxième jet' });

    const stale = await patch(id, c.animator, { title: 'Autre titre', body: 'Écrasé', revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.type).toBe('application/problem+json');
    expect(stale.body.detail).toBe(translate('en', 'library.errors.edited_meanwhile'));
    expect((await read(id)).body).toMatchObject({ title: 'Fiche', body: 'Deuxième jet', revision: 2 });

    const stranger = await person(db(), 'Zoé Dehors');
    expect((await patch(id, stranger, { title: 'À moi' })).status).toBe(403);
  });

  it('lists revisions, compares two, shows one without its storage, and restores it', async () => {
    const c = await community('public');
    const id = await added(c.animator, { kind: 'note', title: 'Fiche', body: 'Une ligne\nDeux lignes', communities: [c.slug], visibility: 'public' });
    await patch(id, c.animator, { body: 'Une ligne\nDeux lignes revues', revision: 1, message: 'Relecture' });
    await patch(id, c.animator, { title: 'Fiche pratique', revision: 2 });

    const history = await call(revisions.GET, 'GET', `/resources/${id}/revisions`, { params: { id } });
    expect(revisionsSchema.strict().parse(history.body)).toMatchObject({ title: 'Fiche pratique', revision: 3, canEdit: false, nextCursor: null });
    expect(history.body.items.map((r: { number: number; message: string | null; current: boolean }) => [r.number, r.message, r.current])).toEqual([
      [3, null, true],
      [2, 'Relecture', false],
      [1, null, false]
    ]);

    const changes = await call(diff.GET, 'GET', `/resources/${id}/diff`, { params: { id }, query: { from: '1', to: '3' } });
    expect(changes.status).toBe(200);
    const parsed = comparisonSchema.strict().parse(changes.body);
    expect(parsed.fields).toMatchObject([{ field: 'title', before: 'Fiche', after: 'Fiche pratique' }]);
    expect(parsed.blocks.flatMap((b) => b.lines).some((l) => l.kind === 'changed')).toBe(true);
    expect((await call(diff.GET, 'GET', `/resources/${id}/diff`, { params: { id }, query: { from: '1', to: '9' } })).status).toBe(404);
    expect((await call(diff.GET, 'GET', `/resources/${id}/diff`, { params: { id }, query: { from: 'un' } })).status).toBe(400);

    const first = await call(revision.GET, 'GET', `/resources/${id}/revisions/1`, { params: { id, number: '1' } });
    expect(revisionSchema.strict().parse(first.body)).toMatchObject({ number: 1, title: 'Fiche', body: 'Une ligne\nDeux lignes', file: null });
    expect((await call(revision.GET, 'GET', `/resources/${id}/revisions/x`, { params: { id, number: 'x' } })).status).toBe(404);

    const restoreAs = (as: Actor, json?: unknown) => call(restore.POST, 'POST', `/resources/${id}/revisions/1/restore`, { as, params: { id, number: '1' }, json });
    expect((await restoreAs(c.animator, { revision: 2 })).status).toBe(409);
    const restored = await restoreAs(c.animator);
    expect(restored.body).toEqual({ id, revision: 4 });
    expect((await read(id)).body).toMatchObject({ title: 'Fiche', body: 'Une ligne\nDeux lignes', revision: 4 });
  });

  it('adds a file from a multipart body, and never shows where it is stored', async () => {
    const c = await community('public');
    const form = new FormData();
    form.set('data', JSON.stringify({ kind: 'file', title: 'Gabarit', communities: [c.slug], visibility: 'public' }));
    form.set('file', new File(['Ordre du jour\n1. Accueil\n'], 'gabarit.txt', { type: 'text/plain' }));
    const answer = await raw(resources.POST, 'POST', '/resources', { as: c.animator, body: form });
    expect(answer.status).toBe(201);
    const { id } = (await answer.json()) as { id: string };

    const shown = await read(id);
    expect(shown.body.file).toMatchObject({ name: 'gabarit.txt', mime: expect.stringContaining('text/plain') });
    const first = await call(revision.GET, 'GET', `/resources/${id}/revisions/1`, { params: { id, number: '1' } });
    expect(Object.keys(first.body.file).sort()).toEqual(['mime', 'name', 'size']);
    expect(JSON.stringify([shown.body, first.body])).not.toContain('library/');

    const replacement = new FormData();
    replacement.set('data', JSON.stringify({ revision: 1, message: 'Nouvelle version' }));
    replacement.set('file', new File(['Ordre du jour\n1. Accueil\n2. Bilan\n'], 'gabarit-v2.txt', { type: 'text/plain' }));
    const replaced = await raw(resource.PATCH, 'PATCH', `/resources/${id}`, { as: c.animator, params: { id }, body: replacement });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ revision: 2, file: { name: 'gabarit-v2.txt' } });
    const changes = await call(diff.GET, 'GET', `/resources/${id}/diff`, { params: { id }, query: { from: '1', to: '2' } });
    expect(changes.body.fields).toMatchObject([{ field: 'file', before: 'gabarit.txt', after: 'gabarit-v2.txt' }]);

    const missing = new FormData();
    missing.set('data', JSON.stringify({ kind: 'file', title: 'Sans fichier', communities: [c.slug], visibility: 'public' }));
    const refused = await raw(resources.POST, 'POST', '/resources', { as: c.animator, body: missing });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: unknown }).errors).toEqual([{ path: 'file', message: translate('en', 'library.errors.file_required') }]);
  });

  it('records applications and opens the discussion once', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const c = await community('public', bob);
    const id = await added(c.animator, { kind: 'note', title: 'Méthode', communities: [c.slug], visibility: 'public' });

    const apply = await call(applications.POST, 'POST', `/resources/${id}/applications`, { as: bob, params: { id }, json: { story: 'Essayé en atelier' } });
    expect(apply.body).toEqual({ count: 1 });
    expect((await call(applications.POST, 'POST', `/resources/${id}/applications`, { as: bob, params: { id } })).body).toEqual({ count: 1 });
    expect((await read(id, bob)).body.applied).toMatchObject({ count: 1, mine: { story: null } });
    expect((await call(applications.DELETE, 'DELETE', `/resources/${id}/applications`, { as: bob, params: { id } })).body).toEqual({ count: 0 });

    const discuss = (as: Actor) => call(discussions.POST, 'POST', `/resources/${id}/discussions`, { as, params: { id }, json: { community: c.slug } });
    const opened = await discuss(bob);
    expect(opened.status).toBe(201);
    expect(opened.body).toEqual({ postId: expect.any(String) });
    const again = await discuss(c.animator);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(opened.body);
    expect((await read(id)).body.discussions).toMatchObject([{ postId: opened.body.postId, community: { slug: c.slug } }]);
  });

  it('deletes a resource for its editors only', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const c = await community('public', bob);
    const id = await added(bob, { kind: 'note', title: 'À retirer', communities: [c.slug], visibility: 'public' });
    const stranger = await person(db(), 'Zoé Dehors');
    expect((await call(resource.DELETE, 'DELETE', `/resources/${id}`, { as: stranger, params: { id } })).status).toBe(403);
    expect((await call(resource.DELETE, 'DELETE', `/resources/${id}`, { as: bob, params: { id } })).status).toBe(204);
    expect((await read(id)).status).toBe(404);
  });
});

describe('references through the API', () => {
  it('imports the good entries of a BibTeX text, reports the broken one by its line, and exports them back', async () => {
    const c = await community('public');
    const imported = await call(importer.POST, 'POST', '/references/import', { as: c.animator, json: { text: bibtex, communities: [c.slug], visibility: 'public' } });
    expect(imported.status).toBe(200);
    const report = importReportSchema.strict().parse(imported.body);
    expect(report.format).toBe('bibtex');
    expect(report.imported.map((e) => [e.line, e.title])).toEqual([
      [1, 'Cultivating Communities of Practice'],
      [14, 'A third reference']
    ]);
    expect(report.refused).toMatchObject([{ line: 8, code: 'syntax', excerpt: '@article{broken2010,' }]);
    const listed = await call(resources.GET, 'GET', '/resources', { query: { community: c.slug, kind: 'reference' } });
    expect(listed.body.items.map((i: { title: string }) => i.title).sort()).toEqual(['A third reference', 'Cultivating Communities of Practice']);

    const again = await call(importer.POST, 'POST', '/references/import', { as: c.animator, json: { text: bibtex, communities: [c.slug], visibility: 'public' } });
    expect(again.body.merged.map((e: { title: string }) => e.title)).toEqual(['A third reference']);

    const ids = report.imported.map((e) => e.id).join(',');
    const file = await raw(exporter.GET, 'GET', `/references/export?ids=${ids}&format=bibtex`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('application/x-bibtex');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.bib"/);
    const text = await file.text();
    const other = await community('public');
    const roundTrip = await call(importer.POST, 'POST', '/references/import', { as: other.animator, json: { text, communities: [other.slug], visibility: 'authors' } });
    expect(roundTrip.body.refused).toEqual([]);
    expect(roundTrip.body.imported.map((e: { title: string }) => e.title)).toEqual(['Cultivating Communities of Practice']);
    expect(roundTrip.body.merged.map((e: { title: string }) => e.title)).toEqual(['A third reference']);

    expect((await call(importer.POST, 'POST', '/references/import', { json: { text: bibtex } })).status).toBe(401);
    expect((await call(importer.POST, 'POST', '/references/import', { as: c.animator, json: { text: '' } })).status).toBe(400);
  });
});

describe('the library in the OpenAPI document', () => {
  type Op = { operationId: string; parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { required?: string[] } }> }; responses: Record<string, unknown> };
  const document = openApiDocument() as { paths: Record<string, Record<string, Op>> };

  it('lists every library path, each with unique operation ids and its path parameters declared', () => {
    const expected: Record<string, string[]> = {
      '/resources': ['get', 'post'],
      '/resources/{id}': ['get', 'patch', 'delete'],
      '/resources/{id}/revisions': ['get'],
      '/resources/{id}/revisions/{number}': ['get'],
      '/resources/{id}/revisions/{number}/restore': ['post'],
      '/resources/{id}/diff': ['get'],
      '/resources/{id}/applications': ['post', 'delete'],
      '/resources/{id}/discussions': ['post'],
      '/notebooks': ['get', 'post'],
      '/notebooks/{id}': ['get', 'patch', 'delete'],
      '/notebooks/{id}/items': ['post'],
      '/notebooks/{id}/items/{resourceId}': ['delete'],
      '/notebooks/{id}/items/{resourceId}/move': ['post'],
      '/notebooks/{id}/people/{handle}': ['put', 'delete'],
      '/notebooks/{id}/export': ['get'],
      '/references/import': ['post'],
      '/references/export': ['get']
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(document.paths[path] ?? {}).sort(), path).toEqual([...methods].sort());
      const declared = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const method of methods) {
        const op = document.paths[path]![method]!;
        expect(op.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? [], `${method} ${path}`).toEqual(declared);
      }
    }
    const ids = Object.values(document.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    const create = document.paths['/resources']!.post!;
    const body = create.requestBody?.content['application/json']?.schema as { required?: string[]; properties: Record<string, { enum?: string[] }> };
    expect(body.required).toEqual(expect.arrayContaining(['kind', 'visibility']));
    expect(body.properties.visibility?.enum).toEqual(expect.arrayContaining(['public', 'instance', 'communities', 'authors', 'private', 'members']));
    expect(create.responses['201']).toBeDefined();
  });
});

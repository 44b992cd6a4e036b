import type { RequestEvent } from '@sveltejs/kit';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { notebookCardSchema, notebookViewSchema } from '$lib/server/api/library';
import { pageOf } from '$lib/server/api/pagination';
import { translate } from '$lib/i18n';
import * as resources from '../resources/+server';
import * as notebooks from './+server';
import * as notebook from './[id]/+server';
import * as items from './[id]/items/+server';
import * as item from './[id]/items/[resourceId]/+server';
import * as move from './[id]/items/[resourceId]/move/+server';
import * as people from './[id]/people/[handle]/+server';
import * as exporter from './[id]/export/+server';

const instance = useTestInstance();
const db = () => instance.db;

async function community(...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility: 'public', joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

async function resource(as: Actor, slug: string, json: Record<string, unknown>): Promise<string> {
  const answer = await call(resources.POST, 'POST', '/resources', { as, json: { communities: [slug], visibility: 'public', ...json } });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

async function handleOf(actor: Actor): Promise<string> {
  const row = await db().selectFrom('profiles').select('handle').where('user_id', '=', actor.id).executeTakeFirstOrThrow();
  return row.handle;
}

async function download(id: string, format: string, as: Actor | null = null) {
  const url = new URL(`http://localhost/api/v1/notebooks/${id}/export?format=${format}`);
  const event = { request: new Request(url), url, params: { id }, locals: { user: as, authVia: as ? 'token' : null, sessionId: null, locale: 'en' } } as unknown as RequestEvent;
  return exporter.GET(event as Parameters<typeof exporter.GET>[0]);
}

describe('notebooks through the API', () => {
  it('creates a notebook, adds to it, lists it and exports it', async () => {
    const c = await community();
    const note = await resource(c.animator, c.slug, { kind: 'note', title: 'Animer un 5 à 7', body: 'Accueillir, présenter, écouter.' });
    const reference = await resource(c.animator, c.slug, { kind: 'reference', reference: { type: 'book', title: 'Communities of Practice', author: [{ family: 'Wenger', given: 'Etienne' }], issued: { 'date-parts': [[1998]] } } });

    const created = await call(notebooks.POST, 'POST', '/notebooks', { as: c.animator, json: { title: 'Boîte à outils', visibility: 'public', communities: [c.slug] } });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const addItem = (resourceId: string) => call(items.POST, 'POST', `/notebooks/${id}/items`, { as: c.animator, params: { id }, json: { resourceId } });
    expect((await addItem(note)).status).toBe(201);
    expect((await addItem(reference)).body).toEqual({ added: true });
    const twice = await addItem(note);
    expect(twice.status).toBe(200);
    expect(twice.body).toEqual({ added: false });

    const mine = await call(notebooks.GET, 'GET', '/notebooks', { as: c.animator, query: { mine: 'true' } });
    expect(pageOf(notebookCardSchema.strict()).parse(mine.body)).toEqual({ items: [expect.objectContaining({ id, title: 'Boîte à outils', itemCount: 2 })], nextCursor: null });
    expect((await call(notebooks.GET, 'GET', '/notebooks', { query: { community: c.slug } })).body.items.map((n: { id: string }) => n.id)).toEqual([id]);
    expect((await call(notebooks.GET, 'GET', '/notebooks', { query: { mine: 'true' } })).body).toEqual({ items: [], nextCursor: null });

    const shown = await call(notebook.GET, 'GET', `/notebooks/${id}`, { params: { id } });
    expect(notebookViewSchema.strict().parse(shown.body).items.map((i) => i.id)).toEqual([note, reference]);
    expect(shown.body).toMatchObject({ role: null, can: { manage: false }, communities: [{ slug: c.slug }] });
    const filtered = await call(notebook.GET, 'GET', `/notebooks/${id}`, { params: { id }, query: { kind: 'reference' } });
    expect(filtered.body.items.map((i: { id: string }) => i.id)).toEqual([reference]);

    expect((await call(move.POST, 'POST', `/notebooks/${id}/items/${reference}/move`, { as: c.animator, params: { id, resourceId: reference }, json: { direction: 'up' } })).status).toBe(204);
    expect((await call(notebook.GET, 'GET', `/notebooks/${id}`, { params: { id } })).body.items.map((i: { id: string }) => i.id)).toEqual([reference, note]);

    const bib = await download(id, 'bibtex');
    expect(bib.status).toBe(200);
    expect(bib.headers.get('content-disposition')).toMatch(/^attachment; filename="boite-a-outils\.bib"/);
    expect((await bib.text()).match(/^@\w+\{/gm)).toEqual(['@book{', '@misc{']);
    const csl = await download(id, 'csl-json');
    expect(csl.headers.get('content-disposition')).toMatch(/^attachment; filename="boite-a-outils\.json"/);
    expect(((await csl.json()) as { title: string }[]).map((entry) => entry.title)).toEqual(['Communities of Practice', 'Animer un 5 à 7']);

    const zip = await download(id, 'markdown');
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['01-animer-un-5-a-7.md', 'index.md', 'references.bib']);
    expect(strFromU8(files['01-animer-un-5-a-7.md']!)).toContain('Accueillir, présenter, écouter.');
    expect((await download(id, 'docx')).status).toBe(400);
  });

  it('lets managers arrange the notebook and its people, and nobody else', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community(bob, carol);
    const created = await call(notebooks.POST, 'POST', '/notebooks', { as: c.animator, json: { title: 'Carnet privé', visibility: 'authors' } });
    const id: string = created.body.id;
    expect((await call(notebook.GET, 'GET', `/notebooks/${id}`, { as: bob, params: { id } })).status).toBe(404);
    expect((await download(id, 'bibtex')).status).toBe(404);

    const bobHandle = await handleOf(bob);
    const setRole = (as: Actor, handle: string, role: string) => call(people.PUT, 'PUT', `/notebooks/${id}/people/${handle}`, { as, params: { id, handle }, json: { role } });
    expect((await setRole(c.animator, bobHandle, 'contributor')).status).toBe(204);
    expect((await setRole(c.animator, bobHandle, 'owner')).status).toBe(400);
    const asBob = await call(notebook.GET, 'GET', `/notebooks/${id}`, { as: bob, params: { id } });
    expect(asBob.body).toMatchObject({ role: 'contributor', can: { contribute: true, manage: false } });

    const bobs = await resource(bob, c.slug, { kind: 'note', title: 'Apport de Bob' });
    expect((await call(items.POST, 'POST', `/notebooks/${id}/items`, { as: bob, params: { id }, json: { resourceId: bobs } })).status).toBe(201);
    expect((await call(notebook.PATCH, 'PATCH', `/notebooks/${id}`, { as: bob, params: { id }, json: { title: 'À Bob' } })).status).toBe(403);
    const renamed = await call(notebook.PATCH, 'PATCH', `/notebooks/${id}`, { as: c.animator, params: { id }, json: { title: 'Carnet partagé', visibility: 'members', communities: [c.slug] } });
    expect(renamed.body).toMatchObject({ title: 'Carnet partagé', visibility: 'communities' });
    expect((await call(notebook.GET, 'GET', `/notebooks/${id}`, { as: carol, params: { id } })).status).toBe(200);

    expect((await call(item.DELETE, 'DELETE', `/notebooks/${id}/items/${bobs}`, { as: carol, params: { id, resourceId: bobs } })).status).toBe(403);
    expect((await call(item.DELETE, 'DELETE', `/notebooks/${id}/items/${bobs}`, { as: bob, params: { id, resourceId: bobs } })).status).toBe(204);

    const leaHandle = await handleOf(c.animator);
    const last = await call(people.DELETE, 'DELETE', `/notebooks/${id}/people/${leaHandle}`, { as: c.animator, params: { id, handle: leaHandle } });
    expect(last.body.errors).toEqual([{ path: 'role', message: translate('en', 'library.errors.last_manager') }]);
    expect((await call(people.DELETE, 'DELETE', `/notebooks/${id}/people/${bobHandle}`, { as: c.animator, params: { id, handle: bobHandle } })).status).toBe(204);

    expect((await call(notebook.DELETE, 'DELETE', `/notebooks/${id}`, { as: bob, params: { id } })).status).toBe(403);
    expect((await call(notebook.DELETE, 'DELETE', `/notebooks/${id}`, { as: c.animator, params: { id } })).status).toBe(204);
    expect((await call(notebook.GET, 'GET', `/notebooks/${id}`, { as: c.animator, params: { id } })).status).toBe(404);
  });
});

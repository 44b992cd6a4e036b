import sharp from 'sharp';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { conversationCardSchema, conversationViewSchema } from '$lib/server/api/messages';
import { pageOf } from '$lib/server/api/pagination';
import { translate } from '$lib/i18n';
import * as conversations from './+server';
import * as conversation from './[id]/+server';
import * as messages from './[id]/messages/+server';
import * as leave from './[id]/leave/+server';
import * as attachment from './[id]/attachments/[attachmentId]/+server';
import * as blocks from '../me/blocks/[handle]/+server';

const instance = useTestInstance();
const db = () => instance.db;

async function handleOf(actor: Actor): Promise<string> {
  return (await db().selectFrom('profiles').select('handle').where('user_id', '=', actor.id).executeTakeFirstOrThrow()).handle;
}

async function colleagues(...names: string[]): Promise<Actor[]> {
  const people = await Promise.all(names.map((name) => person(db(), name)));
  const community = await createCommunity(db(), people[0]!, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility: 'private', joinPolicy: 'open' });
  for (const member of people.slice(1)) await joinCommunity(db(), member, community.slug);
  return people;
}

type Upload = { bytes: Uint8Array; name: string };

/** Calls a handler as the auth handle would, with a body or none; answers the raw response. */
async function raw(handler: unknown, method: string, path: string, as: Actor | null, params: Record<string, string>, body?: FormData): Promise<Response> {
  const url = new URL(`http://localhost/api/v1${path}`);
  const event = { request: new Request(url, { method, body }), url, params, locals: { user: as, authVia: as ? 'token' : null, sessionId: null, locale: 'en' } };
  return (handler as (event: RequestEvent) => Promise<Response>)(event as unknown as RequestEvent);
}

/** A multipart body as the API documents it: the JSON in `data`, one `attachments` part per file. */
function multipart(data: unknown, files: Upload[]): FormData {
  const form = new FormData();
  form.set('data', JSON.stringify(data));
  for (const file of files) form.append('attachments', new Blob([file.bytes as BlobPart]), file.name);
  return form;
}

async function sendWithFiles(handler: unknown, path: string, as: Actor, params: Record<string, string>, data: unknown, files: Upload[]) {
  const response = await raw(handler, 'POST', path, as, params, multipart(data, files));
  return { status: response.status, body: await response.json() };
}

const pdf = new Uint8Array(Buffer.from(['%PDF-1.4', '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj', '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj', 'trailer << /Root 1 0 R >>', '%%EOF', ''].join('\n')));

const start = async (as: Actor, to: Actor[], body = 'Bonjour', subject?: string) =>
  call(conversations.POST, 'POST', '/conversations', { as, json: { to: await Promise.all(to.map(handleOf)), body, ...(subject ? { subject } : {}) } });

describe('/api/v1/conversations', () => {
  it('starts a conversation from the smallest body, lists it and reads it back', async () => {
    const [lea, bob] = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const created = await start(lea!, [bob!], 'Premier message');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String) });
    const { id } = created.body;

    const listed = await call(conversations.GET, 'GET', '/conversations', { as: bob! });
    expect(listed.status).toBe(200);
    expect(pageOf(conversationCardSchema.strict()).strict().parse(listed.body)).toMatchObject({
      items: [{ id, unread: true, excerpt: 'Premier message', others: [{ name: 'Léa Gagnon', me: false, left: false }] }],
      nextCursor: null
    });

    const read = await call(conversation.GET, 'GET', `/conversations/${id}`, { as: bob!, params: { id } });
    expect(read.status).toBe(200);
    expect(conversationViewSchema.strict().parse(read.body)).toMatchObject({ id, viewer: { canPost: true, leftAt: null } });
    expect(read.body.messages.items[0]).toMatchObject({ body: 'Premier message', bodyHtml: '<p>Premier message</p>\n', mine: false, author: { name: 'Léa Gagnon' } });
    // Reading it marked it read.
    expect((await call(conversations.GET, 'GET', '/conversations', { as: bob! })).body.items[0].unread).toBe(false);

    const replied = await call(messages.POST, 'POST', `/conversations/${id}/messages`, { as: bob!, params: { id }, json: { body: 'Réponse' } });
    expect(replied.status).toBe(201);
    expect(replied.body).toEqual({ id: expect.any(String) });
  });

  it('pages through messages, newest first, with an opaque cursor', async () => {
    const [lea, bob] = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const { id } = (await start(lea!, [bob!], 'Message 0')).body;
    for (let i = 1; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      await call(messages.POST, 'POST', `/conversations/${id}/messages`, { as: lea!, params: { id }, json: { body: `Message ${i}` } });
    }
    const first = await call(conversation.GET, 'GET', `/conversations/${id}`, { as: bob!, params: { id }, query: { limit: '3' } });
    expect(first.body.messages.items.map((m: { body: string }) => m.body)).toEqual(['Message 4', 'Message 3', 'Message 2']);
    const next = await call(conversation.GET, 'GET', `/conversations/${id}`, { as: bob!, params: { id }, query: { limit: '3', cursor: first.body.messages.nextCursor } });
    expect(next.body.messages).toMatchObject({ items: [{ body: 'Message 1' }, { body: 'Message 0' }], nextCursor: null });
  });

  it('answers 404 to outsiders, 403 to a member who left, 401 without an account', async () => {
    const [lea, bob, outsider] = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Zoé Dehors');
    const { id } = (await start(lea!, [bob!], 'CANARY-API')).body;
    expect((await call(conversation.GET, 'GET', `/conversations/${id}`, { as: outsider!, params: { id } })).status).toBe(404);
    const intrusion = await call(messages.POST, 'POST', `/conversations/${id}/messages`, { as: outsider!, params: { id }, json: {} });
    expect(intrusion.status).toBe(404);
    expect(intrusion.type).toBe('application/problem+json');
    expect((await call(leave.POST, 'POST', `/conversations/${id}/leave`, { as: outsider!, params: { id } })).status).toBe(404);
    expect((await call(conversations.GET, 'GET', '/conversations', {})).status).toBe(401);

    expect((await call(leave.POST, 'POST', `/conversations/${id}/leave`, { as: bob!, params: { id } })).status).toBe(204);
    const refused = await call(messages.POST, 'POST', `/conversations/${id}/messages`, { as: bob!, params: { id }, json: { body: 'Encore moi' } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe(translate('en', 'messages.errors.left'));
    expect((await call(conversation.GET, 'GET', `/conversations/${id}`, { as: bob!, params: { id } })).body.viewer.canPost).toBe(false);
  });

  it('refuses bad input field by field, and a blocked member without saying who blocked whom', async () => {
    const [lea, bob] = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const empty = await call(conversations.POST, 'POST', '/conversations', { as: lea!, json: { to: [], body: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([
      { path: 'to', message: translate('en', 'messages.errors.to_required') },
      { path: 'body', message: translate('en', 'messages.errors.body_required') }
    ]);
    const unknown = await call(conversations.POST, 'POST', '/conversations', { as: lea!, json: { to: ['@personne'], body: 'Allô' } });
    expect(unknown.body.errors).toEqual([{ path: 'to', message: translate('en', 'messages.errors.unknown_member') }]);

    const bobHandle = await handleOf(bob!);
    expect((await call(blocks.PUT, 'PUT', `/me/blocks/${bobHandle}`, { as: lea!, params: { handle: `@${bobHandle}` } })).status).toBe(204);
    for (const [from, to] of [[lea!, bob!], [bob!, lea!]] as const) {
      const refused = await start(from, [to]);
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toBe(translate('en', 'messages.errors.cannot_write'));
    }
    expect((await call(blocks.DELETE, 'DELETE', `/me/blocks/${bobHandle}`, { as: lea!, params: { handle: bobHandle } })).status).toBe(204);
    expect((await start(bob!, [lea!])).status).toBe(201);
    expect((await call(blocks.PUT, 'PUT', '/me/blocks/personne', { as: lea!, params: { handle: 'personne' } })).status).toBe(404);
  });
});

describe('files in messages through the API', () => {
  it('takes files in a multipart body, lists them with their download address, and serves them to members only', async () => {
    const [lea, bob, outsider] = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Zoé Dehors');
    const png = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#0af' } }).png().toBuffer();
    const created = await sendWithFiles(conversations.POST, '/conversations', lea!, {}, { to: [await handleOf(bob!)], body: 'Les documents' }, [
      { bytes: new Uint8Array(png), name: 'atelier.png' },
      { bytes: pdf, name: 'compte-rendu.pdf' }
    ]);
    expect(created.status).toBe(201);
    const { id } = created.body;
    // A reply of files alone, without text.
    const replied = await sendWithFiles(messages.POST, `/conversations/${id}/messages`, bob!, { id }, {}, [{ bytes: pdf, name: 'réponse.pdf' }]);
    expect(replied.status).toBe(201);

    const read = await call(conversation.GET, 'GET', `/conversations/${id}`, { as: bob!, params: { id } });
    const view = conversationViewSchema.strict().parse(read.body);
    const [reply, first] = view.messages.items;
    expect(reply).toMatchObject({ body: '', attachments: [expect.objectContaining({ fileName: 'réponse.pdf', kind: 'file' })] });
    expect(first!.attachments).toEqual([
      expect.objectContaining({ kind: 'image', mime: 'image/webp', width: 64, height: 32 }),
      expect.objectContaining({ kind: 'file', mime: 'application/pdf', fileName: 'compte-rendu.pdf', size: pdf.byteLength })
    ]);
    const document = first!.attachments[1]!;
    expect(document.url).toBe(`/api/v1/conversations/${id}/attachments/${document.id}`);

    const params = { id, attachmentId: document.id };
    const downloaded = await raw(attachment.GET, 'GET', `/conversations/${id}/attachments/${document.id}`, lea!, params);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('application/pdf');
    expect(downloaded.headers.get('content-disposition')).toContain('attachment; filename="compte-rendu.pdf"');
    expect(downloaded.headers.get('x-content-type-options')).toBe('nosniff');
    expect(downloaded.headers.get('cache-control')).toBe('private, no-cache');
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);

    const refused = await raw(attachment.GET, 'GET', `/conversations/${id}/attachments/${document.id}`, outsider!, params);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect((await raw(attachment.GET, 'GET', `/conversations/${id}/attachments/${document.id}`, null, params)).status).toBe(401);
  });

  it('refuses a message with one bad file as a whole, field by field, and sends nothing', async () => {
    const [lea, bob, outsider] = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Zoé Dehors');
    const { id } = (await start(lea!, [bob!], 'Bonjour')).body;
    const fake = new Uint8Array(Buffer.from('<!doctype html><script>alert(1)</script>'));
    const refused = await sendWithFiles(messages.POST, `/conversations/${id}/messages`, lea!, { id }, { body: 'Voici' }, [{ bytes: pdf, name: 'ok.pdf' }, { bytes: fake, name: 'photo.png' }]);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'attachments', message: translate('en', 'attachments.errors.unsupported') }]);
    const tooMany = await sendWithFiles(messages.POST, `/conversations/${id}/messages`, lea!, { id }, { body: 'Voici' }, Array.from({ length: 11 }, () => ({ bytes: pdf, name: 'ok.pdf' })));
    expect(tooMany.body.errors).toEqual([{ path: 'attachments', message: translate('en', 'messages.attachments.too_many') }]);
    const empty = await sendWithFiles(messages.POST, `/conversations/${id}/messages`, lea!, { id }, { body: '' }, []);
    expect(empty.body.errors).toEqual([{ path: 'body', message: translate('en', 'messages.errors.body_required') }]);
    const read = await call(conversation.GET, 'GET', `/conversations/${id}`, { as: bob!, params: { id } });
    expect(read.body.messages.items.map((m: { body: string }) => m.body)).toEqual(['Bonjour']);
    // An outsider learns nothing, files or not.
    expect((await sendWithFiles(messages.POST, `/conversations/${id}/messages`, outsider!, { id }, { body: 'Intrus' }, [{ bytes: pdf, name: 'x.pdf' }])).status).toBe(404);
  });
});

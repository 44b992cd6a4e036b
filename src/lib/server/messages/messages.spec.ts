import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { createCommunity, joinCommunity } from '../communities';
import { savePreferences } from '../preferences';
import { notify } from '../notifications/notify';
import {
  blockMember,
  listBlocked,
  listConversations,
  leaveConversation,
  markRead,
  messagingWith,
  postMessage,
  readConversation,
  readMessageAttachment,
  startConversation,
  unblockMember,
  unreadConversations
} from '.';

// Passes through, so that one test can make a message's transaction fail midway.
vi.mock('../notifications/notify', async (original) => {
  const actual = await original<typeof import('../notifications/notify')>();
  return { ...actual, notify: vi.fn(actual.notify) };
});

const instance = useTestInstance();
const db = () => instance.db;

async function handleOf(actor: Actor): Promise<string> {
  const row = await db().selectFrom('profiles').select('handle').where('user_id', '=', actor.id).executeTakeFirstOrThrow();
  return row.handle;
}

/** People who share a fresh community (the first one animates it). */
async function colleagues(...names: string[]): Promise<{ people: Actor[]; slug: string; communityId: string }> {
  const people = await Promise.all(names.map((name) => person(db(), name)));
  const [animator, ...rest] = people as [Actor, ...Actor[]];
  const community = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility: 'private', joinPolicy: 'open' });
  for (const member of rest) await joinCommunity(db(), member, community.slug);
  const row = await db().selectFrom('communities').select('id').where('slug', '=', community.slug).executeTakeFirstOrThrow();
  return { people, slug: community.slug, communityId: row.id };
}

async function start(from: Actor, to: Actor[], body = 'Bonjour !', subject?: string): Promise<string> {
  const handles = await Promise.all(to.map(handleOf));
  return (await startConversation(db(), from, { to: handles.map((h) => `@${h}`), body, subject })).id;
}

const forwarded = (conversationId: string) =>
  db().selectFrom('emails').select(['to_address', 'subject', 'text_body', 'html_body']).where('text_body', 'like', `%/messages/${conversationId}%`).orderBy('created_at').execute();

const notificationsOf = (userId: string) => db().selectFrom('notifications').selectAll().where('user_id', '=', userId).where('kind', '=', 'private_message').execute();

describe('who may write to whom', () => {
  it('lets members of a shared active community write to each other', async () => {
    const { people: [lea, bob] } = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const id = await start(lea!, [bob!]);
    const view = await readConversation(db(), bob!, id);
    expect(view.messages.items.map((m) => m.body)).toEqual(['Bonjour !']);
    expect(view.participants.map((p) => p.name).sort()).toEqual(['Bob Tremblay', 'Léa Gagnon']);
  });

  it('refuses strangers unless the recipient accepts messages from any member', async () => {
    const lea = await person(db(), 'Léa Gagnon');
    const zoe = await person(db(), 'Zoé Dehors');
    const to = [`@${await handleOf(zoe)}`];
    expect(await outcome(startConversation(db(), lea, { to, body: 'Salut' }))).toBe('forbidden:messages.errors.cannot_write');
    expect(await messagingWith(db(), lea, await handleOf(zoe))).toEqual({ canMessage: false, blocked: false });
    await db().updateTable('profiles').set({ messages_from: 'anyone' }).where('user_id', '=', zoe.id).execute();
    expect(await outcome(startConversation(db(), lea, { to, body: 'Salut' }))).toBe('ok');
    expect(await messagingWith(db(), lea, await handleOf(zoe))).toEqual({ canMessage: true, blocked: false });
  });

  it('does not count a community still waiting for approval, nor a membership that is not active', async () => {
    const { people: [lea, bob], communityId } = await colleagues('Léa Gagnon', 'Bob Tremblay');
    await db().updateTable('communities').set({ status: 'pending' }).where('id', '=', communityId).execute();
    expect(await outcome(start(lea!, [bob!]))).toBe('forbidden:messages.errors.cannot_write');
    await db().updateTable('communities').set({ status: 'active' }).where('id', '=', communityId).execute();
    await db().updateTable('memberships').set({ status: 'left' }).where('user_id', '=', bob!.id).where('community_id', '=', communityId).execute();
    expect(await outcome(start(lea!, [bob!]))).toBe('forbidden:messages.errors.cannot_write');
  });

  it('refuses a block either way with the same words, and lifts it on unblock', async () => {
    const { people: [lea, bob, carol] } = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Carole Roy');
    await blockMember(db(), bob!, await handleOf(lea!));
    expect(await outcome(start(lea!, [bob!]))).toBe('forbidden:messages.errors.cannot_write');
    expect(await outcome(start(bob!, [lea!]))).toBe('forbidden:messages.errors.cannot_write');
    expect(await outcome(start(lea!, [carol!, bob!]))).toBe('forbidden:messages.errors.cannot_write_group');
    expect(await messagingWith(db(), bob!, await handleOf(lea!))).toEqual({ canMessage: false, blocked: true });
    expect(await messagingWith(db(), lea!, await handleOf(bob!))).toEqual({ canMessage: false, blocked: false });
    expect((await listBlocked(db(), bob!)).map((b) => b.name)).toEqual(['Léa Gagnon']);
    await unblockMember(db(), bob!, await handleOf(lea!));
    expect(await outcome(start(lea!, [bob!]))).toBe('ok');
    expect(await outcome(blockMember(db(), lea!, await handleOf(lea!)))).toBe('invalid:messages.errors.block_self');
  });

  it('refuses an unknown handle, oneself alone, and more than ten others', async () => {
    const { people } = await colleagues('Léa Gagnon', ...Array.from({ length: 11 }, (_, i) => `Membre ${i}`));
    const [lea, ...others] = people as [Actor, ...Actor[]];
    expect(await outcome(startConversation(db(), lea, { to: ['@personne-inconnue'], body: 'Allô' }))).toBe('invalid:messages.errors.unknown_member');
    expect(await outcome(startConversation(db(), lea, { to: [await handleOf(lea)], body: 'Allô' }))).toBe('invalid:messages.errors.not_yourself');
    await expect(start(lea, others)).rejects.toThrow(ZodError);
    expect(await outcome(start(lea, others.slice(0, 10), 'Bienvenue au groupe', 'Groupe de travail'))).toBe('ok');
    await expect(startConversation(db(), lea, { to: [await handleOf(others[0]!)], body: '   ' })).rejects.toThrow(ZodError);
  });
});

describe('conversations', () => {
  it('reuses the one-to-one conversation two members already have', async () => {
    const { people: [lea, bob, carol] } = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Carole Roy');
    const first = await start(lea!, [bob!], 'Premier');
    expect(await start(bob!, [lea!], 'Deuxième')).toBe(first);
    const group = await start(lea!, [bob!, carol!], 'Groupe');
    expect(group).not.toBe(first);
    const view = await readConversation(db(), lea!, first);
    expect(view.messages.items.map((m) => m.body)).toEqual(['Deuxième', 'Premier']);
    expect((await listConversations(db(), lea!)).items.map((c) => c.id)).toEqual([group, first]);
  });

  it('answers not found to anyone outside the conversation, administrators included', async () => {
    const { people: [lea, bob, outsider] } = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Zoé Dehors');
    const admin = await person(db(), 'Admin', { role: 'admin' });
    const id = await start(lea!, [bob!], 'CANARY-PRIVATE');
    for (const someone of [outsider!, admin]) {
      expect(await outcome(readConversation(db(), someone, id))).toBe('not_found');
      expect(await outcome(postMessage(db(), someone, id, { body: 'Intrus' }))).toBe('not_found');
      expect(await outcome(leaveConversation(db(), someone, id))).toBe('not_found');
      expect((await listConversations(db(), someone)).items).toEqual([]);
    }
    expect(await outcome(readConversation(db(), null, id))).toBe('unauthorized');
    expect(await outcome(readConversation(db(), lea!, 'no-such-id'))).toBe('not_found');
  });

  it('lets a member who left read up to when they left, and not post', async () => {
    const { people: [lea, bob, carol] } = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Carole Roy');
    const id = await start(lea!, [bob!, carol!], 'Avant');
    await leaveConversation(db(), carol!, id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await postMessage(db(), lea!, id, { body: 'Après' });
    const hers = await readConversation(db(), carol!, id);
    expect(hers.messages.items.map((m) => m.body)).toEqual(['Avant']);
    expect(hers.viewer).toMatchObject({ canPost: false, leftAt: expect.any(Number) });
    expect(await outcome(postMessage(db(), carol!, id, { body: 'Je reviens' }))).toBe('forbidden:messages.errors.left');
    expect((await listConversations(db(), carol!)).items[0]).toMatchObject({ id, left: true, unread: false, excerpt: 'Avant' });
    expect((await readConversation(db(), bob!, id)).participants.find((p) => p.name === 'Carole Roy')).toMatchObject({ left: true });
    expect(await notificationsOf(carol!.id)).toHaveLength(1);
  });

  it('counts unread conversations until they are opened, and never the author’s own', async () => {
    const { people: [lea, bob, carol] } = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Carole Roy');
    const one = await start(lea!, [bob!]);
    const group = await start(lea!, [bob!, carol!]);
    expect(await unreadConversations(db(), bob!)).toBe(2);
    expect(await unreadConversations(db(), carol!)).toBe(1);
    expect(await unreadConversations(db(), lea!)).toBe(0);
    expect(await unreadConversations(db(), null)).toBe(0);
    expect((await listConversations(db(), bob!)).items.map((c) => c.unread)).toEqual([true, true]);
    await markRead(db(), bob!, one);
    expect(await unreadConversations(db(), bob!)).toBe(1);
    const bobs = await notificationsOf(bob!.id);
    expect(bobs.filter((n) => n.conversation_id === one).map((n) => n.read_at)).toEqual([expect.any(Number)]);
    expect(bobs.filter((n) => n.conversation_id === group).map((n) => n.read_at)).toEqual([null]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await postMessage(db(), bob!, group, { body: 'Réponse' });
    expect(await unreadConversations(db(), bob!)).toBe(0);
    expect(await unreadConversations(db(), lea!)).toBe(1);
    await leaveConversation(db(), carol!, group);
    expect(await unreadConversations(db(), carol!)).toBe(0);
  });
});

describe('delivery', () => {
  it('notifies every current member except the author, once per message, grouped by conversation', async () => {
    const { people: [lea, bob, carol] } = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Carole Roy');
    const id = await start(lea!, [bob!, carol!], 'Bonjour à vous deux');
    const bobs = await notificationsOf(bob!.id);
    expect(bobs).toHaveLength(1);
    expect(bobs[0]).toMatchObject({ group_key: `message:${id}`, conversation_id: id, actor_id: lea!.id, read_at: null });
    const message = await db().selectFrom('messages').select('id').where('conversation_id', '=', id).executeTakeFirstOrThrow();
    expect(bobs[0]!.source_id).toBe(message.id);
    expect(await notificationsOf(carol!.id)).toHaveLength(1);
    expect(await notificationsOf(lea!.id)).toHaveLength(0);
  });

  it('does not deliver a blocked member’s new messages to the one who blocked them', async () => {
    const { people: [lea, bob, carol] } = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Carole Roy');
    await savePreferences(db(), carol!, { private_message: 'email' });
    const id = await start(lea!, [bob!, carol!], 'Avant le blocage');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await blockMember(db(), carol!, await handleOf(lea!));
    await markRead(db(), carol!, id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await postMessage(db(), lea!, id, { body: 'Après le blocage' });
    expect(await notificationsOf(carol!.id)).toHaveLength(1);
    expect(await notificationsOf(bob!.id)).toHaveLength(2);
    expect((await forwarded(id)).filter((e) => e.to_address === carol!.email)).toHaveLength(1);
    expect((await readConversation(db(), carol!, id)).messages.items.map((m) => m.body)).toEqual(['Avant le blocage']);
    expect(await unreadConversations(db(), carol!)).toBe(0);
    // Still a group: the others go on; in a one-to-one, neither may write any more.
    const pair = await start(lea!, [bob!]);
    await blockMember(db(), lea!, await handleOf(bob!));
    expect(await outcome(postMessage(db(), bob!, pair, { body: 'Allô ?' }))).toBe('forbidden:messages.errors.cannot_write');
    expect(await outcome(postMessage(db(), lea!, pair, { body: 'Allô ?' }))).toBe('forbidden:messages.errors.cannot_write');
  });

  it('forwards by email only to those who opted in, in their language, with the text and a link back', async () => {
    const { people: [lea, bob, carol] } = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Carole Roy');
    await db().updateTable('users').set({ locale: 'en' }).where('id', '=', bob!.id).execute();
    await savePreferences(db(), bob!, { private_message: 'email' });
    // Carole opted in too, but never confirmed her address: nothing is sent to it.
    await savePreferences(db(), carol!, { private_message: 'email' });
    await db().updateTable('users').set({ email_verified: instance.dialect === 'postgres' ? false : 0 }).where('id', '=', carol!.id).execute();
    const id = await start(lea!, [bob!, carol!], 'Voici le **compte rendu** de jeudi.', 'Compte rendu');
    const emails = await forwarded(id);
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email!.to_address).toBe(bob!.email);
    expect(email!.subject).toContain('Léa Gagnon wrote to you: Compte rendu');
    expect(email!.text_body).toContain('> Voici le **compte rendu** de jeudi.');
    expect(email!.text_body).toContain(`${instance.config.origin}/messages/${id}`);
    expect(email!.html_body).toContain(`/messages/${id}`);
    const headers = await db().selectFrom('emails').select('headers').where('to_address', '=', bob!.email).where('subject', '=', email!.subject).executeTakeFirstOrThrow();
    expect(JSON.parse(headers.headers ?? '{}')).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Unsubscribe': expect.stringContaining('/unsubscribe/') });
  });

  it('neutralises a display name or a subject that tries to add a header', async () => {
    const { people: [eve, bob] } = await colleagues('Eve', 'Bob Tremblay');
    await savePreferences(db(), bob!, { private_message: 'email' });
    const sneaky = { ...eve!, name: 'Eve\r\nBcc: victim@example.org' };
    await db().updateTable('users').set({ name: sneaky.name }).where('id', '=', eve!.id).execute();
    const id = (await startConversation(db(), sneaky, { to: [await handleOf(bob!)], body: 'Salut', subject: 'Hello\nX-Injected: yes' })).id;
    const [email] = await forwarded(id);
    expect(email!.subject).not.toMatch(/[\r\n]/);
    expect(email!.subject).toContain('Eve Bcc: victim@example.org');
    expect(email!.subject).toContain('Hello X-Injected: yes');
    expect(email!.to_address).toBe(bob!.email);
  });
});

// The smallest PDF a reader opens, and a page pretending to be a picture.
const pdf = Buffer.from(['%PDF-1.4', '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj', '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj', 'trailer << /Root 1 0 R >>', '%%EOF', ''].join('\n'));
const fakePicture = Buffer.from('<!doctype html><script>alert(1)</script>');
const picture = () => sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#f0a' } }).png().toBuffer();

/** Files in the instance's storage for attachments, to see that a refusal stored nothing. */
const storedFiles = () => {
  const folder = path.join(instance.config.dataDir, 'uploads', 'attachments');
  return fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => !name.startsWith('.')).length : 0;
};

async function filesOf(reader: Actor, conversationId: string) {
  return (await readConversation(db(), reader, conversationId)).messages.items.flatMap((m) => m.attachments);
}

describe('attachments', () => {
  it('sends a picture and a PDF with a message: the picture re-encoded, the PDF as sent, both for the members', async () => {
    const { people: [lea, bob] } = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const handles = [`@${await handleOf(bob!)}`];
    const { id } = await startConversation(db(), lea!, { to: handles, body: 'Les photos et le compte rendu' }, [
      { bytes: await picture(), fileName: 'atelier.png' },
      { bytes: pdf, fileName: 'compte-rendu.pdf' }
    ]);
    const [message] = (await readConversation(db(), bob!, id)).messages.items;
    expect(message!.body).toBe('Les photos et le compte rendu');
    expect(message!.attachments).toEqual([
      expect.objectContaining({ kind: 'image', mime: 'image/webp', fileName: 'atelier.webp', width: 1600, height: 800 }),
      expect.objectContaining({ kind: 'file', mime: 'application/pdf', fileName: 'compte-rendu.pdf', size: pdf.byteLength, width: null })
    ]);
    const [image, document] = message!.attachments;
    expect(image!.url).toBe(`/messages/${id}/files/${image!.id}`);
    const downloaded = await readMessageAttachment(db(), bob!, id, document!.id);
    expect(downloaded.bytes.equals(pdf)).toBe(true);
    expect(downloaded.attachment.file_name).toBe('compte-rendu.pdf');
    const shown = await readMessageAttachment(db(), lea!, id, image!.id);
    expect((await sharp(shown.bytes).metadata()).format).toBe('webp');
  });

  it('takes files without text, never a message with neither, and tells the list by the files’ names', async () => {
    const { people: [lea, bob] } = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const id = await start(lea!, [bob!], 'Bonjour');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await postMessage(db(), bob!, id, { body: '   ' }, [{ bytes: pdf, fileName: 'budget.pdf' }]);
    const [latest] = (await readConversation(db(), lea!, id)).messages.items;
    expect(latest).toMatchObject({ body: '', bodyHtml: '', attachments: [expect.objectContaining({ fileName: 'budget.pdf' })] });
    expect((await listConversations(db(), lea!)).items[0]).toMatchObject({ id, excerpt: '📎 budget.pdf', unread: true });
    await expect(postMessage(db(), bob!, id, { body: '   ' })).rejects.toThrow(ZodError);
    await expect(postMessage(db(), bob!, id, {} as { body: string })).rejects.toThrow(ZodError);
  });

  it('refuses the whole message when one file is bad, or too many come, and stores nothing', async () => {
    const { people: [lea, bob] } = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const id = await start(lea!, [bob!], 'Bonjour');
    const before = { files: storedFiles(), rows: (await db().selectFrom('message_attachments').select('id').execute()).length, messages: (await db().selectFrom('messages').select('id').execute()).length };
    const good = { bytes: pdf, fileName: 'ok.pdf' };
    const bad = { bytes: fakePicture, fileName: 'photo.png' };
    expect(await outcome(postMessage(db(), lea!, id, { body: 'Voici' }, [good, bad]))).toBe('invalid:attachments.errors.unsupported');
    expect(await outcome(startConversation(db(), lea!, { to: [await handleOf(bob!)], body: 'Voici' }, [good, bad]))).toBe('invalid:attachments.errors.unsupported');
    expect(await outcome(postMessage(db(), lea!, id, { body: 'Voici' }, [good, { bytes: new Uint8Array(), fileName: 'vide.txt' }]))).toBe('invalid:attachments.errors.empty');
    expect(await outcome(postMessage(db(), lea!, id, { body: 'Voici' }, Array.from({ length: 11 }, () => good)))).toBe('invalid:messages.attachments.too_many');
    expect(storedFiles()).toBe(before.files);
    expect(await db().selectFrom('message_attachments').select('id').execute()).toHaveLength(before.rows);
    expect(await db().selectFrom('messages').select('id').execute()).toHaveLength(before.messages);
    expect(await notificationsOf(bob!.id)).toHaveLength(1);
    // Ten is the limit, not a refusal.
    expect(await outcome(postMessage(db(), lea!, id, { body: 'Dix' }, Array.from({ length: 10 }, () => good)))).toBe('ok');
    expect(storedFiles()).toBe(before.files + 10);
  });

  it('removes the stored files again when the message cannot be written', async () => {
    const { people: [lea, bob] } = await colleagues('Léa Gagnon', 'Bob Tremblay');
    const id = await start(lea!, [bob!], 'Bonjour');
    const before = storedFiles();
    vi.mocked(notify).mockRejectedValueOnce(new Error('the database went away'));
    await expect(postMessage(db(), lea!, id, { body: 'Voici' }, [{ bytes: pdf, fileName: 'perdu.pdf' }])).rejects.toThrow('the database went away');
    expect(storedFiles()).toBe(before);
    expect(await db().selectFrom('message_attachments').select('id').where('file_name', '=', 'perdu.pdf').execute()).toEqual([]);
    expect((await readConversation(db(), bob!, id)).messages.items.map((m) => m.body)).toEqual(['Bonjour']);
  });

  it('lets only those who may read the message download its files', async () => {
    const { people: [lea, bob, carol, dan, outsider] } = await colleagues('Léa Gagnon', 'Bob Tremblay', 'Carole Roy', 'Dan Roy', 'Zoé Dehors');
    const admin = await person(db(), 'Admin', { role: 'admin' });
    const id = await start(lea!, [bob!, carol!, dan!], 'Bonjour');
    await postMessage(db(), lea!, id, { body: 'Avant' }, [{ bytes: pdf, fileName: 'avant.pdf' }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await leaveConversation(db(), carol!, id);
    await blockMember(db(), dan!, await handleOf(lea!));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await postMessage(db(), lea!, id, { body: 'Après' }, [{ bytes: pdf, fileName: 'apres.pdf' }]);
    const files = await filesOf(bob!, id);
    const earlier = files.find((f) => f.fileName === 'avant.pdf')!;
    const later = files.find((f) => f.fileName === 'apres.pdf')!;

    // Carole left in between: she keeps what came before, and nothing after exists for her.
    expect(await outcome(readMessageAttachment(db(), carol!, id, earlier.id))).toBe('ok');
    expect(await outcome(readMessageAttachment(db(), carol!, id, later.id))).toBe('not_found');
    expect((await filesOf(carol!, id)).map((f) => f.fileName)).toEqual(['avant.pdf']);
    // Dan blocked Léa in between: her later messages, files included, never reach him.
    expect(await outcome(readMessageAttachment(db(), dan!, id, earlier.id))).toBe('ok');
    expect(await outcome(readMessageAttachment(db(), dan!, id, later.id))).toBe('not_found');
    for (const someone of [outsider!, admin, null]) {
      expect(await outcome(readMessageAttachment(db(), someone, id, earlier.id))).toBe('not_found');
    }
    // A file asked for through another conversation, even one the asker is in, is not found either.
    const theirs = await start(outsider!, [lea!], 'Salut');
    expect(await outcome(readMessageAttachment(db(), outsider!, theirs, earlier.id))).toBe('not_found');
    expect(await outcome(readMessageAttachment(db(), bob!, id, 'no-such-file'))).toBe('not_found');
  });

  it('names the files in the forwarded email, with the link to the conversation and no link to the files', async () => {
    const { people: [lea, bob] } = await colleagues('Léa Gagnon', 'Bob Tremblay');
    await savePreferences(db(), bob!, { private_message: 'email' });
    const { id } = await startConversation(db(), lea!, { to: [await handleOf(bob!)], body: '' }, [
      { bytes: pdf, fileName: 'compte-rendu.pdf' },
      { bytes: await picture(), fileName: 'atelier.png' }
    ]);
    const [email] = await forwarded(id);
    expect(email!.text_body).toContain('compte-rendu.pdf, atelier.webp');
    expect(email!.text_body).toContain(`${instance.config.origin}/messages/${id}`);
    expect(email!.text_body).not.toContain('/files/');
    expect(email!.html_body).toContain('compte-rendu.pdf');
    expect(email!.html_body).not.toContain('/files/');
  });
});

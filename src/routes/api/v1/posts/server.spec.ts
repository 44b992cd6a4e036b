import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { commentItemSchema, feedItemSchema, postSchema } from '$lib/server/api/posts';
import { pageOf } from '$lib/server/api/pagination';
import { translate } from '$lib/i18n';
import * as post from './[id]/+server';
import * as attachments from './[id]/attachments/+server';
import * as comments from './[id]/comments/+server';
import * as comment from './[id]/comments/[commentId]/+server';
import * as reactions from './[id]/reactions/+server';
import * as answer from './[id]/answer/+server';
import * as follow from './[id]/follow/+server';
import * as lock from './[id]/lock/+server';
import * as pin from './[id]/pin/+server';
import * as revisions from './[id]/revisions/+server';
import * as communityPosts from '../communities/[slug]/posts/+server';
import * as feed from '../feed/+server';
import * as tagPosts from '../tags/[tag]/posts/+server';

const instance = useTestInstance();
const db = () => instance.db;

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

async function publish(as: Actor, slug: string, json: unknown = { title: 'Sujet', body: 'Texte' }) {
  return call(communityPosts.POST, 'POST', `/communities/${slug}/posts`, { as, params: { slug }, json });
}

async function publishedId(as: Actor, slug: string, json?: unknown): Promise<string> {
  const created = await publish(as, slug, json);
  expect(created.status).toBe(201);
  return created.body.id;
}

describe('publishing through the API', () => {
  it('creates a publication from the smallest body, and a question when asked', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const c = await community('public', bob);
    const created = await publish(bob, c.slug, { title: 'Bonjour', body: 'Premier message' });
    expect(created.status).toBe(201);
    expect(postSchema.strict().parse(created.body)).toMatchObject({ kind: 'discussion', title: 'Bonjour', revision: 1, community: { slug: c.slug } });
    expect(created.body.id).toEqual(expect.any(String));

    const question = await publish(bob, c.slug, { title: 'Comment faire ?', body: 'Une question', kind: 'question' });
    expect(question.status).toBe(201);
    expect(question.body).toMatchObject({ kind: 'question', answerId: null, viewer: { canMarkAnswer: true } });
    const read = await call(post.GET, 'GET', `/posts/${question.body.id}`, { params: { id: question.body.id } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: question.body.id, viewer: { signedIn: false } });
  });

  it('asks for a member, lists invalid fields, and refuses a link to a private address', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const c = await community('public', bob);
    const anonymous = await call(communityPosts.POST, 'POST', `/communities/${c.slug}/posts`, { params: { slug: c.slug }, json: { title: 'x', body: 'y' } });
    expect(anonymous.status).toBe(401);

    const empty = await publish(bob, c.slug, { title: 'Vide', body: '' });
    expect(empty.status).toBe(400);
    expect(empty.type).toBe('application/problem+json');
    expect(empty.body.errors.map((e: { path: string }) => e.path)).toEqual(['body']);

    const local = await publish(bob, c.slug, { title: 'Lien', body: 'Voir', kind: 'resource', linkUrl: 'http://127.0.0.1/' });
    expect(local.status).toBe(400);
    expect(local.body.errors).toEqual([{ path: 'linkUrl', message: translate('en', 'previews.errors.private_address') }]);

    const feedOf = await call(communityPosts.GET, 'GET', `/communities/${c.slug}/posts`, { as: bob, params: { slug: c.slug } });
    expect(feedOf.body.items).toEqual([]);
  });

  it('edits with the revision being edited, and answers 409 on a stale one', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const c = await community('public', bob);
    const id = await publishedId(bob, c.slug);
    const edited = await call(post.PATCH, 'PATCH', `/posts/${id}`, { as: bob, params: { id }, json: { body: 'Texte corrigé', revision: 1 } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: 'Texte corrigé', title: 'Sujet', revision: 2 });
    const stale = await call(post.PATCH, 'PATCH', `/posts/${id}`, { as: bob, params: { id }, json: { body: 'Sur une vieille copie', revision: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.type).toBe('application/problem+json');
    expect(stale.body).toMatchObject({ status: 409 });
    const history = await call(revisions.GET, 'GET', `/posts/${id}/revisions`, { as: bob, params: { id } });
    expect(history.body.revisions.map((r: { body: string }) => r.body)).toEqual(['Texte corrigé', 'Texte']);
  });

  it('hides a private community’s publication from outsiders, and lets only its author or animators delete it', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const outsider = await person(db(), 'Zoé Dehors');
    const c = await community('private', bob, carol);
    const id = await publishedId(bob, c.slug);
    for (const as of [outsider, null]) {
      const hidden = await call(post.GET, 'GET', `/posts/${id}`, { as, params: { id } });
      expect(hidden.status).toBe(404);
      expect(hidden.type).toBe('application/problem+json');
      expect(hidden.body).toMatchObject({ status: 404, title: 'Not found' });
    }
    const notHers = await call(post.DELETE, 'DELETE', `/posts/${id}`, { as: carol, params: { id } });
    expect(notHers.status).toBe(403);
    expect(notHers.type).toBe('application/problem+json');
    const deleted = await call(post.DELETE, 'DELETE', `/posts/${id}`, { as: bob, params: { id } });
    expect(deleted.status).toBe(204);
    expect((await call(post.GET, 'GET', `/posts/${id}`, { as: carol, params: { id } })).body).toMatchObject({ deleted: true, body: null });
  });
});

describe('attachments through the API', () => {
  it('stores a PNG as WebP, and refuses HTML named like a picture', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const c = await community('public', bob);
    const id = await publishedId(bob, c.slug);
    const png = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#0af' } }).png().toBuffer();
    const added = await call(attachments.POST, 'POST', `/posts/${id}/attachments`, { as: bob, params: { id }, query: { name: 'atelier.png' }, raw: new Uint8Array(png) });
    expect(added.status).toBe(201);
    expect(added.body.attachments).toEqual([expect.objectContaining({ kind: 'image', mime: 'image/webp', width: 64, height: 32 })]);
    expect(added.body).toMatchObject({ title: 'Sujet', body: 'Texte' });

    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const refused = await call(attachments.POST, 'POST', `/posts/${id}/attachments`, { as: bob, params: { id }, query: { name: 'x.png' }, raw: html });
    expect(refused.status).toBe(400);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body.errors).toEqual([{ path: 'attachments', message: translate('en', 'attachments.errors.unsupported') }]);
    expect((await call(post.GET, 'GET', `/posts/${id}`, { as: bob, params: { id } })).body.attachments).toHaveLength(1);

    const unnamed = await call(attachments.POST, 'POST', `/posts/${id}/attachments`, { as: bob, params: { id }, raw: new Uint8Array(png) });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors.map((e: { path: string }) => e.path)).toEqual(['name']);
  });
});

describe('discussing through the API', () => {
  it('comments, toggles reactions, marks the answer and follows', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const id = await publishedId(bob, c.slug, { title: 'Comment faire ?', body: 'Une question', kind: 'question' });

    const added = await call(comments.POST, 'POST', `/posts/${id}/comments`, { as: carol, params: { id }, json: { body: 'Comme ceci' } });
    expect(added.status).toBe(201);
    const commentId: string = added.body.id;
    expect(commentId).toEqual(expect.any(String));
    const edited = await call(comment.PATCH, 'PATCH', `/posts/${id}/comments/${commentId}`, { as: carol, params: { id, commentId }, json: { body: 'Comme cela', revision: 1 } });
    expect(edited.body).toEqual({ id: commentId, revision: 2 });
    const page = await call(comments.GET, 'GET', `/posts/${id}/comments`, { params: { id } });
    expect(pageOf(commentItemSchema.strict()).parse(page.body).items.map((i) => i.body)).toEqual(['Comme cela']);

    const react = (emoji: string, target?: string) => call(reactions.PUT, 'PUT', `/posts/${id}/reactions`, { as: carol, params: { id }, json: { emoji, target } });
    expect((await react('👍')).body).toEqual({ reacted: true });
    expect((await react('💡', commentId)).body).toEqual({ reacted: true });
    expect((await react('👍')).body).toEqual({ reacted: false });
    expect((await react('🔥')).status).toBe(400);

    expect((await call(answer.PUT, 'PUT', `/posts/${id}/answer`, { as: carol, params: { id }, json: { commentId } })).status).toBe(403);
    expect((await call(answer.PUT, 'PUT', `/posts/${id}/answer`, { as: bob, params: { id }, json: { commentId } })).status).toBe(204);

    const unfollowed = await call(follow.PUT, 'PUT', `/posts/${id}/follow`, { as: carol, params: { id }, json: { following: false } });
    expect(unfollowed.body).toEqual({ following: false });

    const seen = await call(post.GET, 'GET', `/posts/${id}`, { as: carol, params: { id } });
    expect(seen.body).toMatchObject({ answerId: commentId, reactions: [], viewer: { following: false } });
    expect(seen.body.comments[0]).toMatchObject({ id: commentId, isAnswer: true, reactions: [{ emoji: '💡', count: 1, mine: true }] });
    const unanswered = await call(communityPosts.GET, 'GET', `/communities/${c.slug}/posts`, { as: carol, params: { slug: c.slug }, query: { unanswered: 'true' } });
    expect(unanswered.body.items).toEqual([]);
  });

  it('refuses comments on a locked publication, saying why', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const c = await community('public', bob);
    const id = await publishedId(bob, c.slug);
    expect((await call(lock.POST, 'POST', `/posts/${id}/lock`, { as: bob, params: { id }, json: { locked: true } })).status).toBe(403);
    expect((await call(lock.POST, 'POST', `/posts/${id}/lock`, { as: c.animator, params: { id }, json: { locked: true } })).status).toBe(204);
    const refused = await call(comments.POST, 'POST', `/posts/${id}/comments`, { as: bob, params: { id }, json: { body: 'Encore un mot' } });
    expect(refused.status).toBe(403);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ status: 403, title: 'Forbidden', detail: translate('en', 'posts.errors.locked') });
  });
});

describe('feeds through the API', () => {
  it('gives the caller’s communities with scope=mine, public ones too with scope=all, a page at a time', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const mine = await community('private', bob);
    const elsewhere = await community('public');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await publishedId(bob, mine.slug, { title: `P${i}`, body: 'x' }));
    const other = await publishedId(elsewhere.animator, elsewhere.slug, { title: 'Ailleurs', body: 'y #atelier' });

    const first = await call(feed.GET, 'GET', '/feed', { as: bob, query: { scope: 'mine', order: 'newest', limit: '2' } });
    expect(first.status).toBe(200);
    expect(pageOf(feedItemSchema.strict()).parse(first.body).items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(feed.GET, 'GET', '/feed', { as: bob, query: { scope: 'mine', order: 'newest', limit: '2', cursor: first.body.nextCursor } });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });

    const all = await call(feed.GET, 'GET', '/feed', { as: bob, query: { scope: 'all', limit: '100' } });
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([...ids, other]));
    const anonymous = await call(feed.GET, 'GET', '/feed', { query: { scope: 'mine', limit: '100' } });
    expect(anonymous.body.items.map((i: { id: string }) => i.id)).toContain(other);
    expect(anonymous.body.items.map((i: { id: string }) => i.id)).not.toContain(ids[0]);

    const wrong = await call(feed.GET, 'GET', '/feed', { query: { scope: 'everything' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toEqual(['scope']);
    const tagged = await call(tagPosts.GET, 'GET', '/tags/Atelier/posts', { params: { tag: 'Atelier' } });
    expect(tagged.body).toMatchObject({ tag: 'atelier', items: [expect.objectContaining({ id: other })] });
  });

  it('puts pinned publications apart in a community’s feed', async () => {
    const c = await community('public');
    const pinned = await publishedId(c.animator, c.slug, { title: 'Règles', body: 'x' });
    const plain = await publishedId(c.animator, c.slug, { title: 'Sujet', body: 'y' });
    expect((await call(pin.POST, 'POST', `/posts/${pinned}/pin`, { as: c.animator, params: { id: pinned }, json: { pinned: true } })).status).toBe(204);
    const listed = await call(communityPosts.GET, 'GET', `/communities/${c.slug}/posts`, { params: { slug: c.slug } });
    expect(listed.body.pinned.map((i: { id: string }) => i.id)).toEqual([pinned]);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([plain]);
  });
});

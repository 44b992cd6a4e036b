import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { createCommunity, joinCommunity } from '../communities';
import { ensureProfile } from '../profiles';
import { storage } from '../storage';
import {
  addComment,
  communityFeed,
  createPost,
  deleteComment,
  deletePost,
  homeFeed,
  markAnswer,
  movePost,
  readAttachment,
  readPost,
  revisionHistory,
  setFollowing,
  setLocked,
  setPinned,
  tagFeed,
  toggleReaction,
  unreadCounts,
  markVisited,
  updateComment,
  updatePost
} from '.';

const instance = useTestInstance();
const db = () => instance.db;
const page = { limit: 20 } as const;

async function handleOf(actor: Actor): Promise<string> {
  await ensureProfile(db(), actor.id, actor.name);
  const row = await db().selectFrom('profiles').select('handle').where('user_id', '=', actor.id).executeTakeFirstOrThrow();
  return row.handle;
}

async function community(visibility: 'public' | 'private' | 'hidden', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility: visibility === 'hidden' ? 'public' : visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  if (visibility === 'hidden') await db().updateTable('communities').set({ visibility: 'hidden' }).where('id', '=', created.id).execute();
  return { slug: created.slug, id: created.id, animator };
}

describe('writing a publication', () => {
  it('renders Markdown without raw HTML, links mentions of members only, and stores its tags', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const stranger = await person(db(), 'Zoé Inconnue');
    const c = await community('private', bob);
    const bobHandle = await handleOf(bob);
    const strangerHandle = await handleOf(stranger);
    const { id } = await createPost(db(), c.animator, c.slug, {
      title: 'Bienvenue',
      body: `Merci @${bobHandle} et @${strangerHandle} ! <script>alert(1)</script> [x](javascript:alert(1)) #Pratique-réflexive`,
      kind: 'discussion'
    });
    const view = await readPost(db(), bob, id);
    expect(view.bodyHtml).toContain(`<a href="/u/${bobHandle}" class="mention">`);
    expect(view.bodyHtml).not.toContain(`/u/${strangerHandle}`);
    expect(view.bodyHtml).not.toContain('<script>');
    expect(view.bodyHtml).not.toContain('href="javascript');
    expect(view.tags).toEqual(['pratique-réflexive']);
    const mentions = await db().selectFrom('mentions').select('user_id').where('post_id', '=', id).execute();
    expect(mentions.map((m) => m.user_id)).toEqual([bob.id]);
    const journal = await db().selectFrom('journal').select('kind').where('post_id', '=', id).execute();
    expect(journal.map((j) => j.kind).sort()).toEqual(['mention', 'post.created']);
  });

  it('refuses an empty body, outsiders, and calls to all from members who do not animate', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const outsider = await person(db(), 'Zoé Dehors');
    const c = await community('public', bob);
    await expect(createPost(db(), bob, c.slug, { title: 'Vide', body: '   ' })).rejects.toMatchObject({ issues: [expect.objectContaining({ message: 'posts.errors.body_required' })] });
    expect(await outcome(createPost(db(), outsider, c.slug, { title: 'Hors', body: 'Bonjour' }))).toBe('forbidden');
    expect(await outcome(createPost(db(), bob, c.slug, { title: 'Appel', body: 'À tous', kind: 'call' }))).toBe('forbidden:posts.errors.call_animators_only');
    expect(await outcome(createPost(db(), c.animator, c.slug, { title: 'Appel', body: 'À tous', kind: 'call' }))).toBe('ok');
    const calls = await db().selectFrom('journal').select('kind').where('kind', '=', 'post.call_to_all').where('community_id', '=', c.id).execute();
    expect(calls).toHaveLength(1);
    const count = await db().selectFrom('posts').select('id').where('community_id', '=', c.id).execute();
    expect(count).toHaveLength(1);
  });

  it('refuses a link to a private address and keeps nothing', async () => {
    const c = await community('public');
    for (const linkUrl of ['http://127.0.0.1/admin', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'http://localhost:3000/']) {
      expect(await outcome(createPost(db(), c.animator, c.slug, { title: 'Lien', body: 'Voir', kind: 'resource', linkUrl }))).toBe('invalid:previews.errors.private_address');
    }
    expect(await db().selectFrom('posts').select('id').where('community_id', '=', c.id).execute()).toHaveLength(0);
  });

  it('stores an attached image re-encoded, serves it to readers only, and refuses a forbidden type without writing anything', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const outsider = await person(db(), 'Zoé Dehors');
    const c = await community('private', bob);
    const png = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#f0a' } }).png().toBuffer();
    const { id } = await createPost(db(), bob, c.slug, { title: 'Photo', body: 'Notre atelier' }, [{ bytes: png, fileName: 'atelier.png' }]);
    const view = await readPost(db(), bob, id);
    expect(view.attachments).toHaveLength(1);
    const attachment = view.attachments[0]!;
    expect(attachment).toMatchObject({ kind: 'image', mime: 'image/webp', fileName: 'atelier.webp', width: 1600, height: 800 });
    const { bytes } = await readAttachment(db(), bob, id, attachment.id);
    expect((await sharp(bytes).metadata()).format).toBe('webp');
    expect(await outcome(readAttachment(db(), outsider, id, attachment.id))).toBe('not_found');
    expect(await outcome(readAttachment(db(), null, id, attachment.id))).toBe('not_found');

    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const before = await db().selectFrom('attachments').select('id').execute();
    expect(await outcome(createPost(db(), bob, c.slug, { title: 'Piège', body: 'x' }, [{ bytes: html, fileName: 'photo.png' }]))).toBe('invalid:attachments.errors.unsupported');
    expect(await db().selectFrom('attachments').select('id').execute()).toHaveLength(before.length);
    expect(await db().selectFrom('posts').select('id').where('title', '=', 'Piège').execute()).toHaveLength(0);
  });

  it('shares into several communities the author belongs to, shown once in the home feed', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const a = await community('private', bob);
    const b = await community('private', bob);
    const notMine = await community('private');
    const { id } = await createPost(db(), bob, a.slug, { title: 'Partagée', body: 'Dans deux', alsoIn: [b.slug] });
    expect(await outcome(createPost(db(), bob, a.slug, { title: 'Non', body: 'x', alsoIn: [notMine.slug] }))).toBe('forbidden');
    const feed = await homeFeed(db(), bob, { scope: 'mine', order: 'activity' }, page);
    expect(feed.items.filter((item) => item.id === id)).toHaveLength(1);
    expect((await communityFeed(db(), bob, b.slug, { order: 'activity', unanswered: false }, page)).items.map((i) => i.id)).toContain(id);
  });
});

describe('editing, history and moderation', () => {
  it('keeps every earlier version, for the author and animators only, and detects a concurrent edit', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const { id } = await createPost(db(), bob, c.slug, { title: 'Version 1', body: 'Premier jet' });
    expect(await outcome(updatePost(db(), carol, id, { body: 'Vandalisme' }))).toBe('forbidden');
    await updatePost(db(), bob, id, { body: 'Deuxième jet', revision: 1 });
    expect(await outcome(updatePost(db(), bob, id, { body: 'Troisième, sur une vieille copie', revision: 1 }))).toBe('conflict:posts.errors.edited_meanwhile');
    const view = await readPost(db(), carol, id);
    expect(view.editedAt).not.toBeNull();
    expect(view.body).toBe('Deuxième jet');
    const history = await revisionHistory(db(), c.animator, id);
    expect(history.revisions.map((r) => r.body)).toEqual(['Deuxième jet', 'Premier jet']);
    expect(await outcome(revisionHistory(db(), carol, id))).toBe('forbidden');
  });

  it('deletes softly, pins, locks and moves for animators only; a locked thread refuses comments with a reason', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const { id } = await createPost(db(), bob, c.slug, { title: 'Sujet', body: 'Texte' });
    expect(await outcome(setPinned(db(), bob, id, true))).toBe('forbidden');
    await setPinned(db(), c.animator, id, true);
    const feed = await communityFeed(db(), carol, c.slug, { order: 'activity', unanswered: false }, page);
    expect(feed.pinned.map((p) => p.id)).toEqual([id]);
    await setLocked(db(), c.animator, id, true);
    expect(await outcome(addComment(db(), carol, id, { body: 'Encore un mot' }))).toBe('forbidden:posts.errors.locked');
    await setLocked(db(), c.animator, id, false);
    expect(await outcome(deletePost(db(), carol, id))).toBe('forbidden');
    const other = await community('public');
    await joinCommunity(db(), c.animator, other.slug);
    await movePost(db(), c.animator, id, other.slug);
    expect((await readPost(db(), carol, id)).community.slug).toBe(other.slug);
    await deletePost(db(), bob, id).catch(async () => deletePost(db(), other.animator, id));
    const gone = await readPost(db(), carol, id);
    expect(gone).toMatchObject({ deleted: true, body: null, title: '' });
    expect((await homeFeed(db(), carol, { scope: 'all', order: 'activity' }, page)).items.map((i) => i.id)).not.toContain(id);
  });
});

describe('comments, reactions and answers', () => {
  it('nests replies one level, keeps a tombstone for a deleted comment, and brings the publication up the feed', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const first = await createPost(db(), bob, c.slug, { title: 'Ancienne', body: 'x' });
    await new Promise((r) => setTimeout(r, 5));
    const second = await createPost(db(), bob, c.slug, { title: 'Récente', body: 'y' });
    await new Promise((r) => setTimeout(r, 5));
    const top = await addComment(db(), carol, first.id, { body: 'Une réponse' });
    const reply = await addComment(db(), bob, first.id, { body: 'Merci', parentId: top.id });
    const deep = await addComment(db(), carol, first.id, { body: 'Encore', parentId: reply.id });
    const byActivity = await communityFeed(db(), carol, c.slug, { order: 'activity', unanswered: false }, page);
    expect(byActivity.items.map((i) => i.id)).toEqual([first.id, second.id]);
    const byNewest = await homeFeed(db(), carol, { scope: 'mine', order: 'newest' }, page);
    expect(byNewest.items.map((i) => i.id).filter((i) => i === first.id || i === second.id)).toEqual([second.id, first.id]);
    await updateComment(db(), carol, first.id, top.id, { body: 'Une réponse corrigée' });
    await deleteComment(db(), carol, first.id, deep.id);
    expect(await outcome(deleteComment(db(), bob, first.id, top.id))).toBe('forbidden');
    const view = await readPost(db(), bob, first.id);
    expect(view.comments.map((cm) => [cm.parentId, cm.deleted])).toEqual([[null, false], [top.id, false], [top.id, true]]);
    expect(view.comments[2]!.body).toBeNull();
    expect(view.commentCount).toBe(2);
    expect((await revisionHistory(db(), carol, first.id, top.id)).revisions.map((r) => r.body)).toEqual(['Une réponse corrigée', 'Une réponse']);
  });

  it('counts reactions per kind and takes one back when chosen again', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const { id } = await createPost(db(), bob, c.slug, { title: 'Sujet', body: 'x' });
    await toggleReaction(db(), bob, id, id, '👍');
    await toggleReaction(db(), carol, id, id, '👍');
    await toggleReaction(db(), carol, id, id, '💡');
    expect((await readPost(db(), carol, id)).reactions).toEqual([
      { emoji: '👍', count: 2, mine: true },
      { emoji: '💡', count: 1, mine: true }
    ]);
    await toggleReaction(db(), carol, id, id, '👍');
    expect((await readPost(db(), carol, id)).reactions[0]).toEqual({ emoji: '👍', count: 1, mine: false });
    expect(await outcome(toggleReaction(db(), carol, id, id, '🔥'))).toBe('invalid:posts.errors.unknown_reaction');
  });

  it('lets the asker or an animator mark the answer, and lists questions still without one', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const q = await createPost(db(), bob, c.slug, { title: 'Comment faire ?', body: 'Une question', kind: 'question' });
    const a = await addComment(db(), carol, q.id, { body: 'Comme ceci' });
    const unanswered = () => communityFeed(db(), carol, c.slug, { order: 'activity', unanswered: true }, page).then((f) => f.items.map((i) => i.id));
    expect(await unanswered()).toEqual([q.id]);
    expect(await outcome(markAnswer(db(), carol, q.id, a.id))).toBe('forbidden');
    await markAnswer(db(), bob, q.id, a.id);
    expect(await unanswered()).toEqual([]);
    expect((await readPost(db(), carol, q.id)).comments[0]!.isAnswer).toBe(true);
  });
});

describe('reading', () => {
  it('counts one view per member, marks new comments, and counts unread publications per community', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const { id } = await createPost(db(), bob, c.slug, { title: 'Sujet', body: 'x' });
    expect((await unreadCounts(db(), carol, [c.id])).get(c.id)).toBe(1);
    await markVisited(db(), carol, c.id);
    expect((await unreadCounts(db(), carol, [c.id])).get(c.id)).toBe(0);
    let item = (await communityFeed(db(), carol, c.slug, { order: 'activity', unanswered: false }, page)).items[0]!;
    expect(item.unread).toEqual({ new: true, comments: 0 });
    expect((await readPost(db(), carol, id)).viewCount).toBe(1);
    expect((await readPost(db(), carol, id)).viewCount).toBe(1);
    await addComment(db(), bob, id, { body: 'Du nouveau' });
    item = (await communityFeed(db(), carol, c.slug, { order: 'activity', unanswered: false }, page)).items[0]!;
    expect(item.unread).toEqual({ new: false, comments: 1 });
    expect(item.viewCount).toBe(1);
    const view = await readPost(db(), carol, id);
    expect(view.comments[0]!.isNew).toBe(true);
    expect((await readPost(db(), carol, id)).comments[0]!.isNew).toBe(false);
  });

  it('writes nothing when a member reopens a publication with nothing new, and refreshes the mark hourly', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const carol = await person(db(), 'Carole Roy');
    const c = await community('public', bob, carol);
    const { id } = await createPost(db(), bob, c.slug, { title: 'Sujet', body: 'x' });
    await readPost(db(), carol, id);
    const mark = () => db().selectFrom('post_reads').select(['read_at', 'comments_seen']).where('user_id', '=', carol.id).where('post_id', '=', id).executeTakeFirstOrThrow();
    const setReadAt = (at: number) => db().updateTable('post_reads').set({ read_at: at }).where('user_id', '=', carol.id).where('post_id', '=', id).execute();
    const tenMinutesAgo = Date.now() - 10 * 60 * 1000;
    await setReadAt(tenMinutesAgo);
    await readPost(db(), carol, id);
    expect((await mark()).read_at).toBe(tenMinutesAgo);
    // A new comment is written down at once; an old mark is refreshed.
    await addComment(db(), bob, id, { body: 'Du nouveau' });
    await readPost(db(), carol, id);
    expect((await mark()).comments_seen).toBe(1);
    const twoHoursAgo = Date.now() - 2 * 60 * 60 * 1000;
    await setReadAt(twoHoursAgo);
    await readPost(db(), carol, id);
    expect((await mark()).read_at).toBeGreaterThan(twoHoursAgo);
    expect((await readPost(db(), carol, id)).viewCount).toBe(1);
  });

  it('keeps private publications out of feeds and tag pages for outsiders, and lets a member unfollow', async () => {
    const bob = await person(db(), 'Bob Tremblay');
    const outsider = await person(db(), 'Zoé Dehors');
    const priv = await community('private', bob);
    const pub = await community('public', bob);
    const secret = await createPost(db(), bob, priv.slug, { title: 'Secret', body: 'Entre nous #confidentiel' });
    const open = await createPost(db(), bob, pub.slug, { title: 'Ouvert', body: 'Pour tous #confidentiel' });
    for (const viewer of [outsider, null]) {
      const all = await homeFeed(db(), viewer, { scope: 'all', order: 'activity' }, { limit: 100 });
      expect(all.items.map((i) => i.id)).toContain(open.id);
      expect(all.items.map((i) => i.id)).not.toContain(secret.id);
      expect((await tagFeed(db(), viewer, 'confidentiel', page)).items.map((i) => i.id)).toEqual([open.id]);
      expect(await outcome(readPost(db(), viewer, secret.id))).toBe('not_found');
    }
    const mine = await homeFeed(db(), bob, { scope: 'mine', order: 'activity' }, { limit: 100 });
    expect(mine.items.map((i) => i.id)).toEqual(expect.arrayContaining([secret.id, open.id]));
    expect((await readPost(db(), bob, open.id)).viewer.following).toBe(true);
    await setFollowing(db(), bob, open.id, false);
    await addComment(db(), bob, open.id, { body: 'Je commente encore' });
    expect((await readPost(db(), bob, open.id)).viewer.following).toBe(false);
  });

  it("pages a member's own feed across their communities once each, in order, never showing others'", async () => {
    const reader = await person(db(), 'Rémi Lecteur');
    const priv = await community('private', reader);
    const pub = await community('public', reader);
    const elsewhere = await community('private');
    const publicNotMine = await community('public');
    const [a, b] = [priv.animator, pub.animator];
    await joinCommunity(db(), a, pub.slug);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const author = i % 2 ? a : b;
      const home = i % 2 ? priv.slug : pub.slug;
      // One publication shared into both of the reader's communities; it must come once.
      ids.push((await createPost(db(), author, home, { title: `Mien ${i}`, body: 'x', alsoIn: i === 3 ? [pub.slug] : [] })).id);
      await createPost(db(), elsewhere.animator, elsewhere.slug, { title: `Ailleurs ${i}`, body: 'x' });
      await createPost(db(), publicNotMine.animator, publicNotMine.slug, { title: `Public ${i}`, body: 'x' });
    }
    await deletePost(db(), b, ids[4]!);
    await addComment(db(), a, ids[1]!, { body: 'Remonte' });
    const walk = async (order: 'activity' | 'newest') => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const result = await homeFeed(db(), reader, { scope: 'mine', order }, { limit: 2, cursor });
        seen.push(...result.items.map((i) => i.id));
        cursor = result.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const newest = [ids[6], ids[5], ids[3], ids[2], ids[1], ids[0]];
    expect(await walk('newest')).toEqual(newest);
    expect(await walk('activity')).toEqual([ids[1], ids[6], ids[5], ids[3], ids[2], ids[0]]);
    // The same cursors continue the "all" feed's pages, which also holds public communities.
    const all = await homeFeed(db(), reader, { scope: 'all', order: 'newest' }, { limit: 100 });
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining(newest as string[]));
  });

  it('pages the home feed by cursor without repeating or skipping', async () => {
    const c = await community('public');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createPost(db(), c.animator, c.slug, { title: `P${i}`, body: 'x' })).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const result = await communityFeed(db(), c.animator, c.slug, { order: 'newest', unanswered: false }, { limit: 2, cursor });
      seen.push(...result.items.map((i) => i.id));
      cursor = result.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect(storage()).toBeDefined();
  });
});

// Notifications as a member lives them: mentioned by someone else, they see the bell's count rise on
// the page they have open, without reloading; the centre groups and opens what concerns them.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { addComment, createPost } from '../../src/lib/server/posts';
import { newId } from '../../src/lib/server/ids';
import { createMember, expectAccessible, signIn, text, useInstance } from './harness';

const instance = useInstance();


const someone = (name: string, locale: Locale) => createMember(instance.db, name, locale);

const bell = (page: Page) => page.getByTestId('notifications-count');

describe.each(['fr', 'en'] as const)('notifications (%s)', (locale) => {
  it('shows a mention live in the header, then in the centre, and opens it', async () => {
    const reader = await someone('Nadia Bouchard', locale);
    const writer = await someone('Omar Haddad', locale);
    const created = await createCommunity(instance.db, writer.actor, { name: `Santé ${newId().slice(-6)}`, visibility: 'private', joinPolicy: 'open' });
    await joinCommunity(instance.db, reader.actor, created.slug);

    const page = await instance.newPage(locale);
    await signIn(page, locale, reader.email, reader.password);
    await page.goto('/');
    expect(await bell(page).count()).toBe(0);

    // Someone else mentions her: the count appears on the page she has open.
    const title = `Qui connaît un bon interprète ? ${newId().slice(-4)}`;
    const { id: postId } = await createPost(instance.db, writer.actor, created.slug, { title, body: `@${reader.handle}, tu as une idée ?`, kind: 'question' });
    await expect.poll(() => bell(page).textContent(), { timeout: 10_000 }).toBe('1');
    await addComment(instance.db, writer.actor, postId, { body: `@${reader.handle} je relance.` });
    await expect.poll(() => bell(page).textContent(), { timeout: 10_000 }).toBe('2');

    await page.getByRole('link', { name: text(locale, 'notifications.unread_count', { count: 2 }) }).click();
    await page.waitForURL((url) => url.pathname === '/notifications');
    await expectAccessible(page);
    const sentence = text(locale, 'notifications.kinds.mention', { actors: 'Omar Haddad', count: 2, title });
    await page.getByRole('link', { name: new RegExp(sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
    await page.waitForURL((url) => url.pathname === `/p/${postId}`);
    await expect.poll(() => bell(page).count()).toBe(0);
    await page.goto('/notifications');
    await page.getByText(sentence).waitFor();
    expect(await page.getByRole('button', { name: new RegExp(text(locale, 'notifications.mark_read')) }).count()).toBe(0);
  });

  it('shows « 99+ » past a hundred unread, and says how many to a screen reader', async () => {
    const reader = await someone('Léa Gagnon', locale);
    const writer = await someone('Omar Haddad', locale);
    const created = await createCommunity(instance.db, writer.actor, { name: `Santé ${newId().slice(-6)}`, visibility: 'public', joinPolicy: 'open' });
    await joinCommunity(instance.db, reader.actor, created.slug);
    const { id: postId } = await createPost(instance.db, writer.actor, created.slug, { title: 'Un fil très suivi', body: 'Beaucoup de réponses.' });
    // A busy fortnight away: 120 unread notifications, each of its own group.
    const at = Date.now();
    const rows = Array.from({ length: 120 }, (_, i) => ({ id: newId(), user_id: reader.id, kind: 'comment', group_key: `busy-${i}`, actor_id: writer.id, community_id: created.id, post_id: postId, comment_id: null, event_id: null, resource_id: null, conversation_id: null, source_id: newId(), payload: '{}', created_at: at - i * 1000, read_at: null }));
    await instance.db.insertInto('notifications').values(rows).execute();

    const page = await instance.newPage(locale);
    await signIn(page, locale, reader.email, reader.password);
    await page.goto(`/c/${created.slug}`);
    expect(await bell(page).textContent()).toBe('99+');
    await page.getByRole('link', { name: text(locale, 'notifications.unread_many', { count: 99 }) }).waitFor();
  });
});

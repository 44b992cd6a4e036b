// Live updates across web processes, as PostgreSQL deployments run them: two members, each on a
// different process of the same instance, see what the other does to them appear in their header
// without reloading; a member removed from a community stops hearing of it at once.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { createCommunity, endMembership, joinCommunity } from '../../src/lib/server/communities';
import { newId } from '../../src/lib/server/ids';
import { createMember, type Member, expectAccessible, signIn, text, useInstance, type Instance } from './harness';

type Person = Member;

const bell = (page: Page) => page.getByTestId('notifications-count');
const envelope = (page: Page) => page.locator('a.messages-link .count');

/** Marks the page, so a later check can tell it was never reloaded nor left. */
async function pin(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { rucheStillHere: true }));
}
async function stillHere(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { rucheStillHere?: boolean }).rucheStillHere === true);
}

/** The count a locator shows, '0' when it is not shown. */
async function countOf(locator: ReturnType<typeof bell>): Promise<string> {
  return (await locator.count()) === 0 ? '0' : ((await locator.textContent()) ?? '').trim();
}

// Two web processes on one SQLite file are not what the embedded mode runs (it is one process, its
// live updates in-process): this journey is PostgreSQL's, where they cross processes through NOTIFY.
describe.skipIf(process.env.TEST_DIALECT !== 'postgres')('live updates across two web processes (PostgreSQL only)', () => {
  const instance: Instance = useInstance({ processes: 2 });

  const someone = (name: string, locale: Locale) => createMember(instance.db, name, locale);

  /** Publishes through the community's form, on whatever process the page is connected to. */
  async function publish(page: Page, locale: Locale, slug: string, title: string, body: string): Promise<void> {
    await page.goto(`/c/${slug}/posts/new`);
    await page.getByLabel(text(locale, 'posts.title_label'), { exact: true }).fill(title);
    await page.getByLabel(text(locale, 'posts.body_label'), { exact: true }).fill(body);
    await page.getByRole('button', { name: text(locale, 'posts.publish') }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/p/'));
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  /** Writes to a member from their profile, on whatever process the page is connected to. */
  async function message(page: Page, locale: Locale, to: Person, body: string): Promise<void> {
    await page.goto(`/u/${to.handle}`);
    await page.getByRole('link', { name: text(locale, 'messages.send_message') }).click();
    await page.waitForURL((url) => url.pathname === '/messages/new');
    await page.locator('textarea[name="body"]').fill(body);
    await page.locator('form[method="POST"] button[type="submit"]').last().click();
    await page.waitForURL((url) => /^\/messages\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByText(body).waitFor();
  }

  describe.each(['fr', 'en'] as const)('%s', (locale) => {
    it('delivers a mention and a message from one process to a page open on the other, and stops at removal', async () => {
      const [first, second] = instance.origins as [string, string];
      expect(first).not.toBe(second);
      const nadia = await someone('Nadia Bouchard', locale);
      const omar = await someone('Omar Haddad', locale);
      const open = await createCommunity(instance.db, omar.actor, { name: `Estrie ${newId().slice(-6)}`, visibility: 'public', joinPolicy: 'open' });
      const closed = await createCommunity(instance.db, omar.actor, { name: `Comité ${newId().slice(-6)}`, visibility: 'private', joinPolicy: 'open' });
      await joinCommunity(instance.db, nadia.actor, open.slug);
      await joinCommunity(instance.db, nadia.actor, closed.slug);

      // Nadia reads on the first process, Omar writes on the second.
      const her = await instance.newPage(locale, undefined, first);
      await signIn(her, locale, nadia.email, nadia.password);
      await her.goto('/');
      await expectAccessible(her);
      await pin(her);
      expect(await countOf(bell(her))).toBe('0');
      const him = await instance.newPage(locale, undefined, second);
      await signIn(him, locale, omar.email, omar.password);
      expect(new URL(him.url()).origin).toBe(second);

      // Omar mentions her in the private community, through the second process's form.
      const title = `Qui anime l’atelier de jeudi ? ${newId().slice(-4)}`;
      await publish(him, locale, closed.slug, title, `@${nadia.handle}, peux-tu t’en charger ?`);
      await expectAccessible(him);
      await expect.poll(() => countOf(bell(her)), { timeout: 10_000 }).toBe('1');
      await her.getByRole('link', { name: text(locale, 'notifications.unread_count', { count: 1 }) }).waitFor();
      expect(await stillHere(her)).toBe(true);

      // The other way: Omar's page is open on the second process; Nadia writes to him from the first.
      await him.goto('/');
      await pin(him);
      expect(await countOf(envelope(him))).toBe('0');
      const writing = await instance.newPage(locale, undefined, first);
      await signIn(writing, locale, nadia.email, nadia.password);
      await message(writing, locale, omar, 'Oui, je m’en occupe. Tu as la liste des inscrits ?');
      await expectAccessible(writing);
      await expect.poll(() => countOf(envelope(him)), { timeout: 10_000 }).toBe('1');
      await him.getByText(text(locale, 'messages.unread_count', { count: 1 })).waitFor();
      expect(await stillHere(him)).toBe(true);

      // Omar, its animator, removes her from the private community while her page stays open, and
      // mentions her there again. Then something that does concern her: a message, which rings her bell
      // too. The counts it brings are computed as they are delivered: the message alone, neither the
      // new mention nor the one she already had from the community she no longer reads.
      await endMembership(instance.db, omar.actor, closed.slug, nadia.id, 'removed');
      await publish(him, locale, closed.slug, `Suite de l’atelier ${newId().slice(-4)}`, `@${nadia.handle}, voici le compte rendu.`);
      await message(him, locale, nadia, 'Merci pour jeudi !');
      await expect.poll(() => countOf(envelope(her)), { timeout: 10_000 }).toBe('1');
      expect(await countOf(bell(her))).toBe('1');
      const unread = await instance.db.selectFrom('notifications').select('kind').where('user_id', '=', nadia.id).where('read_at', 'is', null).orderBy('created_at').execute();
      expect(unread.map((row) => row.kind)).toEqual(['mention', 'private_message']);
      expect(await stillHere(her)).toBe(true);
    });
  });
});

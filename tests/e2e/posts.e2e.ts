// Publications as members live them: writing a question with a mention, a tag and a picture;
// commenting, reacting and marking the answer; choosing what the home feed shows and in which
// order; editing and reading the history; and all of it again with JavaScript off.
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import type { Actor } from '../../src/lib/server/auth/actor';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { addComment, createPost } from '../../src/lib/server/posts';
import { ensureProfile } from '../../src/lib/server/profiles';
import { newId } from '../../src/lib/server/ids';
import { createAccount, expectAccessible, shownWidth, signIn, text, useInstance } from './harness';

const instance = useInstance();

type Person = Awaited<ReturnType<typeof createAccount>> & { actor: Actor; handle: string };

async function someone(name: string, locale: Locale): Promise<Person> {
  const account = await createAccount(instance.db, { name, locale });
  const actor: Actor = { id: account.id, name, email: account.email, role: 'member', locale, emailVerified: true };
  const handle = await ensureProfile(instance.db, account.id, name).then(() =>
    instance.db.selectFrom('profiles').select('handle').where('user_id', '=', account.id).executeTakeFirstOrThrow()
  );
  return { ...account, actor, handle: handle.handle };
}

/** A public community whose animator is `animator`, with `members` in it. */
async function communityOf(animator: Person, name: string, ...members: Person[]): Promise<string> {
  const created = await createCommunity(instance.db, animator.actor, { name: `${name} ${newId().slice(-6)}`, visibility: 'public', joinPolicy: 'open' });
  for (const member of members) await joinCommunity(instance.db, member.actor, created.slug);
  return created.slug;
}

/** The titles of the home feed, top to bottom. */
async function feedTitles(page: Page): Promise<string[]> {
  return page.locator('.feed-title a').allInnerTexts();
}

async function applyHomeFilters(page: Page, locale: Locale, scope: 'all' | 'mine', order: 'activity' | 'newest') {
  await page.getByRole('radio', { name: text(locale, scope === 'all' ? 'home.scope_all' : 'home.scope_mine') }).check();
  await page.getByRole('radio', { name: text(locale, order === 'activity' ? 'home.order_activity' : 'home.order_newest') }).check();
  await page.getByRole('button', { name: text(locale, 'home.apply') }).click();
  await page.waitForURL((url) => url.searchParams.get('scope') === scope && url.searchParams.get('order') === order);
}

describe.each(['fr', 'en'] as const)('publications (%s)', (locale) => {
  it('writes a question with a mention, a tag and a picture; comments, reacts, marks the answer, edits and reads the history', async () => {
    const animator = await someone('Geneviève Lalonde', locale);
    const asker = await someone('Omar Haddad', locale);
    const elsewhere = await someone('Léa Gagnon', locale);
    const slug = await communityOf(animator, 'Santé en français', asker, elsewhere);
    const otherSlug = await communityOf(elsewhere, 'Éducation');
    const suffix = newId().slice(-6);

    // Before the question: an older discussion here, and a publication in a community Omar is not in.
    const older = `Ressources en santé mentale ${suffix}`;
    const { id: olderId } = await createPost(instance.db, animator.actor, slug, { title: older, body: 'Partagez vos outils.', kind: 'discussion' });
    const outside = `Rentrée scolaire ${suffix}`;
    await createPost(instance.db, elsewhere.actor, otherSlug, { title: outside, body: 'Qui a des idées ?', kind: 'discussion' });

    const page = await instance.newPage(locale);
    await signIn(page, locale, asker.email, asker.password);
    await page.goto(`/c/${slug}/posts`);
    await expectAccessible(page);
    await page.getByRole('link', { name: text(locale, 'posts.new_post') }).click();
    await page.waitForURL((url) => url.pathname === `/c/${slug}/posts/new`);
    await expectAccessible(page);

    const title = `Interprètes à l’urgence ${suffix}`;
    await page.getByRole('radio', { name: new RegExp(text(locale, 'posts.kinds.question')) }).check();
    await page.getByLabel(text(locale, 'posts.title_label'), { exact: true }).fill(title);
    const body = page.getByLabel(text(locale, 'posts.body_label'), { exact: true });
    await body.click();
    // The toolbar formats the selection; the mention is chosen from the suggestions with the keyboard.
    await page.getByRole('button', { name: text(locale, 'posts.editor.bold') }).click();
    await body.press('End');
    await body.pressSequentially(' Bonjour @' + animator.handle.slice(0, 4));
    const suggestion = page.getByRole('option', { name: new RegExp(animator.name) });
    await suggestion.waitFor();
    await body.press('Enter');
    await body.pressSequentially(', comment trouver un interprète la nuit ? #interprétation');
    expect(await body.inputValue()).toContain(`@${animator.handle} , comment`);

    await page.getByRole('button', { name: text(locale, 'posts.editor.preview') }).click();
    const preview = page.getByRole('region', { name: text(locale, 'posts.editor.preview_label') });
    await preview.locator(`a.mention[href="/u/${animator.handle}"]`).waitFor();
    expect(await preview.locator('strong').count()).toBe(1);

    const picture = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#0f766e' } }).jpeg().toBuffer();
    await page.getByLabel(text(locale, 'posts.attachments_label'), { exact: true }).setInputFiles({ name: 'affiche urgence.jpg', mimeType: 'image/jpeg', buffer: picture });
    await page.getByRole('button', { name: text(locale, 'posts.publish') }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/p/'));
    const postPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await expectAccessible(page);
    // The picture was re-encoded and shrunk, and is served from the publication.
    const image = page.getByRole('img', { name: text(locale, 'posts.image_alt', { name: 'affiche urgence.webp' }) });
    await image.waitFor();
    expect(await shownWidth(image)).toBe(1600);
    await page.locator(`.rich a.mention[href="/u/${animator.handle}"]`).waitFor();
    expect(await page.locator('.tags a.tag').allInnerTexts()).toEqual(['#interprétation']);
    await page.getByText(text(locale, 'posts.unanswered')).first().waitFor();

    // The community's page shows it among the latest; filters asked of it go to the feed.
    await page.goto(`/c/${slug}`);
    await page.getByRole('region', { name: text(locale, 'posts.recent_heading') }).getByRole('link', { name: title }).waitFor();
    await page.goto(`/c/${slug}?kind=question`);
    await page.waitForURL((url) => url.pathname === `/c/${slug}/posts` && url.searchParams.get('kind') === 'question');
    expect(await page.locator('.feed-title a').allInnerTexts()).toEqual([title]);

    // The animator answers; Omar thanks with a reaction and marks the answer.
    const helper = await instance.newPage(locale);
    await signIn(helper, locale, animator.email, animator.password);
    await helper.goto(postPath);
    await helper.getByLabel(text(locale, 'posts.comment_label'), { exact: true }).fill('Appelez la ligne provinciale, ouverte la nuit.');
    await helper.getByRole('button', { name: text(locale, 'posts.send_comment') }).click();
    await helper.getByText('Appelez la ligne provinciale, ouverte la nuit.').waitFor();
    await expectAccessible(helper);

    await page.goto(postPath);
    const answer = page.locator('article.comment', { hasText: 'Appelez la ligne provinciale' });
    await answer.getByRole('button', { name: text(locale, 'posts.reactions.button', { name: text(locale, 'posts.reactions.thanks'), count: 0 }) }).click();
    await page.waitForLoadState('load');
    await page
      .locator('article.comment', { hasText: 'Appelez la ligne provinciale' })
      .getByRole('button', { name: text(locale, 'posts.reactions.button', { name: text(locale, 'posts.reactions.thanks'), count: 1 }) })
      .waitFor();
    await page.locator('article.comment', { hasText: 'Appelez la ligne provinciale' }).getByRole('button', { name: text(locale, 'posts.mark_answer') }).click();
    await page.locator('article.comment.answer', { hasText: 'Appelez la ligne provinciale' }).waitFor();
    await page.getByText(text(locale, 'posts.answered')).first().waitFor();
    await expectAccessible(page);

    // The older discussion comes back up when someone comments on it.
    await addComment(instance.db, elsewhere.actor, olderId, { body: 'Je partage notre guide.' });

    await page.goto('/');
    await expectAccessible(page);
    await applyHomeFilters(page, locale, 'all', 'activity');
    let titles = await feedTitles(page);
    expect(titles.indexOf(older)).toBeLessThan(titles.indexOf(title));
    expect(titles).toContain(outside);
    await applyHomeFilters(page, locale, 'all', 'newest');
    titles = await feedTitles(page);
    expect(titles.indexOf(title)).toBeLessThan(titles.indexOf(older));
    await applyHomeFilters(page, locale, 'mine', 'newest');
    titles = await feedTitles(page);
    expect(titles).toContain(title);
    expect(titles).not.toContain(outside);

    // Editing leaves an "edited" mark that leads to the earlier version.
    await page.goto(postPath);
    await page.getByRole('link', { name: text(locale, 'posts.edit'), exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === `${postPath}/edit`);
    await expectAccessible(page);
    const editor = page.getByLabel(text(locale, 'posts.body_label'), { exact: true });
    await editor.fill('Comment trouver un interprète la nuit, en fin de semaine ? #interprétation');
    await page.getByRole('button', { name: text(locale, 'posts.save') }).click();
    await page.waitForURL((url) => url.pathname === postPath);
    await page.getByText('en fin de semaine').waitFor();
    await page.locator(`header a[href="${postPath}/history"]`).click();
    await page.waitForURL((url) => url.pathname === `${postPath}/history`);
    await page.getByText(text(locale, 'posts.version', { number: 1 })).waitFor();
    await page.getByText('comment trouver un interprète la nuit ?', { exact: false }).first().waitFor();
    await expectAccessible(page);
  });

  it('keeps what was typed before the page’s scripts arrived', async () => {
    const animator = await someone('Claire Martin', locale);
    const slug = await communityOf(animator, 'Petite enfance');
    const page = await instance.newPage(locale);
    await signIn(page, locale, animator.email, animator.password);
    // Scripts held back, as on a slow phone: the member starts writing before the page comes alive.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_app/immutable/**/*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/c/${slug}/posts/new`, { waitUntil: 'commit' });
    await page.getByLabel(text(locale, 'posts.title_label'), { exact: true }).fill('Écrit tôt');
    await page.locator('textarea[name="body"]').fill('Tapé avant les scripts.');
    release();
    await page.getByRole('toolbar', { name: text(locale, 'posts.editor.toolbar') }).waitFor();
    expect(await page.getByLabel(text(locale, 'posts.title_label'), { exact: true }).inputValue()).toBe('Écrit tôt');
    expect(await page.locator('textarea[name="body"]').inputValue()).toBe('Tapé avant les scripts.');
  });

  it('reads, publishes and comments with JavaScript off, and explains what it refuses', async () => {
    const animator = await someone('Nadia Bouchard', locale);
    const member = await someone('Jean Roy', locale);
    const slug = await communityOf(animator, 'Travail social', member);
    const context = await instance.browser.newContext({
      baseURL: instance.origin,
      javaScriptEnabled: false,
      locale: locale === 'fr' ? 'fr-CA' : 'en-CA',
      extraHTTPHeaders: { 'Accept-Language': locale === 'fr' ? 'fr-CA,fr;q=0.9' : 'en-CA,en;q=0.9' }
    });
    try {
      const page = await context.newPage();
      await signIn(page, locale, member.email, member.password);
      await page.goto(`/c/${slug}/posts/new`);

      // An empty body is refused with a message, and nothing is published.
      await page.getByLabel(text(locale, 'posts.title_label'), { exact: true }).fill('Sans contenu');
      await page.locator('textarea[name="body"]').evaluate((area: HTMLTextAreaElement) => area.removeAttribute('required'));
      await page.getByRole('button', { name: text(locale, 'posts.publish') }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('p.error').count()).toBeGreaterThan(0);
      expect(await page.getByLabel(text(locale, 'posts.title_label'), { exact: true }).inputValue()).toBe('Sans contenu');

      // A file of a forbidden type is refused too, keeping what was written.
      const title = `Supervision clinique ${newId().slice(-6)}`;
      await page.getByLabel(text(locale, 'posts.title_label'), { exact: true }).fill(title);
      await page.locator('textarea[name="body"]').fill('Qui offre de la **supervision** en français ?');
      await page.getByLabel(text(locale, 'posts.attachments_label'), { exact: true }).setInputFiles({ name: 'outil.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00binary') });
      await page.getByRole('button', { name: text(locale, 'posts.publish') }).click();
      await page.waitForLoadState('load');
      await page.locator('#attachments-error').waitFor();
      expect(await page.locator('textarea[name="body"]').inputValue()).toBe('Qui offre de la **supervision** en français ?');
      // So is a file over the size limit, and a link to an address inside the server's network.
      await page.getByLabel(text(locale, 'posts.attachments_label'), { exact: true }).setInputFiles({ name: 'gros.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024, 32)]) });
      await page.getByRole('button', { name: text(locale, 'posts.publish') }).click();
      await page.waitForLoadState('load');
      await page.locator('#attachments-error').waitFor();
      await page.getByLabel(text(locale, 'posts.link_label'), { exact: true }).fill('http://192.168.1.10/intranet');
      await page.getByRole('button', { name: text(locale, 'posts.publish') }).click();
      await page.waitForLoadState('load');
      await page.locator('#linkUrl-error').waitFor();
      expect(await page.getByLabel(text(locale, 'posts.link_label'), { exact: true }).inputValue()).toBe('http://192.168.1.10/intranet');
      await page.getByLabel(text(locale, 'posts.link_label'), { exact: true }).fill('');
      const before = await instance.db.selectFrom('posts').select('id').where('title', '=', title).execute();
      expect(before).toHaveLength(0);

      // The server previews the Markdown, then publishes.
      await page.getByRole('button', { name: text(locale, 'posts.editor.preview') }).click();
      await page.waitForLoadState('load');
      await page.getByRole('region', { name: text(locale, 'posts.editor.preview_label') }).locator('strong', { hasText: 'supervision' }).waitFor();
      await page.getByRole('button', { name: text(locale, 'posts.publish') }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/p/'));
      await page.getByRole('heading', { level: 1, name: title }).waitFor();

      await page.getByLabel(text(locale, 'posts.comment_label'), { exact: true }).fill('Je précise : en Outaouais.');
      await page.getByRole('button', { name: text(locale, 'posts.send_comment') }).click();
      await page.waitForLoadState('load');
      await page.getByText('Je précise : en Outaouais.').waitFor();
      await page.getByRole('button', { name: text(locale, 'posts.reactions.button', { name: text(locale, 'posts.reactions.idea'), count: 0 }) }).first().click();
      await page.waitForLoadState('load');
      await page.getByRole('button', { name: text(locale, 'posts.reactions.button', { name: text(locale, 'posts.reactions.idea'), count: 1 }) }).first().waitFor();

      // Locked by the animator: the thread explains why no one can comment any more.
      const postPath = new URL(page.url()).pathname;
      const animatorPage = await context.browser()!.newContext({ baseURL: instance.origin, javaScriptEnabled: false, extraHTTPHeaders: { 'Accept-Language': locale } }).then((c) => c.newPage());
      await signIn(animatorPage, locale, animator.email, animator.password);
      await animatorPage.goto(postPath);
      await animatorPage.getByRole('button', { name: text(locale, 'posts.lock') }).click();
      await animatorPage.waitForLoadState('load');
      await animatorPage.getByText(text(locale, 'posts.locked'), { exact: true }).first().waitFor();
      await animatorPage.context().close();
      await page.goto(postPath);
      await page.getByText(text(locale, 'posts.locked_notice')).waitFor();
      expect(await page.getByLabel(text(locale, 'posts.comment_label'), { exact: true }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

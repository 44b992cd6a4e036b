// Polls in publications, as members live them. In French, with JavaScript: the animator writes a
// publication carrying a poll (adding a choice in place); a member votes from the community's feed
// and comes back to it with the counts; the animator's open thread shows a third vote as it is
// cast. Without JavaScript, a member sees the results only once they voted, changes their vote and
// takes it back. In English, without JavaScript: "Add a choice" comes back with what was typed, a
// poll of one choice is refused with the reason and publishes nothing, a poll whose results wait
// for its closing says so, and a closed poll shows its results and takes no vote.
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { createPost } from '../../src/lib/server/posts';
import { vote } from '../../src/lib/server/polls';
import { createMember, expectAccessible, signIn, text, useInstance, type Member } from './harness';

const instance = useInstance();

let nadia: Member, lea: Member, omar: Member, sami: Member, emma: Member;
let slug: string;
const question = 'Quel format pour la rencontre d’hiver ?';

const button = (page: Page, key: Parameters<typeof text>[1], locale: 'fr' | 'en' = 'fr') => page.getByRole('button', { name: text(locale, key), exact: true });
/** The poll's table of numbers, opened as a reader would: [choice, votes, share] per row. */
async function numbers(page: Page): Promise<string[][]> {
  await page.locator('.poll-box details summary').click();
  const rows = await page.locator('.poll-box tbody tr').all();
  return Promise.all(rows.map(async (row) => (await row.locator('th, td').allTextContents()).map((cell) => cell.replace(/\s+/g, ' ').trim())));
}
const optionIds = async (postId: string) => (await instance.db.selectFrom('poll_options').select('id').where('post_id', '=', postId).orderBy('position').execute()).map((o) => o.id);

beforeAll(async () => {
  [nadia, lea, omar, sami, emma] = await Promise.all([
    createMember(instance.db, 'Nadia Bouchard', 'fr'),
    createMember(instance.db, 'Léa Gagnon', 'fr'),
    createMember(instance.db, 'Omar Haddad', 'fr'),
    createMember(instance.db, 'Sami Roy', 'fr'),
    createMember(instance.db, 'Emma Wilson', 'en')
  ]);
  const community = await createCommunity(instance.db, nadia.actor, { name: 'Santé mentale en région', visibility: 'public', joinPolicy: 'open', languages: 'fr,en' });
  slug = community.slug;
  for (const member of [lea, omar, sami, emma]) await joinCommunity(instance.db, member.actor, slug);
});

describe('polls (fr)', () => {
  let postPath: string;

  it('lets the animator publish a poll, adding a choice in place', async () => {
    const page = await instance.newPage('fr');
    await signIn(page, 'fr', nadia.email, nadia.password);
    await page.goto(`/c/${slug}/posts/new`);
    await page.getByLabel(text('fr', 'posts.title_label'), { exact: true }).fill(question);
    await page.locator('textarea[name="body"]').fill('Votez pour le format qui vous convient.');
    await page.getByText(text('fr', 'polls.composer.add'), { exact: true }).click();
    const choice = (n: number) => page.getByLabel(text('fr', 'polls.composer.option_label', { n }), { exact: true });
    await choice(1).fill('Webinaire');
    await choice(2).fill('5 à 7 en personne');
    await choice(3).fill('Atelier pratique');
    await choice(4).fill('Balado');
    await button(page, 'polls.composer.more').click();
    // The fifth field is added where the member is, and the cursor put in it.
    await expect(choice(5).evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    await choice(5).fill('Visite de terrain');
    expect(new URL(page.url()).pathname).toBe(`/c/${slug}/posts/new`);
    await expectAccessible(page);
    await button(page, 'posts.publish').click();
    await page.waitForURL((url) => /^\/p\/[^/]+$/.test(url.pathname));
    postPath = new URL(page.url()).pathname;
    const box = page.locator('.poll-box');
    // The animator sees the counts before voting.
    await box.getByText(text('fr', 'polls.box.voters', { count: 0 }), { exact: true }).waitFor();
    expect(await box.getByRole('radio').count()).toBe(5);
    await expectAccessible(page);
    await page.context().close();
  });

  it('lets a member vote from the feed and come back to it, and shows the animator each vote as it comes', async () => {
    const watcher = await instance.newPage('fr');
    await signIn(watcher, 'fr', nadia.email, nadia.password);
    await watcher.goto(postPath);
    await watcher.locator('.poll-box').getByText(text('fr', 'polls.box.voters', { count: 0 }), { exact: true }).waitFor();

    const page = await instance.newPage('fr');
    await signIn(page, 'fr', lea.email, lea.password);
    await page.goto(`/c/${slug}/posts`);
    const item = page.locator('.feed-item', { hasText: question });
    await item.getByText(text('fr', 'polls.box.hidden_after_vote'), { exact: true }).waitFor();
    await item.getByRole('radio', { name: 'Atelier pratique' }).check();
    await item.getByRole('button', { name: text('fr', 'polls.box.vote'), exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/c/${slug}/posts`);
    const after = page.locator('.feed-item', { hasText: question });
    await after.getByText(text('fr', 'polls.box.voters', { count: 1 }), { exact: true }).waitFor();
    await after.getByText(text('fr', 'polls.box.voted'), { exact: true }).waitFor();
    await expectAccessible(page);

    // The animator's thread, left open, counts Léa's vote and then Omar's without being reloaded.
    await watcher.locator('.poll-box').getByText(text('fr', 'polls.box.voters', { count: 1 }), { exact: true }).waitFor();
    // Omar votes in the thread, on his phone.
    const phone = await instance.newPage('fr', { width: 390, height: 844 });
    await signIn(phone, 'fr', omar.email, omar.password);
    await phone.goto(postPath);
    await phone.locator('.poll-box').getByRole('radio', { name: 'Atelier pratique' }).check();
    await button(phone, 'polls.box.vote').click();
    await phone.locator('.poll-box').getByText(text('fr', 'polls.box.voted'), { exact: true }).waitFor();
    await phone.context().close();
    await watcher.locator('.poll-box').getByText(text('fr', 'polls.box.voters', { count: 2 }), { exact: true }).waitFor();
    // The feed open on Léa's side follows too.
    await page.locator('.feed-item', { hasText: question }).getByText(text('fr', 'polls.box.voters', { count: 2 }), { exact: true }).waitFor();
    await watcher.context().close();
    await page.context().close();
  });

  it('shows a member without JavaScript the results once they voted, and lets them change and take back their vote', async () => {
    const page = await instance.noScriptPage('fr');
    await signIn(page, 'fr', sami.email, sami.password);
    await page.goto(postPath);
    const box = page.locator('.poll-box');
    await box.getByText(text('fr', 'polls.box.hidden_after_vote'), { exact: true }).waitFor();
    await box.getByRole('radio', { name: 'Webinaire' }).check();
    await button(page, 'polls.box.vote').click();
    await page.locator('.poll-box').getByText(text('fr', 'polls.box.voters', { count: 3 }), { exact: true }).waitFor();
    // The numbers beside the chart: Atelier pratique 2 of 3, and Webinaire, the member's choice, 1.
    expect(await numbers(page)).toEqual(
      expect.arrayContaining([
        ['Atelier pratique', '2', '67 %'],
        [`Webinaire ${text('fr', 'polls.box.your_choice')}`, '1', '33 %']
      ])
    );

    await page.locator('.poll-box').getByRole('radio', { name: 'Balado' }).check();
    await button(page, 'polls.box.change').click();
    await page.locator('.poll-box').getByText(text('fr', 'polls.box.voted'), { exact: true }).waitFor();
    expect(await numbers(page)).toEqual(expect.arrayContaining([[`Balado ${text('fr', 'polls.box.your_choice')}`, '1', '33 %'], ['Webinaire', '0', '0 %']]));
    await button(page, 'polls.box.withdraw').click();
    await page.locator('.poll-box').getByText(text('fr', 'polls.box.hidden_after_vote'), { exact: true }).waitFor();
    const votes = await instance.db.selectFrom('poll_votes').select('user_id').where('post_id', '=', postPath.slice(3)).execute();
    expect(votes.map((v) => v.user_id).sort()).toEqual([lea.actor.id, omar.actor.id].sort());
    await page.context().close();
  });
});

describe('polls (en)', () => {
  it('keeps what was typed when a choice is added without JavaScript, refuses a poll of one choice, and says when results will show', async () => {
    const page = await instance.noScriptPage('en');
    await signIn(page, 'en', emma.email, emma.password);
    await page.goto(`/c/${slug}/posts/new`);
    await page.getByText(text('en', 'polls.composer.add'), { exact: true }).click();
    await page.getByLabel(text('en', 'posts.title_label'), { exact: true }).fill('Which evening suits you?');
    await page.locator('textarea[name="body"]').fill('For the spring meet-up.');
    const choice = (n: number) => page.getByLabel(text('en', 'polls.composer.option_label', { n }), { exact: true });
    await choice(1).fill('Tuesday');
    await button(page, 'polls.composer.more', 'en').click();
    await choice(5).waitFor();
    expect(await choice(1).inputValue()).toBe('Tuesday');
    expect(await page.getByLabel(text('en', 'posts.title_label'), { exact: true }).inputValue()).toBe('Which evening suits you?');

    const before = await instance.db.selectFrom('posts').select('id').execute();
    await button(page, 'posts.publish', 'en').click();
    await page.getByText(text('en', 'polls.errors.too_few_options'), { exact: true }).waitFor();
    expect((await instance.db.selectFrom('posts').select('id').execute()).length).toBe(before.length);
    expect(await choice(1).inputValue()).toBe('Tuesday');

    await choice(2).fill('Thursday');
    await page.getByRole('radio', { name: text('en', 'polls.composer.results.after_close'), exact: true }).check();
    const closes = DateTime.now().setZone('America/Toronto').plus({ days: 3 }).set({ hour: 17, minute: 0 });
    await page.getByLabel(text('en', 'polls.composer.closes_label'), { exact: true }).fill(closes.toFormat("yyyy-LL-dd'T'HH:mm"));
    await button(page, 'posts.publish', 'en').click();
    await page.waitForURL((url) => /^\/p\/[^/]+$/.test(url.pathname));
    const box = page.locator('.poll-box');
    await box.getByText(/^Results will show when the poll closes, on /).waitFor();
    await box.getByRole('radio', { name: 'Thursday' }).check();
    await button(page, 'polls.box.vote', 'en').click();
    await page.locator('.poll-box').getByText(text('en', 'polls.box.voted'), { exact: true }).waitFor();
    // Still hidden: it waits for the closing date, even for one who voted.
    await page.locator('.poll-box').getByText(/^Results will show when the poll closes, on /).waitFor();
    await page.context().close();
  });

  it('shows a closed poll’s results and takes no more votes', async () => {
    const { id } = await createPost(instance.db, lea.actor, slug, {
      title: 'Best format last season?', body: 'Looking back.', language: 'en',
      poll: { options: ['Webinar', 'Workshop'], multiple: false, resultsVisibility: 'after_close', closesAt: Date.now() + 60_000 }
    });
    const [webinar] = await optionIds(id);
    await vote(instance.db, omar.actor, id, [webinar!]);
    await instance.db.updateTable('polls').set({ closes_at: Date.now() - 1000 }).where('post_id', '=', id).execute();
    const page = await instance.newPage('en');
    await signIn(page, 'en', emma.email, emma.password);
    await page.goto(`/p/${id}`);
    const box = page.locator('.poll-box');
    await box.getByText(text('en', 'polls.box.voters', { count: 1 }), { exact: true }).waitFor();
    expect(await box.getByRole('radio').count()).toBe(0);
    expect(await box.getByRole('button').count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });
});

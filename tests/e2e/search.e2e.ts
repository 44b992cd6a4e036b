// Searching as members and visitors do: what a member just published is found from the header box
// across accents, word forms and inclusive writing, with phrases and exclusions; the type tabs, the
// community filter, the newest-first order and the next page; a private community's publication
// that no outsider or visitor ever finds, in the page or the API; odd queries that get a page and
// a word of explanation, never an error; and the same box and form with JavaScript off.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { admit, createCommunity } from '../../src/lib/server/communities';
import { addComment, createPost } from '../../src/lib/server/posts';
import { createMember, expectAccessible, signIn, text, useInstance, type Member } from './harness';

const instance = useInstance();

/** A made-up word of lowercase letters: unique to a run, and a plain search term. */
const word = (prefix: string) => prefix + Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

type Hit = { kind: string; title: string };

/** The results shown, top to bottom: each one's kind (its badge) and its title. */
async function results(page: Page): Promise<Hit[]> {
  return page.locator('ol.search-results > li').evaluateAll((items) =>
    items.map((item) => ({
      kind: item.querySelector('.badge')?.textContent?.trim() ?? '',
      title: (item.querySelector('h3')?.textContent ?? '').replace(/\s+/g, ' ').trim()
    }))
  );
}

const titlesOf = async (page: Page) => (await results(page)).map((hit) => hit.title);

/** Types a query into the site header's search box and submits it with Enter. */
async function searchFromHeader(page: Page, q: string): Promise<void> {
  const box = page.getByRole('banner').getByRole('searchbox');
  await box.fill(q);
  await box.press('Enter');
  await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === q);
  // The page's own box shows the query once the new results are in (the address may change first).
  await expect.poll(() => pageForm(page).getByRole('searchbox').inputValue()).toBe(q);
}

/** The search page's own form (the header has another one). */
const pageForm = (page: Page) => page.getByRole('main').getByRole('search');

/** Waits until the page shows results, or says there are none. */
async function settled(page: Page, locale: Locale, q: string): Promise<void> {
  await page
    .locator('ol.search-results')
    .or(page.getByRole('heading', { name: text(locale, 'search.empty', { q }) }))
    .or(page.getByRole('main').getByRole('status'))
    .or(page.getByRole('main').getByRole('alert'))
    .first()
    .waitFor();
}

/** The search page for `params`, opened directly as a shared link would; fails on anything but a 200. */
async function openSearch(page: Page, locale: Locale, params: Record<string, string>): Promise<void> {
  const response = await page.goto(`/search?${new URLSearchParams(params)}`);
  expect(response?.status(), `GET /search?${new URLSearchParams(params)}`.slice(0, 200)).toBe(200);
  await page.getByRole('heading', { level: 1, name: text(locale, 'search.title'), exact: true }).waitFor();
  if (params.q) await settled(page, locale, params.q);
}

type ApiResult = { items: { type: string; id: string; title: string; url: string }[]; nextCursor: string | null; notes: string[]; empty: boolean };

async function apiSearch(page: Page, q: string): Promise<ApiResult> {
  const response = await page.request.get(`/api/v1/search?${new URLSearchParams({ q })}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as ApiResult;
}

describe.each(['fr', 'en'] as const)('search (%s)', (locale) => {
  // Everything this locale's journeys search for: two public communities of one member, a private
  // one with a canary, and enough publications to need a second page.
  const s = word('');
  const network = `Réseau évaluation ${s}`;
  const health = `Santé communautaire ${s}`;
  const guide = `Guide d’évaluation ${s}`;
  const report = `Retour sur la rencontre ${s}`;
  const reversed = `Impact de l’évaluation ${s}`;
  const needs = `Évaluation des besoins ${s}`;
  const bulletin = word('bulletin');
  const canary = word('canari');
  const canaryTitle = `Compte rendu confidentiel ${word('titre')}`;
  const canaryComment = word('remarque');
  let member: Member;
  let outsider: Member;
  let insider: Member;
  let slugs: { network: string; health: string; secret: string };

  beforeAll(async () => {
    member = await createMember(instance.db, 'Geneviève Ouellet', locale);
    outsider = await createMember(instance.db, 'Omar Haddad', locale);
    insider = await createMember(instance.db, 'Léa Gagnon', locale);
    const a = await createCommunity(instance.db, member.actor, { name: network, visibility: 'public', joinPolicy: 'open' });
    const b = await createCommunity(instance.db, member.actor, { name: health, visibility: 'public', joinPolicy: 'open' });
    const c = await createCommunity(instance.db, member.actor, { name: `Comité restreint ${s}`, visibility: 'private', joinPolicy: 'invite' });
    await admit(instance.db, c, insider.id, 'member', member.id);
    slugs = { network: a.slug, health: b.slug, secret: c.slug };

    // Written in French whatever the interface: the French stemmer reads them.
    const fr = { language: 'fr' as const, kind: 'discussion' as const };
    await createPost(instance.db, member.actor, a.slug, { ...fr, title: guide, body: 'L’évaluation pas à pas : préparer l’évaluation, mener l’évaluation, partager l’évaluation.' });
    await createPost(instance.db, member.actor, a.slug, { ...fr, title: reversed, body: 'Ce que les bilans ont changé pour les équipes.' });
    await createPost(instance.db, member.actor, b.slug, { ...fr, title: needs, body: 'Un portrait des quartiers.' });
    // The newest, and the least relevant: évaluation once, deep in its text.
    await createPost(instance.db, member.actor, a.slug, { ...fr, title: report, body: 'Nous étions une trentaine. Après le dîner, il a été question d’évaluation, brièvement.' });
    for (let n = 1; n <= 22; n++) await createPost(instance.db, member.actor, b.slug, { ...fr, title: `Bulletin no ${n} ${s}`, body: `Le ${bulletin} de la semaine.` });

    const secret = await createPost(instance.db, member.actor, c.slug, { ...fr, title: canaryTitle, body: `Seuls les membres du comité lisent ceci : ${canary}.` });
    await addComment(instance.db, insider.actor, secret.id, { body: `J’ajoute ${canary} et ${canaryComment}.` });
  });

  it('finds what a member just published from the header box, across accents, word forms, inclusive writing and phrases', async () => {
    const page = await instance.newPage(locale);
    await signIn(page, locale, member.email, member.password);
    await page.goto(`/c/${slugs.network}/posts/new`);
    await expectAccessible(page);
    const title = `Formation des animateur·trice·s ${s}`;
    await page.getByLabel(text(locale, 'posts.title_label'), { exact: true }).fill(title);
    await page.getByLabel(text(locale, 'posts.body_label'), { exact: true }).fill('Notre prochain événement portera sur l’évaluation d’impact des projets menés avec les familles.');
    await page.getByLabel(text(locale, 'posts.language_label'), { exact: true }).selectOption('fr');
    await page.getByRole('button', { name: text(locale, 'posts.publish') }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/p/'));
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    // No accent typed: found at once, the word marked in the excerpt.
    await searchFromHeader(page, 'evenement');
    const found = page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link', { name: title, exact: true }) });
    await found.waitFor();
    expect(await found.locator('mark').allInnerTexts()).toContain('événement');
    expect(await page.getByRole('banner').getByRole('searchbox').inputValue()).toBe('evenement');
    expect(await pageForm(page).getByLabel(text(locale, 'search.query'), { exact: true }).inputValue()).toBe('evenement');
    await expectAccessible(page);

    // Another form of the word, and inclusive writing met through the stem.
    for (const q of ['formations', 'animatrices', 'ÉVÉNEMENTS']) {
      await searchFromHeader(page, q);
      await settled(page, locale, q);
      expect(await titlesOf(page), q).toContain(title);
    }
    await expectAccessible(page);

    // A phrase keeps its words in order; without quotes, both orders match.
    await searchFromHeader(page, '"évaluation d\'impact"');
    await settled(page, locale, '"évaluation d\'impact"');
    let titles = await titlesOf(page);
    expect(titles).toContain(title);
    expect(titles).not.toContain(reversed);
    await searchFromHeader(page, 'évaluation impact');
    await settled(page, locale, 'évaluation impact');
    titles = await titlesOf(page);
    expect(titles).toEqual(expect.arrayContaining([title, reversed]));
    expect(titles).not.toContain(guide);
    // A word left out, and the beginning of a word.
    await searchFromHeader(page, 'évaluation -impact');
    await settled(page, locale, 'évaluation -impact');
    titles = await titlesOf(page);
    expect(titles).toEqual(expect.arrayContaining([guide, report, needs]));
    expect(titles).not.toContain(title);
    expect(titles).not.toContain(reversed);
    await searchFromHeader(page, 'anima');
    await settled(page, locale, 'anima');
    expect(await titlesOf(page)).toContain(title);
    await expectAccessible(page);
  });

  it('narrows by type, by community, sorts by date and pages through the results', async () => {
    const page = await instance.newPage(locale);
    await signIn(page, locale, member.email, member.password);
    await searchFromHeader(page, 'évaluation');
    await settled(page, locale, 'évaluation');
    const kinds = { post: text(locale, 'search.kinds.post'), community: text(locale, 'search.kinds.community') };
    let hits = await results(page);
    expect(hits).toEqual(expect.arrayContaining([{ kind: kinds.post, title: guide }, { kind: kinds.community, title: network }]));
    // Relevance: the publication about évaluation comes before the one that mentions it in passing.
    expect(hits.findIndex((hit) => hit.title === guide)).toBeLessThan(hits.findIndex((hit) => hit.title === report));
    await expectAccessible(page);

    const tabs = page.getByRole('navigation', { name: text(locale, 'search.type'), exact: true });
    await tabs.getByRole('link', { name: text(locale, 'search.types.communities'), exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('type') === 'communities');
    await page.locator('ol.search-results').waitFor();
    hits = await results(page);
    expect(hits.map((hit) => hit.title)).toContain(network);
    expect(hits.every((hit) => hit.kind === kinds.community), JSON.stringify(hits)).toBe(true);
    expect(await tabs.getByRole('link', { name: text(locale, 'search.types.communities'), exact: true }).getAttribute('aria-current')).toBe('page');
    await expectAccessible(page);

    await tabs.getByRole('link', { name: text(locale, 'search.types.posts'), exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('type') === 'posts');
    await page.getByRole('main').getByRole('link', { name: guide, exact: true }).waitFor();
    hits = await results(page);
    expect(hits.map((hit) => hit.title)).toEqual(expect.arrayContaining([guide, report, reversed, needs]));
    expect(hits.every((hit) => hit.kind === kinds.post), JSON.stringify(hits)).toBe(true);

    // The filters: one community, newest first; the type chosen stays.
    const form = pageForm(page);
    await form.getByText(text(locale, 'search.filters'), { exact: true }).click();
    await form.getByLabel(text(locale, 'search.community'), { exact: true }).selectOption({ label: network });
    await form.getByLabel(text(locale, 'search.sort'), { exact: true }).selectOption('newest');
    await form.locator('details').getByRole('button', { name: text(locale, 'search.apply'), exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('community') === slugs.network && url.searchParams.get('sort') === 'newest' && url.searchParams.get('type') === 'posts');
    await page.getByRole('main').getByRole('link', { name: report, exact: true }).waitFor();
    const titles = await titlesOf(page);
    expect(titles).toEqual(expect.arrayContaining([guide, report, reversed]));
    expect(titles).not.toContain(needs);
    expect(titles.indexOf(report)).toBeLessThan(titles.indexOf(guide));
    expect(titles.indexOf(reversed)).toBeLessThan(titles.indexOf(guide));
    expect(await form.getByLabel(text(locale, 'search.community'), { exact: true }).inputValue()).toBe(slugs.network);
    await page.getByRole('link', { name: text(locale, 'search.reset'), exact: true }).waitFor();
    await expectAccessible(page);

    // Twenty-two bulletins: twenty, then the next two, then back to the first page.
    await searchFromHeader(page, bulletin);
    await page.getByRole('link', { name: text(locale, 'search.more'), exact: true }).waitFor();
    const first = await titlesOf(page);
    expect(first).toHaveLength(20);
    await page.getByRole('link', { name: text(locale, 'search.more'), exact: true }).click();
    await page.waitForURL((url) => url.searchParams.has('cursor'));
    await page.getByRole('link', { name: text(locale, 'search.first_page'), exact: true }).waitFor();
    const second = await titlesOf(page);
    expect(second).toHaveLength(2);
    expect(new Set([...first, ...second]).size).toBe(22);
    expect(await page.getByRole('link', { name: text(locale, 'search.more'), exact: true }).count()).toBe(0);
    await expectAccessible(page);
    await page.getByRole('link', { name: text(locale, 'search.first_page'), exact: true }).click();
    await page.waitForURL((url) => !url.searchParams.has('cursor'));
    await page.getByRole('link', { name: text(locale, 'search.more'), exact: true }).waitFor();
    expect(await titlesOf(page)).toEqual(first);
  });

  it('never shows a private community’s publication to an outsider or a visitor, in the page or the API; its members find it', async () => {
    const outsiderPage = await instance.newPage(locale);
    await signIn(outsiderPage, locale, outsider.email, outsider.password);
    const visitorPage = await instance.newPage(locale);
    await visitorPage.goto('/');

    for (const [who, page] of [['outsider', outsiderPage], ['visitor', visitorPage]] as const) {
      for (const q of [canary, canaryComment, `"${canary}"`]) {
        await searchFromHeader(page, q);
        await page.getByRole('heading', { name: text(locale, 'search.empty', { q }) }).waitFor();
        expect(await results(page), `${who}: ${q}`).toEqual([]);
        const html = await page.content();
        expect(html, `${who}: ${q}`).not.toContain(canaryTitle);
        // Neither does the page's data, as the client router fetches it.
        const data = await page.request.get(`/search/__data.json?${new URLSearchParams({ q })}`);
        expect(data.status()).toBe(200);
        expect(await data.text()).not.toContain(canaryTitle);
        const api = await apiSearch(page, q);
        expect(api.items, `${who}: GET /api/v1/search?q=${q}`).toEqual([]);
        expect(api.nextCursor).toBeNull();
      }
      // Asking for that community by name does not open it either.
      await openSearch(page, locale, { q: canary, community: slugs.secret });
      expect(await results(page)).toEqual([]);
      expect(await page.content()).not.toContain(canaryTitle);
      await expectAccessible(page);
    }

    // A member of the community finds the publication and the comment.
    const insiderPage = await instance.newPage(locale);
    await signIn(insiderPage, locale, insider.email, insider.password);
    await searchFromHeader(insiderPage, canary);
    await insiderPage.getByRole('main').getByRole('link', { name: canaryTitle, exact: true }).waitFor();
    const hits = await results(insiderPage);
    expect(hits).toEqual(
      expect.arrayContaining([
        { kind: text(locale, 'search.kinds.post'), title: canaryTitle },
        { kind: text(locale, 'search.kinds.comment'), title: text(locale, 'search.comment_in', { title: canaryTitle }) }
      ])
    );
    await expectAccessible(insiderPage);
    const api = await apiSearch(insiderPage, canary);
    expect(api.items.map((item) => item.type).sort()).toEqual(['comment', 'post']);
    expect(api.items.find((item) => item.type === 'post')?.title).toBe(canaryTitle);
    expect((await apiSearch(insiderPage, canaryComment)).items.map((item) => item.type)).toEqual(['comment']);
  });

  it('answers malformed queries with a page and a word of explanation, never an error', async () => {
    const page = await instance.newPage(locale);
    await signIn(page, locale, member.email, member.password);

    // A quote left open is a phrase to the end.
    await openSearch(page, locale, { q: '"évaluation' });
    expect(await titlesOf(page)).toEqual(expect.arrayContaining([guide, report]));
    await expectAccessible(page);

    // Engine syntax is only words.
    for (const q of ['NEAR(', 'NEAR(évaluation', '{title}: * ^ OR', "évaluation' --"]) {
      await openSearch(page, locale, { q });
      expect(await page.getByRole('alert').count(), q).toBe(0);
    }
    expect(await titlesOf(page)).toContain(guide);
    await openSearch(page, locale, { q: 'NEAR(' });
    await page.getByRole('heading', { name: text(locale, 'search.empty', { q: 'NEAR(' }) }).waitFor();
    await expectAccessible(page);

    // Five thousand characters: the first words are searched, and the page says so.
    const long = 'évaluation '.repeat(455).trim();
    expect(long.length).toBeGreaterThan(5000);
    await openSearch(page, locale, { q: long });
    await page.getByRole('status').filter({ hasText: text(locale, 'search.notes.too_long') }).waitFor();
    expect(await titlesOf(page)).toContain(guide);
    await expectAccessible(page);

    // Only common words: nothing to look for, and why.
    await openSearch(page, locale, { q: 'le la les et' });
    await page.getByRole('status').filter({ hasText: text(locale, 'search.notes.only_common_words') }).waitFor();
    expect(await results(page)).toEqual([]);
    expect(await page.getByRole('heading', { name: text(locale, 'search.empty', { q: 'le la les et' }) }).count()).toBe(0);
    await expectAccessible(page);
    // Only exclusions, and a date that is no date: told beside the form.
    await openSearch(page, locale, { q: '-évaluation' });
    await page.getByRole('status').filter({ hasText: text(locale, 'search.notes.only_exclusions') }).waitFor();
    await openSearch(page, locale, { q: 'évaluation', from: '2024-13-45' });
    await page.getByRole('alert').filter({ hasText: text(locale, 'search.errors.date') }).waitFor();
    await expectAccessible(page);

    // The API reads them the same way.
    const common = await apiSearch(page, 'le la les et');
    expect(common).toMatchObject({ items: [], empty: true, notes: ['only_common_words'] });
    expect((await apiSearch(page, '"évaluation')).items.length).toBeGreaterThan(0);
    expect((await apiSearch(page, 'NEAR(')).items).toEqual([]);
  });

  it('searches from the header box and the page’s form with JavaScript off', async () => {
    const context = await instance.browser.newContext({
      baseURL: instance.origin,
      javaScriptEnabled: false,
      locale: locale === 'fr' ? 'fr-CA' : 'en-CA',
      extraHTTPHeaders: { 'Accept-Language': locale === 'fr' ? 'fr-CA,fr;q=0.9' : 'en-CA,en;q=0.9' }
    });
    try {
      const page = await context.newPage();
      await signIn(page, locale, member.email, member.password);
      await page.goto(`/c/${slugs.health}`);
      await searchFromHeader(page, 'évaluations');
      await page.getByRole('main').getByRole('link', { name: guide, exact: true }).waitFor();
      expect(await titlesOf(page)).toEqual(expect.arrayContaining([guide, needs, network]));

      // The page's own form, its filters opened natively, and the type tabs as plain links.
      const form = pageForm(page);
      await form.getByLabel(text(locale, 'search.query'), { exact: true }).fill('évaluation besoins');
      await form.getByText(text(locale, 'search.filters'), { exact: true }).click();
      await form.getByLabel(text(locale, 'search.community'), { exact: true }).selectOption({ label: health });
      await form.locator('details').getByRole('button', { name: text(locale, 'search.apply'), exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === 'évaluation besoins' && url.searchParams.get('community') === slugs.health);
      await page.getByRole('main').getByRole('link', { name: needs, exact: true }).waitFor();
      expect(await titlesOf(page)).toEqual([needs]);

      await form.getByLabel(text(locale, 'search.query'), { exact: true }).fill(bulletin);
      await form.getByRole('button', { name: text(locale, 'search.submit'), exact: true }).first().click();
      await page.waitForURL((url) => url.searchParams.get('q') === bulletin);
      await page
        .getByRole('navigation', { name: text(locale, 'search.type'), exact: true })
        .getByRole('link', { name: text(locale, 'search.types.communities'), exact: true })
        .click();
      await page.waitForURL((url) => url.searchParams.get('type') === 'communities');
      await page.getByRole('heading', { name: text(locale, 'search.empty', { q: bulletin }) }).waitFor();
      await page
        .getByRole('navigation', { name: text(locale, 'search.type'), exact: true })
        .getByRole('link', { name: text(locale, 'search.types.posts'), exact: true })
        .click();
      await page.waitForURL((url) => url.searchParams.get('type') === 'posts');
      await page.getByRole('link', { name: text(locale, 'search.more'), exact: true }).click();
      await page.waitForURL((url) => url.searchParams.has('cursor'));
      expect(await titlesOf(page)).toHaveLength(2);
    } finally {
      await context.close();
    }
  });
});

describe('the search page in the other language', () => {
  it('switches to English with the language switch and keeps the search', async () => {
    const page = await instance.newPage('fr');
    await openSearch(page, 'fr', { q: 'évaluation' });
    await pageForm(page).getByLabel(text('fr', 'search.query'), { exact: true }).waitFor();
    await page.getByRole('button', { name: text('fr', 'common.switch_to_label') }).click();
    await page.getByRole('heading', { level: 1, name: text('en', 'search.title'), exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(new URL(page.url()).searchParams.get('q')).toBe('évaluation');
    const form = pageForm(page);
    expect(await form.getByLabel(text('en', 'search.query'), { exact: true }).inputValue()).toBe('évaluation');
    await form.getByText(text('en', 'search.filters'), { exact: true }).click();
    for (const key of ['search.language', 'search.from', 'search.to', 'search.sort'] as const) {
      await form.getByLabel(text('en', key), { exact: true }).waitFor();
    }
    expect(await form.getByLabel(text('en', 'search.sort'), { exact: true }).locator('option').allInnerTexts()).toEqual([text('en', 'search.sort_relevance'), text('en', 'search.sort_newest')]);
    const tabs = page.getByRole('navigation', { name: text('en', 'search.type'), exact: true });
    for (const key of ['search.types.all', 'search.types.posts', 'search.types.comments', 'search.types.members', 'search.types.communities'] as const) {
      await tabs.getByRole('link', { name: text('en', key), exact: true }).waitFor();
    }
    expect((await results(page)).some((hit) => hit.kind === text('en', 'search.kinds.post'))).toBe(true);
    await expectAccessible(page);
    await page.getByRole('banner').getByRole('searchbox').fill('zzzintrouvable');
    await page.getByRole('banner').getByRole('searchbox').press('Enter');
    await page.getByRole('heading', { name: text('en', 'search.empty', { q: 'zzzintrouvable' }) }).waitFor();
    await page.getByText(text('en', 'search.empty_hints')).waitFor();
    await expectAccessible(page);
  });
});

// "Who can help me?" as members live it: a need typed in the form suggests who answered it, or says
// they know it, each with the reason; only those who agreed (the animator by default, the profile's
// checkbox for the others) and only those the asker may see; "Ask this person" opens a message with
// the question linked (worded for the asker, or for an animator passing it on), which reaches them; an open question shows who may know to its author and
// animators only; the same form with JavaScript off, and in English.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { admit, createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { addComment, createPost, markAnswer } from '../../src/lib/server/posts';
import { updateProfile } from '../../src/lib/server/profiles';
import { createMember, expectAccessible, signIn, text, useInstance, type Member } from './harness';

const instance = useInstance();

const need = 'J’ai besoin d’aide sur l’évaluation d’impact';
// What the page says the need is about: the meaningful words, the asking left out.
const topic = 'évaluation impact';
const expertise = 'évaluation d’impact';
const openQuestion = 'Comment présenter une évaluation d’impact au conseil d’administration ?';

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();

type Suggestion = { name: string; reasons: string[] };

/** The people suggested in `scope`, top to bottom: each one's name and the reasons shown. */
async function suggestions(scope: Locator): Promise<Suggestion[]> {
  const items = await scope.locator('ul.helper-list > li').evaluateAll((lis) =>
    lis.map((li) => ({
      name: li.querySelector('a[href^="/u/"]')?.textContent ?? '',
      reasons: [...li.querySelectorAll('ul.reasons > li')].map((reason) => reason.textContent ?? '')
    }))
  );
  return items.map((item) => ({ name: squash(item.name), reasons: item.reasons.map(squash) }));
}

const names = async (scope: Locator) => (await suggestions(scope)).map((s) => s.name);

const accepted = (locale: Locale, count: number, about = topic) => squash(text(locale, 'helpers.reasons.accepted_answers', { count, topic: about }));
const declared = (locale: Locale, tags: string) => squash(text(locale, 'helpers.reasons.expertise', { tags }));

/** The list of people suggested for the need on /helpers, once the page shows it. */
function suggestedFor(page: Page, locale: Locale, about = topic): Locator {
  return page.getByRole('region', { name: text(locale, 'helpers.suggested_for', { topic: about }), exact: true });
}

/** Opens /helpers for a need, as a shared link would; fails on anything but a 200. */
async function openHelpers(page: Page, locale: Locale, q: string, about = topic): Promise<Locator> {
  const response = await page.goto(`/helpers?${new URLSearchParams({ q })}`);
  expect(response?.status(), `GET /helpers?q=${q}`).toBe(200);
  const region = suggestedFor(page, locale, about);
  await region.waitFor();
  return region;
}

/** The "people who may know" box of a question's page. */
const mayKnow = (page: Page) => page.getByRole('region', { name: text('fr', 'helpers.people_who_may_know'), exact: true });

// One network: Nadia animates a public community and a private committee; Léa answered Omar's
// question and agreed to be suggested; Marc declared the same expertise but never agreed; Sophie,
// in the committee only, shows her expertise to co-members only; Yves and Emma are plain members.
let nadia: Member, lea: Member, marc: Member, sophie: Member, omar: Member, yves: Member, emma: Member;
let open: { id: string };
let network: string;

beforeAll(async () => {
  const someone = (name: string, locale: Locale = 'fr') => createMember(instance.db, name, locale);
  [nadia, lea, marc, sophie, omar, yves, emma] = await Promise.all([
    someone('Nadia Bouchard'),
    someone('Léa Gagnon'),
    someone('Marc Tremblay'),
    someone('Sophie Roy'),
    someone('Omar Haddad'),
    someone('Yves Pelletier'),
    someone('Emma Wilson', 'en')
  ]);
  const a = await createCommunity(instance.db, nadia.actor, { name: 'Réseau évaluation', visibility: 'public', joinPolicy: 'open' });
  const b = await createCommunity(instance.db, nadia.actor, { name: 'Comité restreint', visibility: 'private', joinPolicy: 'invite' });
  network = a.slug;
  for (const m of [lea, marc, omar, yves, emma]) await joinCommunity(instance.db, m.actor, a.slug);
  for (const m of [sophie, omar]) await admit(instance.db, b, m.id, 'member', nadia.id);

  const fr = { language: 'fr' as const, kind: 'question' as const };
  const q1 = await createPost(instance.db, omar.actor, a.slug, { ...fr, title: 'Quels indicateurs pour une évaluation d’impact ?', body: 'Nous commençons une évaluation d’impact de notre programme.' });
  const a1 = await addComment(instance.db, lea.actor, q1.id, { body: 'Partez de la théorie du changement : trois indicateurs suffisent pour commencer.' });
  await markAnswer(instance.db, omar.actor, q1.id, a1.id);
  const q2 = await createPost(instance.db, nadia.actor, b.slug, { ...fr, title: 'Évaluation d’impact confidentielle', body: 'Qui a déjà fait une évaluation d’impact pour un bailleur ?' });
  const a2 = await addComment(instance.db, sophie.actor, q2.id, { body: 'Oui, avec un comité de suivi et des entrevues.' });
  await markAnswer(instance.db, nadia.actor, q2.id, a2.id);
  open = await createPost(instance.db, omar.actor, a.slug, { ...fr, title: openQuestion, body: 'Le conseil veut comprendre notre évaluation d’impact en dix minutes.' });

  await updateProfile(instance.db, nadia.actor, { expertise: [expertise] });
  await updateProfile(instance.db, lea.actor, { suggestMe: true });
  await updateProfile(instance.db, marc.actor, { expertise: [expertise] });
  await updateProfile(instance.db, sophie.actor, { expertise: [expertise], visibility: { expertise: 'communities' }, suggestMe: true });
});

describe('who can help me? (fr)', () => {
  it('suggests who answered the need or declared it as expertise, each with the reason, from the form', async () => {
    const page = await instance.newPage('fr');
    await signIn(page, 'fr', omar.email, omar.password);
    await page.getByRole('navigation', { name: text('fr', 'common.main_navigation') }).getByRole('link', { name: text('fr', 'helpers.nav'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: text('fr', 'helpers.title'), exact: true }).waitFor();
    await expectAccessible(page);
    await page.getByLabel(text('fr', 'helpers.need'), { exact: true }).fill(need);
    await page.getByRole('button', { name: text('fr', 'helpers.submit'), exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/helpers' && url.searchParams.get('q') === need);
    const region = suggestedFor(page, 'fr');
    await region.waitFor();

    // Sophie answered and knows it; Léa answered; Nadia, an animator, is suggested unless she says no.
    expect(await suggestions(region)).toEqual([
      { name: 'Sophie Roy', reasons: [accepted('fr', 1), declared('fr', expertise)] },
      { name: 'Léa Gagnon', reasons: [accepted('fr', 1)] },
      { name: 'Nadia Bouchard', reasons: [declared('fr', expertise)] }
    ]);
    // The need stays in the box, and the page says who may appear.
    expect(await page.getByLabel(text('fr', 'helpers.need'), { exact: true }).inputValue()).toBe(need);
    await page.getByText(text('fr', 'helpers.who'), { exact: true }).waitFor();
    await expectAccessible(page);

    // Words about nothing anyone knows: a word of explanation, nobody bothered.
    const nothing = 'Tricot';
    await openHelpers(page, 'fr', nothing, nothing);
    await page.getByText(text('fr', 'helpers.empty'), { exact: true }).waitFor();
    expect(await suggestions(suggestedFor(page, 'fr', nothing))).toEqual([]);
  });

  it('suggests only members who agreed and whom the asker may see; the profile’s checkbox lets one agree', async () => {
    // Yves shares no community with Sophie and cannot read the committee: she is not his to see.
    const his = await instance.newPage('fr');
    await signIn(his, 'fr', yves.email, yves.password);
    const forYves = await openHelpers(his, 'fr', need);
    expect(await names(forYves)).toEqual(['Léa Gagnon', 'Nadia Bouchard']);
    expect(await his.content()).not.toContain('Sophie Roy');
    expect(await his.content()).not.toContain(sophie.handle);

    // Marc declared the expertise but never agreed; he ticks the box in his profile.
    const marcs = await instance.newPage('fr');
    await signIn(marcs, 'fr', marc.email, marc.password);
    await marcs.goto('/account/profile');
    const box = marcs.getByRole('checkbox', { name: text('fr', 'helpers.setting'), exact: true });
    expect(await box.isChecked()).toBe(false);
    await expectAccessible(marcs);
    await box.check();
    await marcs.getByRole('button', { name: text('fr', 'profiles.edit.submit'), exact: true }).click();
    await marcs.getByRole('status').filter({ hasText: text('fr', 'profiles.edit.saved') }).waitFor();
    await marcs.reload();
    expect(await marcs.getByRole('checkbox', { name: text('fr', 'helpers.setting'), exact: true }).isChecked()).toBe(true);

    await his.reload();
    await forYves.waitFor();
    expect(await suggestions(forYves)).toEqual([
      { name: 'Léa Gagnon', reasons: [accepted('fr', 1)] },
      { name: 'Marc Tremblay', reasons: [declared('fr', expertise)] },
      { name: 'Nadia Bouchard', reasons: [declared('fr', expertise)] }
    ]);
  });

  it('shows who may know on an open question to its author and the animator, not to another member; asking delivers the question', async () => {
    const his = await instance.newPage('fr');
    await signIn(his, 'fr', omar.email, omar.password);
    await his.goto(`/p/${open.id}`);
    await his.getByRole('heading', { level: 1, name: openQuestion }).waitFor();
    const box = mayKnow(his);
    await box.getByText(text('fr', 'helpers.people_hint'), { exact: true }).waitFor();
    const shown = await names(box);
    expect(shown).toEqual(expect.arrayContaining(['Sophie Roy', 'Léa Gagnon']));
    expect(shown).not.toContain('Omar Haddad');
    await expectAccessible(his);

    // Another member of the community does not see the box; the animator does.
    const plain = await instance.newPage('fr');
    await signIn(plain, 'fr', yves.email, yves.password);
    await plain.goto(`/p/${open.id}`);
    await plain.getByRole('heading', { level: 1, name: openQuestion }).waitFor();
    expect(await mayKnow(plain).count()).toBe(0);
    expect(await plain.content()).not.toContain(text('fr', 'helpers.people_who_may_know'));
    const animator = await instance.newPage('fr');
    await signIn(animator, 'fr', nadia.email, nadia.password);
    await animator.goto(`/p/${open.id}`);
    expect(await names(mayKnow(animator))).toEqual(expect.arrayContaining(['Léa Gagnon']));
    // The animator passes the question on: the message says a member asked it, not "I asked".
    const questionUrl = `${instance.origin}/p/${open.id}`;
    await mayKnow(animator).getByRole('link', { name: text('fr', 'helpers.ask', { name: 'Léa Gagnon' }), exact: true }).click();
    await animator.waitForURL((url) => url.pathname === '/messages/new');
    expect(await animator.getByLabel(text('fr', 'messages.body_label'), { exact: true }).inputValue()).toBe(
      text('fr', 'helpers.ask_body_question_by_animator', { title: openQuestion, url: questionUrl })
    );

    // "Ask this person": a new message to Léa with the question linked.
    await box.getByRole('link', { name: text('fr', 'helpers.ask', { name: 'Léa Gagnon' }), exact: true }).click();
    await his.waitForURL((url) => url.pathname === '/messages/new');
    const body = text('fr', 'helpers.ask_body_question', { title: openQuestion, url: questionUrl });
    expect(await his.getByLabel(text('fr', 'messages.to_label'), { exact: true }).inputValue()).toBe(`@${lea.handle}`);
    expect(await his.getByLabel(text('fr', 'messages.subject_label'), { exact: true }).inputValue()).toBe(openQuestion);
    expect(await his.getByLabel(text('fr', 'messages.body_label'), { exact: true }).inputValue()).toBe(body);
    await expectAccessible(his);
    await his.getByRole('button', { name: text('fr', 'messages.send'), exact: true }).click();
    await his.waitForURL((url) => /^\/messages\/[0-9a-f-]{36}$/.test(url.pathname));

    // Léa finds it among her messages, and the link takes her to the question.
    const hers = await instance.newPage('fr');
    await signIn(hers, 'fr', lea.email, lea.password);
    await hers.goto('/messages');
    const conversation = hers.getByRole('main').getByRole('listitem').filter({ has: hers.getByRole('link', { name: openQuestion, exact: true }) });
    await conversation.getByText(text('fr', 'messages.with', { names: 'Omar Haddad' }), { exact: true }).waitFor();
    await conversation.getByRole('link', { name: openQuestion, exact: true }).click();
    await hers.waitForURL((url) => /^\/messages\/[0-9a-f-]{36}$/.test(url.pathname));
    await hers.getByRole('main').getByText(openQuestion, { exact: false }).first().waitFor();
    await hers.getByRole('main').locator(`a[href="${questionUrl}"]`).click();
    await hers.waitForURL((url) => url.pathname === `/p/${open.id}`);
    await hers.getByRole('heading', { level: 1, name: openQuestion }).waitFor();
  });

  it('suggests from the form and opens the prefilled message with JavaScript off', async () => {
    const context = await instance.browser.newContext({
      baseURL: instance.origin,
      javaScriptEnabled: false,
      locale: 'fr-CA',
      extraHTTPHeaders: { 'Accept-Language': 'fr-CA,fr;q=0.9' }
    });
    try {
      const page = await context.newPage();
      await signIn(page, 'fr', omar.email, omar.password);
      await page.goto(`/c/${network}`);
      await page.getByRole('navigation', { name: text('fr', 'common.main_navigation') }).getByRole('link', { name: text('fr', 'helpers.nav'), exact: true }).click();
      await page.getByLabel(text('fr', 'helpers.need'), { exact: true }).fill(need);
      await page.getByRole('button', { name: text('fr', 'helpers.submit'), exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === need);
      const region = suggestedFor(page, 'fr');
      expect(await names(region)).toEqual(expect.arrayContaining(['Sophie Roy', 'Léa Gagnon', 'Nadia Bouchard']));

      await region.getByRole('link', { name: text('fr', 'helpers.ask', { name: 'Nadia Bouchard' }), exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/messages/new');
      expect(await page.getByLabel(text('fr', 'messages.to_label'), { exact: true }).inputValue()).toBe(`@${nadia.handle}`);
      expect(await page.getByLabel(text('fr', 'messages.subject_label'), { exact: true }).inputValue()).toBe(topic);
      expect(await page.getByLabel(text('fr', 'messages.body_label'), { exact: true }).inputValue()).toBe(text('fr', 'helpers.ask_body', { topic }));
    } finally {
      await context.close();
    }
  });
});

describe('who can help me? in English', () => {
  it('suggests with the reasons and the button in English', async () => {
    const page = await instance.newPage('en');
    await signIn(page, 'en', emma.email, emma.password);
    const about = 'impact evaluation';
    const region = await openHelpers(page, 'en', 'I need help with impact evaluation', about);
    await page.getByRole('heading', { level: 1, name: text('en', 'helpers.title'), exact: true }).waitFor();
    const shown = await suggestions(region);
    expect(shown).toEqual(
      expect.arrayContaining([
        { name: 'Léa Gagnon', reasons: [accepted('en', 1, about)] },
        { name: 'Nadia Bouchard', reasons: [declared('en', expertise)] }
      ])
    );
    await region.getByRole('link', { name: text('en', 'helpers.ask', { name: 'Léa Gagnon' }), exact: true }).waitFor();
    await expectAccessible(page);
  });
});

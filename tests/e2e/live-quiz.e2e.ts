// Live questions during an activity, as an animator and participants live them. In French: the
// animator writes a quiz question and a poll question from the activity's page and starts with
// first names on the scoreboard; a participant on a phone (a second browser context, JavaScript on)
// sees each question and each reveal arrive without reloading, and the animator sees the answers
// come in; a participant without JavaScript answers on a page that refreshes itself, and one left on
// a question already gone is told so and nothing is counted. At the end the scoreboard names the
// best by first name. In English: a question of one choice is refused with the reason, and scores
// kept anonymous show each participant only their own.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { createEvent } from '../../src/lib/server/events';
import { createMember, expectAccessible, signIn, text, useInstance, type Member } from './harness';

const instance = useInstance();

let nadia: Member, lea: Member, omar: Member, emma: Member;
let frEvent: string, enEvent: string;

const button = (page: Page, key: Parameters<typeof text>[1], locale: 'fr' | 'en' = 'fr') => page.getByRole('button', { name: text(locale, key), exact: true });

beforeAll(async () => {
  [nadia, lea, omar, emma] = await Promise.all([
    createMember(instance.db, 'Nadia Bouchard', 'fr'),
    createMember(instance.db, 'Léa Gagnon', 'fr'),
    createMember(instance.db, 'Omar Haddad', 'fr'),
    createMember(instance.db, 'Emma Wilson', 'en')
  ]);
  const community = await createCommunity(instance.db, nadia.actor, { name: 'Accueil en santé', visibility: 'public', joinPolicy: 'open', languages: 'fr,en' });
  for (const member of [lea, omar, emma]) await joinCommunity(instance.db, member.actor, community.slug);
  const start = Date.now() + 3600_000;
  const at = (offset: number) => new Date(start + offset).toISOString();
  frEvent = (await createEvent(instance.db, nadia.actor, { communities: [community.slug], title: 'Webinaire : l’offre active', startsAt: at(0), endsAt: at(3600_000), timeZone: 'America/Toronto' })).id;
  enEvent = (await createEvent(instance.db, nadia.actor, { communities: [community.slug], title: 'Active offer, in English', startsAt: at(86_400_000), endsAt: at(90_000_000), timeZone: 'America/Toronto' })).id;
});

async function addQuestion(page: Page, locale: 'fr' | 'en', prompt: string, options: string[], correct: number | null) {
  await page.getByLabel(text(locale, 'quiz.run.prompt_label'), { exact: true }).fill(prompt);
  await page.getByLabel(text(locale, 'quiz.run.options_label'), { exact: true }).fill(options.join('\n'));
  await page.getByLabel(text(locale, 'quiz.run.correct_label'), { exact: true }).selectOption(correct === null ? '' : String(correct));
  await button(page, 'quiz.run.add', locale).click();
}

describe('live questions (fr)', () => {
  it('runs a quiz from the activity’s page while participants answer, live and without JavaScript', async () => {
    const host = await instance.newPage('fr');
    await signIn(host, 'fr', nadia.email, nadia.password);
    await host.goto(`/e/${frEvent}`);
    await host.locator('#live').getByRole('link', { name: text('fr', 'quiz.link'), exact: true }).click();
    await host.waitForURL(`/e/${frEvent}/live`);
    await host.getByText(text('fr', 'quiz.run.none'), { exact: true }).waitFor();
    await addQuestion(host, 'fr', 'Que veut dire « offre active » ?', ['Attendre qu’on demande le français', 'Offrir le français d’emblée', 'Traduire les affiches'], 1);
    await host.locator('.live-questions').getByText('Que veut dire « offre active » ?', { exact: true }).waitFor();
    await addQuestion(host, 'fr', 'Votre milieu le fait-il déjà ?', ['Oui', 'En partie', 'Pas encore'], null);
    await host.locator('.live-questions > li').nth(1).waitFor();
    await expectAccessible(host);

    // Léa waits on her phone; Omar, without JavaScript, on a page that refreshes itself.
    const phone = await instance.newPage('fr', { width: 390, height: 844 });
    await signIn(phone, 'fr', lea.email, lea.password);
    await phone.goto(`/e/${frEvent}/live`);
    await phone.getByText(text('fr', 'quiz.waiting'), { exact: true }).waitFor();
    const plain = await instance.noScriptPage('fr');
    await signIn(plain, 'fr', omar.email, omar.password);
    await plain.goto(`/e/${frEvent}/live`);
    expect(await plain.locator('meta[http-equiv="refresh"]').count()).toBe(1);

    await host.getByRole('radio', { name: text('fr', 'quiz.run.scoring.named'), exact: true }).check();
    await button(host, 'quiz.run.start').click();
    await host.getByText(text('fr', 'quiz.status.running', { number: 1, count: 2 }), { exact: true }).waitFor();

    // The question reaches the phone without a reload.
    await phone.getByRole('heading', { name: 'Que veut dire « offre active » ?' }).waitFor();
    await phone.getByRole('radio', { name: 'Offrir le français d’emblée' }).check();
    await button(phone, 'quiz.answer').click();
    await phone.getByText(text('fr', 'quiz.answered'), { exact: true }).waitFor();
    await expectAccessible(phone);
    // And reaches the animator's page as a count.
    await host.getByText(text('fr', 'quiz.answers', { count: 1 }), { exact: true }).waitFor();

    await plain.goto(`/e/${frEvent}/live`);
    await plain.getByRole('radio', { name: 'Traduire les affiches' }).check();
    await button(plain, 'quiz.answer').click();
    await plain.getByText(text('fr', 'quiz.answered'), { exact: true }).waitFor();
    await host.getByText(text('fr', 'quiz.answers', { count: 2 }), { exact: true }).waitFor();

    await button(host, 'quiz.run.reveal').click();
    const right = text('fr', 'quiz.right_answer', { choice: 'Offrir le français d’emblée' });
    await phone.getByText(right, { exact: true }).waitFor();
    await phone.getByText(text('fr', 'quiz.you_right'), { exact: true }).waitFor();
    await phone.getByText(text('fr', 'quiz.your_score', { points: 1, of: 1 }), { exact: true }).waitFor();

    // Omar's page still shows the first question; the animator moves on before he answers again.
    await button(host, 'quiz.run.next').click();
    await host.getByText(text('fr', 'quiz.status.running', { number: 2, count: 2 }), { exact: true }).waitFor();
    await phone.getByRole('heading', { name: 'Votre milieu le fait-il déjà ?' }).waitFor();
    const stale = await instance.noScriptPage('fr');
    await signIn(stale, 'fr', omar.email, omar.password);
    await stale.goto(`/e/${frEvent}/live`);
    await stale.getByRole('radio', { name: 'Oui' }).check();
    await host.getByRole('button', { name: text('fr', 'quiz.run.reveal'), exact: true }).click();
    await button(stale, 'quiz.answer').click();
    await stale.getByText(text('fr', 'quiz.errors.moved_on'), { exact: true }).waitFor();
    const counted = await instance.db.selectFrom('live_answers').select('user_id').where('event_id', '=', frEvent).where('user_id', '=', omar.actor.id).execute();
    expect(counted.length).toBe(1);

    await host.locator('.finish summary').click();
    await host.locator('.finish').getByRole('button', { name: text('fr', 'quiz.run.finish'), exact: true }).click();
    await host.getByText(text('fr', 'quiz.status.finished'), { exact: true }).waitFor();
    const board = host.locator('.board li');
    // The best scores by first name: Léa had the quiz question right, Omar did not.
    expect((await board.allTextContents()).map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([`Léa ${text('fr', 'quiz.board_points', { count: 1 })}`]);
    await phone.getByText(text('fr', 'quiz.status.finished'), { exact: true }).waitFor();
    await expectAccessible(host);
    for (const page of [host, phone, plain, stale]) await page.context().close();
  });
});

describe('live questions (en)', () => {
  it('refuses a question of one choice with the reason, and keeps anonymous scores to each participant', async () => {
    const host = await instance.newPage('en');
    await signIn(host, 'en', nadia.email, nadia.password);
    await host.goto(`/e/${enEvent}/live`);
    // Nadia reads French; the page follows her language: the journey reads it in French too.
    await addQuestion(host, 'fr', 'Capitale du Canada ?', ['Ottawa'], null);
    await host.getByText(text('fr', 'quiz.errors.too_few_options'), { exact: true }).waitFor();
    expect((await instance.db.selectFrom('live_questions').select('id').where('event_id', '=', enEvent).execute()).length).toBe(0);
    expect(await host.getByLabel(text('fr', 'quiz.run.prompt_label'), { exact: true }).inputValue()).toBe('Capitale du Canada ?');
    await addQuestion(host, 'fr', 'Capitale du Canada ?', ['Toronto', 'Ottawa'], 1);
    await host.getByRole('radio', { name: text('fr', 'quiz.run.scoring.anonymous'), exact: true }).check();
    await button(host, 'quiz.run.start').click();
    await host.getByText(text('fr', 'quiz.status.running', { number: 1, count: 1 }), { exact: true }).waitFor();

    const page = await instance.newPage('en');
    await signIn(page, 'en', emma.email, emma.password);
    await page.goto(`/e/${enEvent}`);
    await page.locator('#live').getByText(text('en', 'quiz.live_now'), { exact: true }).waitFor();
    await page.locator('#live').getByRole('link', { name: text('en', 'quiz.link'), exact: true }).click();
    await page.getByText(text('en', 'quiz.anonymous_notice'), { exact: true }).waitFor();
    await page.getByRole('radio', { name: 'Ottawa' }).check();
    await button(page, 'quiz.answer', 'en').click();
    await page.getByText(text('en', 'quiz.answered'), { exact: true }).waitFor();
    await button(host, 'quiz.run.reveal').click();
    await page.getByText(text('en', 'quiz.your_score', { points: 1, of: 1 }), { exact: true }).waitFor();
    expect(await page.locator('.board').count()).toBe(0);
    await expectAccessible(page);
    await host.context().close();
    await page.context().close();
  });
});

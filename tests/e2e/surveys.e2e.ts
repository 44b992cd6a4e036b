// Listening to members, as they live it: an animator starts the needs survey from its template,
// adjusts a question and opens it; a member answers it without JavaScript (a forgotten required
// question and a ranking with two firsts come back with what was typed), then changes the answer;
// the animator reads the results as charts and tables and downloads the CSV; an anonymous survey
// keeps no link to who answered and takes one answer each; visitors and outsiders are told why
// they cannot answer; deleting asks first; a welcome survey is asked of a newcomer after joining, put
// off once, asked again a week later and no more once answered. In French and in English.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { createMember, expectAccessible, signIn, text, useInstance, type Member } from './harness';

const instance = useInstance();

let nadia: Member, lea: Member, omar: Member, emma: Member;
let slug: string;
let surveyId: string;


const button = (page: Page, key: Parameters<typeof text>[1], locale: 'fr' | 'en' = 'fr') => page.getByRole('button', { name: text(locale, key), exact: true });

beforeAll(async () => {
  [nadia, lea, omar, emma] = await Promise.all([
    createMember(instance.db, 'Nadia Bouchard', 'fr'),
    createMember(instance.db, 'Léa Gagnon', 'fr'),
    createMember(instance.db, 'Omar Haddad', 'fr'),
    createMember(instance.db, 'Emma Wilson', 'en')
  ]);
  const community = await createCommunity(instance.db, nadia.actor, { name: 'Accueil des nouveaux arrivants', visibility: 'public', joinPolicy: 'open', languages: 'fr,en' });
  slug = community.slug;
  for (const member of [lea, omar, emma]) await joinCommunity(instance.db, member.actor, slug);
});

describe('surveys (fr)', () => {
  it('lets the animator start the needs survey from its template, adjust it and open it', async () => {
    const page = await instance.newPage('fr');
    await signIn(page, 'fr', nadia.email, nadia.password);
    await page.goto(`/c/${slug}`);
    await page.getByRole('link', { name: text('fr', 'surveys.tab'), exact: true }).click();
    await page.waitForURL(`/c/${slug}/surveys`);
    await page.getByText(text('fr', 'surveys.empty'), { exact: true }).waitFor();
    await expectAccessible(page);

    expect(await page.getByLabel(text('fr', 'surveys.title_label'), { exact: true }).inputValue()).toBe(text('fr', 'surveys.needs_default_title'));
    await button(page, 'surveys.create').click();
    await page.waitForURL((url) => /^\/f\/[^/]+\/edit$/.test(url.pathname));
    surveyId = new URL(page.url()).pathname.split('/')[2]!;
    await page.getByRole('heading', { level: 1, name: text('fr', 'surveys.builder.title', { title: text('fr', 'surveys.needs_default_title') }) }).waitFor();
    await expectAccessible(page);

    // The first question (after the section) reworded, in French only; the English stays.
    const question = page.locator('#q-expectations');
    await question.getByLabel(`${text('fr', 'surveys.builder.label_label')} (français)`, { exact: true }).fill('Qu’espérez-vous trouver ici ?');
    await question.getByRole('button', { name: text('fr', 'surveys.builder.save_question'), exact: true }).click();
    await page.locator('#q-expectations').getByText(text('fr', 'surveys.builder.saved'), { exact: true }).waitFor();
    expect(await page.locator('#q-expectations').getByLabel(`${text('fr', 'surveys.builder.label_label')} (English)`, { exact: true }).inputValue()).toBe('What do you expect from this community?');

    // A choice question left with one choice is refused for that question, and what was typed stays.
    const topics = page.locator('#q-topics');
    await topics.getByLabel(text('fr', 'surveys.builder.choices_label'), { exact: true }).fill('Seulement un | Only one');
    await topics.getByRole('button', { name: text('fr', 'surveys.builder.save_question'), exact: true }).click();
    await page.locator('#q-topics').getByText(text('fr', 'forms.errors.two_choices'), { exact: true }).waitFor();
    expect(await page.locator('#q-topics').getByLabel(text('fr', 'surveys.builder.choices_label'), { exact: true }).inputValue()).toBe('Seulement un | Only one');

    // A yes/no question added at the end.
    await page.getByLabel(text('fr', 'surveys.builder.add_label'), { exact: true }).selectOption('yes_no');
    await button(page, 'surveys.builder.add').click();
    await page.getByRole('heading', { name: text('fr', 'surveys.builder.question_heading', { n: 10, kind: text('fr', 'surveys.kinds.yes_no') }) }).waitFor();

    await button(page, 'surveys.builder.status_action.draft').click();
    await page.getByText(text('fr', 'surveys.builder.status_help.open'), { exact: true }).waitFor();
    await page.goto(`/c/${slug}/surveys`);
    await page.getByRole('link', { name: text('fr', 'surveys.needs_default_title'), exact: true }).waitFor();
  });

  it('takes a member’s answer without JavaScript, says what is missing without losing anything, and lets them change it', async () => {
    const page = await instance.noScriptPage('fr');
    try {
      await signIn(page, 'fr', lea.email, lea.password);
      await page.goto(`/f/${surveyId}`);
      await page.getByText(text('fr', 'surveys.respond.named_notice'), { exact: true }).waitFor();
      // The help topic is asked only after a yes: the page says so.
      await page.getByText(text('fr', 'surveys.respond.condition', { answers: '« Oui »', question: 'Aimeriez-vous aider à animer une activité ?' }), { exact: true }).waitFor();

      await page.getByLabel('Qu’espérez-vous trouver ici ?', { exact: true }).fill('Des contacts dans ma région');
      await page.getByRole('checkbox', { name: 'Outils et ressources', exact: true }).check();
      await page.getByLabel('Webinaire', { exact: true }).selectOption('1');
      await page.getByLabel('Atelier pratique', { exact: true }).selectOption('1');
      await button(page, 'surveys.respond.submit').click();
      // The required question and the ranking are refused, each where it is; the rest is kept.
      await page.getByRole('alert').waitFor();
      await page.getByText(text('fr', 'forms.errors.required'), { exact: true }).waitFor();
      await page.getByText(text('fr', 'forms.errors.ranking'), { exact: true }).waitFor();
      expect(await page.getByLabel('Qu’espérez-vous trouver ici ?', { exact: true }).inputValue()).toBe('Des contacts dans ma région');
      expect(await page.getByRole('checkbox', { name: 'Outils et ressources', exact: true }).isChecked()).toBe(true);

      await page.getByRole('radio', { name: 'Quelques années', exact: true }).check();
      for (const [label, rank] of [['Webinaire', '2'], ['Atelier pratique', '1'], ['5 à 7', '3'], ['Discussion en ligne', '4']] as const) await page.getByLabel(label, { exact: true }).selectOption(rank);
      await page.getByRole('checkbox', { name: 'Autre', exact: true }).check();
      await page.getByLabel(text('fr', 'surveys.respond.other_specify', { question: 'Les sujets que vous aimeriez aborder' }), { exact: true }).fill('Logement');
      await page.getByRole('radio', { name: '4', exact: true }).check();
      await button(page, 'surveys.respond.submit').click();
      await page.getByText(text('fr', 'surveys.respond.thanks'), { exact: true }).waitFor();

      // Her answer comes back to be changed.
      expect(await page.getByRole('radio', { name: 'Quelques années', exact: true }).isChecked()).toBe(true);
      expect(await page.getByLabel('Atelier pratique', { exact: true }).inputValue()).toBe('1');
      await page.getByRole('radio', { name: 'Plus de dix ans', exact: true }).check();
      await button(page, 'surveys.respond.update').click();
      await page.getByText(text('fr', 'surveys.respond.thanks'), { exact: true }).waitFor();
      expect(await page.getByRole('radio', { name: 'Plus de dix ans', exact: true }).isChecked()).toBe(true);
    } finally {
      await page.context().close();
    }
    // One response, changed in place.
    const rows = await instance.db.selectFrom('form_responses').select('user_id').where('form_id', '=', surveyId).execute();
    expect(rows).toEqual([{ user_id: lea.id }]);
  });

  it('reminds, once, those who have not answered', async () => {
    const page = await instance.newPage('fr');
    await signIn(page, 'fr', nadia.email, nadia.password);
    await page.goto(`/f/${surveyId}/edit`);
    // Léa answered; Omar and Emma did not.
    await page.getByText(text('fr', 'surveys.builder.remind_help', { count: 2 }), { exact: true }).waitFor();
    await button(page, 'surveys.builder.remind').click();
    await page.getByText(text('fr', 'surveys.builder.remind_sent'), { exact: true }).waitFor();
    await page.goto(`/f/${surveyId}/edit`);
    expect(await button(page, 'surveys.builder.remind').count()).toBe(0);

    const his = await instance.newPage('fr');
    await signIn(his, 'fr', omar.email, omar.password);
    const reminder = text('fr', 'notifications.kinds.survey_reminder', { title: text('fr', 'surveys.needs_default_title') });
    const deadline = Date.now() + 15_000;
    // The fan-out runs in the background: the reminder appears within moments.
    for (;;) {
      await his.goto('/notifications');
      if ((await his.getByRole('link', { name: reminder }).count()) > 0 || Date.now() > deadline) break;
      await his.waitForTimeout(300);
    }
    await his.getByRole('link', { name: reminder }).first().click();
    await his.waitForURL(`/f/${surveyId}`);
  });

  it('shows the animator the results as charts with their tables, and the CSV', async () => {
    const page = await instance.newPage('fr', { width: 390, height: 844 });
    await signIn(page, 'fr', nadia.email, nadia.password);
    await page.goto(`/f/${surveyId}`);
    await page.getByRole('link', { name: text('fr', 'surveys.results_link'), exact: true }).click();
    await page.waitForURL(`/f/${surveyId}/results`);
    await page.getByText(text('fr', 'surveys.results.count', { count: 1 }), { exact: false }).first().waitFor();
    const experience = page.getByRole('region', { name: '2. Votre expérience du sujet' });
    await experience.getByRole('img').first().waitFor();
    const cells = await experience.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    expect(cells.map((row) => row.slice(0, 2))).toEqual([
      ['Je découvre', '0'],
      ['Quelques années', '0'],
      ['Plus de dix ans', '1']
    ]);
    await page.getByRole('region', { name: /Les sujets que vous aimeriez aborder/ }).getByText('Logement').waitFor();
    await expectAccessible(page);

    const csv = await page.request.get(`/api/v1/forms/${surveyId}/results.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const body = await csv.text();
    expect(body).toContain('Léa Gagnon');
    expect(body).toContain('Plus de dix ans');
  });

  it('keeps no link to who answered an anonymous survey, takes one answer each, and tells others why they cannot answer', async () => {
    const page = await instance.newPage('fr');
    await signIn(page, 'fr', nadia.email, nadia.password);
    await page.goto(`/c/${slug}/surveys`);
    await page.getByLabel(text('fr', 'surveys.title_label'), { exact: true }).fill('Bilan de l’atelier');
    await page.getByRole('radio', { name: text('fr', 'surveys.template.blank'), exact: true }).check();
    await button(page, 'surveys.create').click();
    await page.waitForURL((url) => /^\/f\/[^/]+\/edit$/.test(url.pathname));
    const anonymousId = new URL(page.url()).pathname.split('/')[2]!;
    await page.getByRole('checkbox', { name: text('fr', 'surveys.builder.anonymous_label'), exact: true }).check();
    await button(page, 'surveys.builder.save_settings').click();
    await page.getByText(text('fr', 'surveys.builder.saved'), { exact: true }).waitFor();
    await button(page, 'surveys.builder.status_action.draft').click();
    await page.getByText(text('fr', 'surveys.builder.status_help.open'), { exact: true }).waitFor();

    const his = await instance.newPage('fr');
    await signIn(his, 'fr', omar.email, omar.password);
    await his.goto(`/f/${anonymousId}`);
    await his.getByText(text('fr', 'surveys.respond.anonymous_notice'), { exact: true }).waitFor();
    await his.getByLabel('Votre question', { exact: true }).fill('Trop court, mais utile');
    await button(his, 'surveys.respond.submit').click();
    await his.getByText(text('fr', 'surveys.respond.thanks_anonymous'), { exact: true }).waitFor();
    await his.goto(`/f/${anonymousId}`);
    await his.getByText(text('fr', 'surveys.respond.why.answered_anonymously'), { exact: true }).waitFor();
    expect(await his.getByRole('button', { name: text('fr', 'surveys.respond.submit'), exact: true }).count()).toBe(0);

    const responses = await instance.db.selectFrom('form_responses').select('user_id').where('form_id', '=', anonymousId).execute();
    expect(responses).toEqual([{ user_id: null }]);

    // A visitor is asked to sign in; the draft-free list shows the survey to them, not its results.
    const visitor = await instance.newPage('fr');
    await visitor.goto(`/f/${anonymousId}`);
    await visitor.getByText(text('fr', 'surveys.respond.sign_in'), { exact: false }).waitFor();
    expect((await visitor.goto(`/f/${anonymousId}/results`))?.status()).toBe(403);
    await expectAccessible(visitor);

    // Deleting asks first, then removes it with its answers.
    await page.getByRole('link', { name: text('fr', 'surveys.builder.delete'), exact: true }).click();
    await page.getByText(text('fr', 'surveys.builder.delete_confirm', { count: 1 }), { exact: true }).waitFor();
    await button(page, 'surveys.builder.delete_yes').click();
    await page.getByText(text('fr', 'surveys.deleted'), { exact: true }).waitFor();
    expect((await visitor.goto(`/f/${anonymousId}`))?.status()).toBe(404);
  });
});

describe('welcome survey (fr)', () => {
  it('asks a newcomer after joining, puts it off a week on « Plus tard », asks once more, and stops once answered', async () => {
    const page = await instance.newPage('fr');
    await signIn(page, 'fr', nadia.email, nadia.password);
    await page.goto(`/c/${slug}/surveys`);
    await page.getByLabel(text('fr', 'surveys.title_label'), { exact: true }).fill('Bienvenue dans le réseau');
    await page.getByRole('radio', { name: text('fr', 'surveys.purpose.welcome'), exact: true }).check();
    await button(page, 'surveys.create').click();
    await page.waitForURL((url) => /^\/f\/[^/]+\/edit$/.test(url.pathname));
    const welcomeId = new URL(page.url()).pathname.split('/')[2]!;
    await button(page, 'surveys.builder.status_action.draft').click();
    await page.getByText(text('fr', 'surveys.builder.status_help.open'), { exact: true }).waitFor();
    await page.goto(`/c/${slug}/surveys`);
    await page.locator('li', { has: page.getByRole('link', { name: 'Bienvenue dans le réseau', exact: true }) }).getByText(text('fr', 'surveys.welcome_badge'), { exact: true }).waitFor();
    // Lea joined before it was written: she is not asked.
    const hers = await instance.newPage('fr');
    await signIn(hers, 'fr', lea.email, lea.password);
    await hers.goto(`/c/${slug}`);
    expect(await hers.getByRole('heading', { name: text('fr', 'surveys.welcome_prompt.title'), exact: true }).count()).toBe(0);

    const ines = await createMember(instance.db, 'Inès Martin', 'fr');
    const newcomer = await instance.newPage('fr');
    await signIn(newcomer, 'fr', ines.email, ines.password);
    await newcomer.goto(`/c/${slug}`);
    await button(newcomer, 'communities.home.join').click();
    const card = newcomer.locator('section', { has: newcomer.getByRole('heading', { name: text('fr', 'surveys.welcome_prompt.title'), exact: true }) });
    await card.getByText(text('fr', 'surveys.welcome_prompt.text', { name: 'Accueil des nouveaux arrivants', title: 'Bienvenue dans le réseau' }), { exact: true }).waitFor();
    await expectAccessible(newcomer);
    await card.getByRole('button', { name: text('fr', 'surveys.welcome_prompt.skip'), exact: true }).click();
    await expect.poll(() => card.count()).toBe(0);
    await newcomer.reload();
    expect(await card.count()).toBe(0);

    // A week later it is asked once more, and says it is the last time; answered without JavaScript, it is asked no more.
    await instance.db.updateTable('form_prompts').set({ skipped_at: Date.now() - 8 * 24 * 3600 * 1000 }).where('form_id', '=', welcomeId).where('user_id', '=', ines.id).execute();
    const noScript = await instance.noScriptPage('fr');
    try {
      await signIn(noScript, 'fr', ines.email, ines.password);
      await noScript.goto(`/c/${slug}`);
      await noScript.getByText(text('fr', 'surveys.welcome_prompt.again'), { exact: true }).waitFor();
      await noScript.getByRole('link', { name: text('fr', 'surveys.welcome_prompt.answer'), exact: true }).click();
      await noScript.waitForURL(`/f/${welcomeId}`);
      await noScript.getByRole('radio', { name: 'Quelques années', exact: true }).check();
      await button(noScript, 'surveys.respond.submit').click();
      await noScript.getByText(text('fr', 'surveys.respond.thanks'), { exact: true }).waitFor();
      await noScript.goto(`/c/${slug}`);
      expect(await noScript.getByRole('heading', { name: text('fr', 'surveys.welcome_prompt.title'), exact: true }).count()).toBe(0);
    } finally {
      await noScript.context().close();
    }
  });
});

describe('surveys (en)', () => {
  it('shows a bilingual survey in English to an English-speaking member', async () => {
    const page = await instance.newPage('en');
    await signIn(page, 'en', emma.email, emma.password);
    await page.goto(`/c/${slug}/surveys`);
    await page.getByRole('link', { name: text('fr', 'surveys.needs_default_title'), exact: true }).click();
    await page.getByText(text('en', 'surveys.respond.named_notice'), { exact: true }).waitFor();
    await page.getByRole('radio', { name: 'A few years', exact: true }).waitFor();
    await page.getByLabel('Webinar', { exact: true }).waitFor();
    await expectAccessible(page);
  });

  it('asks an English-speaking newcomer the welcome survey in English', async () => {
    const sam = await createMember(instance.db, 'Sam Taylor', 'en');
    await joinCommunity(instance.db, sam.actor, slug);
    const page = await instance.newPage('en');
    await signIn(page, 'en', sam.email, sam.password);
    await page.goto(`/c/${slug}`);
    await page.getByRole('heading', { name: text('en', 'surveys.welcome_prompt.title'), exact: true }).waitFor();
    await page.getByText(text('en', 'surveys.welcome_prompt.text', { name: 'Accueil des nouveaux arrivants', title: 'Bienvenue dans le réseau' }), { exact: true }).waitFor();
    await page.getByRole('button', { name: text('en', 'surveys.welcome_prompt.skip'), exact: true }).waitFor();
  });
});

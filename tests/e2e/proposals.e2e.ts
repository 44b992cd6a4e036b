// Topic proposals, as members live them: a member proposes a topic from the community's proposals;
// another supports it from the list without JavaScript and offers to help; the animator limits how
// many each may support, turns the proposal into an activity (the form starts from its text) and it
// shows as planned; another is declined with a reason the proposer reads. In English, a member at
// the limit is told why a second support is refused, and nothing changes.
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { createPost } from '../../src/lib/server/posts';
import { createMember, expectAccessible, signIn, text, useInstance, type Member } from './harness';

const instance = useInstance();

let nadia: Member, lea: Member, omar: Member, emma: Member;
let slug: string;

const wallClock = (days: number, hour: number) => DateTime.now().setZone('America/Toronto').plus({ days }).set({ hour, minute: 0 }).toFormat("yyyy-LL-dd'T'HH:mm");


const button = (page: Page, key: Parameters<typeof text>[1], locale: 'fr' | 'en' = 'fr') => page.getByRole('button', { name: text(locale, key), exact: true });

beforeAll(async () => {
  [nadia, lea, omar, emma] = await Promise.all([
    createMember(instance.db, 'Nadia Bouchard', 'fr'),
    createMember(instance.db, 'Léa Gagnon', 'fr'),
    createMember(instance.db, 'Omar Haddad', 'fr'),
    createMember(instance.db, 'Emma Wilson', 'en')
  ]);
  const community = await createCommunity(instance.db, nadia.actor, { name: 'Médiation interculturelle', visibility: 'public', joinPolicy: 'open', languages: 'fr,en' });
  slug = community.slug;
  for (const member of [lea, omar, emma]) await joinCommunity(instance.db, member.actor, slug);
});

describe('topic proposals (fr)', () => {
  let proposalPath: string;

  it('lets a member propose a topic from the community’s proposals', async () => {
    const page = await instance.newPage('fr');
    await signIn(page, 'fr', lea.email, lea.password);
    await page.goto(`/c/${slug}`);
    await page.getByRole('link', { name: text('fr', 'proposals.tab'), exact: true }).click();
    await page.waitForURL(`/c/${slug}/proposals`);
    await page.getByText(text('fr', 'proposals.empty.open'), { exact: true }).waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: text('fr', 'proposals.propose'), exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === `/c/${slug}/posts/new` && url.searchParams.get('kind') === 'proposal');
    expect(await page.getByRole('radio', { name: new RegExp(text('fr', 'posts.kinds.proposal')) }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: text('fr', 'proposals.targets.activity'), exact: true }).check();
    await page.getByLabel(text('fr', 'posts.title_label'), { exact: true }).fill('Atelier : accueillir avec un interprète');
    await page.locator('textarea[name="body"]').fill('Comment préparer un entretien avec un interprète communautaire ?');
    await button(page, 'posts.publish').click();
    await page.waitForURL((url) => /^\/p\/[^/]+$/.test(url.pathname));
    proposalPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { level: 1, name: 'Atelier : accueillir avec un interprète' }).waitFor();
    const box = page.locator('#proposal');
    await box.getByText(text('fr', 'proposals.supports', { count: 0 })).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('lets another member support it from the list without JavaScript, and offer to help', async () => {
    const page = await instance.noScriptPage('fr');
    await signIn(page, 'fr', omar.email, omar.password);
    await page.goto(`/c/${slug}/proposals`);
    const item = page.locator('.proposal-item', { hasText: 'Atelier : accueillir avec un interprète' });
    await item.getByRole('button', { name: text('fr', 'proposals.support'), exact: true }).click();
    await page.locator('.proposal-item', { hasText: 'Atelier : accueillir avec un interprète' }).getByText(text('fr', 'proposals.supports', { count: 1 })).waitFor();
    await page.locator('.proposal-item').getByRole('button', { name: text('fr', 'proposals.unsupport'), exact: true }).waitFor();

    await page.goto(proposalPath);
    const box = page.locator('#proposal');
    await box.getByText(text('fr', 'proposals.supported'), { exact: true }).waitFor();
    await box.getByRole('button', { name: text('fr', 'proposals.volunteer'), exact: true }).click();
    await page.locator('#proposal').getByRole('listitem').filter({ hasText: 'Omar Haddad' }).waitFor();
    await page.locator('#proposal').getByText(text('fr', 'proposals.volunteers_count', { count: 1 })).waitFor();
    await page.context().close();
  });

  it('lets the animator set a limit, turn the proposal into an activity, and decline another with a reason', async () => {
    const page = await instance.newPage('fr');
    await signIn(page, 'fr', nadia.email, nadia.password);
    await page.goto(`/c/${slug}/proposals`);
    await page.getByRole('combobox', { name: text('fr', 'proposals.limit_legend'), exact: true }).selectOption('1');
    await button(page, 'proposals.limit_save').click();
    await page.getByText(text('fr', 'proposals.limit_saved'), { exact: true }).waitFor();

    await page.goto(proposalPath);
    await page.locator('#proposal summary').click();
    await page.getByRole('link', { name: text('fr', 'proposals.create_event'), exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/c/${slug}/events/new`);
    await page.getByText(text('fr', 'proposals.from_proposal', { title: 'Atelier : accueillir avec un interprète' }), { exact: true }).waitFor();
    const label = (key: Parameters<typeof text>[1]) => page.getByLabel(text('fr', key), { exact: true });
    expect(await label('events.title_label').inputValue()).toBe('Atelier : accueillir avec un interprète');
    await expectAccessible(page);
    await label('events.starts_label').fill(wallClock(10, 12));
    await label('events.ends_label').fill(wallClock(10, 13));
    await label('events.meeting_label').fill('https://meet.example.org/interpretes');
    await button(page, 'events.publish').click();
    await page.waitForURL((url) => /^\/e\/[^/]+$/.test(url.pathname));

    await page.goto(proposalPath);
    await page.locator('#proposal').getByRole('link', { name: text('fr', 'proposals.planned_as', { title: 'Atelier : accueillir avec un interprète' }) }).waitFor();
    await page.goto(`/c/${slug}/proposals?status=planned`);
    await page.locator('.proposal-item', { hasText: 'Atelier : accueillir avec un interprète' }).waitFor();

    // Another proposal, declined: the reason is asked for and told.
    const { id } = await createPost(instance.db, omar.actor, slug, { kind: 'proposal', title: 'Un club de lecture sur l’exil', body: 'Lire ensemble un récit par mois.' });
    await page.goto(`/p/${id}`);
    await page.locator('#proposal summary').click();
    await page.getByLabel(text('fr', 'proposals.decline_reason'), { exact: true }).fill('Un club existe déjà dans la communauté voisine : rejoignez-le !');
    await button(page, 'proposals.decline').click();
    await page.locator('#proposal').getByText(text('fr', 'proposals.declined_because', { reason: 'Un club existe déjà dans la communauté voisine : rejoignez-le !' }), { exact: true }).waitFor();
    await expectAccessible(page);
    await page.context().close();

    const proposer = await instance.noScriptPage('fr');
    await signIn(proposer, 'fr', omar.email, omar.password);
    await proposer.goto(`/p/${id}`);
    await proposer.locator('#proposal').getByText(text('fr', 'proposals.declined_because', { reason: 'Un club existe déjà dans la communauté voisine : rejoignez-le !' }), { exact: true }).waitFor();
    expect(await proposer.locator('#proposal').getByRole('button', { name: text('fr', 'proposals.support'), exact: true }).count()).toBe(0);
    // And is told, in the notification centre, which decision was taken.
    const told = text('fr', 'notifications.kinds.proposal_declined', { title: 'Un club de lecture sur l’exil' });
    for (let attempt = 0; attempt < 20; attempt++) {
      await proposer.goto('/notifications');
      if ((await proposer.getByRole('link', { name: told }).count()) > 0) break;
      await proposer.waitForTimeout(500);
    }
    await proposer.getByRole('link', { name: told }).waitFor();
    await proposer.context().close();
  });
});

describe('topic proposals (en)', () => {
  it('tells a member at the limit why another support is refused, and changes nothing', async () => {
    // The French journey left the limit at one open proposal each.
    await createPost(instance.db, lea.actor, slug, { kind: 'proposal', title: 'A glossary of interpreting terms', body: 'Both languages side by side.', proposalFor: 'resource' });
    await createPost(instance.db, lea.actor, slug, { kind: 'proposal', title: 'A peer-coaching circle', body: 'Once a month.' });
    const page = await instance.newPage('en');
    await signIn(page, 'en', emma.email, emma.password);
    await page.goto(`/c/${slug}/proposals?order=newest`);
    await page.getByText(text('en', 'proposals.limit_note', { limit: 1, left: 1 })).waitFor();
    await expectAccessible(page);
    const first = page.locator('.proposal-item', { hasText: 'A peer-coaching circle' });
    await first.getByRole('button', { name: text('en', 'proposals.support'), exact: true }).click();
    await page.locator('.proposal-item', { hasText: 'A peer-coaching circle' }).getByRole('button', { name: text('en', 'proposals.unsupport'), exact: true }).waitFor();
    // Back on the list as it was sorted.
    expect(new URL(page.url()).search).toBe('?order=newest');
    const second = page.locator('.proposal-item', { hasText: 'A glossary of interpreting terms' });
    await expect(second.getByText(text('en', 'proposals.targets.resource'), { exact: true }).count()).resolves.toBe(1);
    await second.getByRole('button', { name: text('en', 'proposals.support'), exact: true }).click();
    await page.getByText(text('en', 'proposals.errors.support_limit'), { exact: true }).waitFor();
    await page.locator('.proposal-item', { hasText: 'A glossary of interpreting terms' }).getByText(text('en', 'proposals.supports', { count: 0 })).waitFor();
    await page.context().close();
  });
});

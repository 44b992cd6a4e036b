// Communities as their animators and members live them: creating one with its charter, inviting by
// email, accepting, asking to join and being approved, and handing the animator role over.
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { newId } from '../../src/lib/server/ids';
import { createAccount, expectAccessible, shownWidth, latestEmail, linkIn, signIn, text, useInstance } from './harness';

const instance = useInstance();

async function createCommunity(page: Page, locale: Locale, name: string, options: { visibility: string; joinPolicy: string; logo?: Buffer }) {
  await page.goto('/communities');
  await expectAccessible(page);
  await page.getByRole('link', { name: text(locale, 'communities.create_link') }).click();
  await page.waitForURL((url) => url.pathname === '/communities/new');
  await expectAccessible(page);
  await page.getByLabel(text(locale, 'communities.fields.name'), { exact: true }).fill(name);
  await page.getByLabel(text(locale, 'communities.fields.description'), { exact: true }).fill('Des professionnels bilingues de la santé en Ontario.');
  await page.getByLabel(text(locale, 'communities.fields.regions'), { exact: true }).fill('Nord-Est, Sud-Ouest');
  await page.getByRole('radio', { name: text(locale, `communities.visibility.${options.visibility}` as 'communities.visibility.public') }).check();
  await page.getByRole('radio', { name: text(locale, `communities.join_policy.${options.joinPolicy}` as 'communities.join_policy.open') }).check();
  await page.getByLabel(text(locale, 'communities.fields.mission'), { exact: true }).fill('Améliorer l’accès aux services en français.');
  await page.getByLabel(text(locale, 'communities.fields.not_statement'), { exact: true }).fill('Pas un lobby.');
  if (options.logo) {
    await page.getByLabel(text(locale, 'communities.fields.logo'), { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: options.logo });
  }
  await page.getByRole('button', { name: text(locale, 'communities.new.submit') }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/c/'));
  return new URL(page.url()).pathname.slice('/c/'.length);
}

describe.each(['fr', 'en'] as const)('communities (%s)', (locale) => {
  it('creates a community with its charter, invites by email and the invitee joins from the link', async () => {
    const animator = await createAccount(instance.db, { name: 'Geneviève Lalonde', locale });
    const invitee = await createAccount(instance.db, { name: 'Omar Haddad', locale });
    const page = await instance.newPage(locale);
    await signIn(page, locale, animator.email, animator.password);
    const logo = await sharp({ create: { width: 300, height: 120, channels: 3, background: '#1d4ed8' } }).png().toBuffer();
    const slug = await createCommunity(page, locale, `Santé en français ${newId().slice(-6)}`, { visibility: 'private', joinPolicy: 'invite', logo });
    // The logo was resized and stored with the community, and shows in its header.
    expect(await shownWidth(page.locator('h1 img.logo'))).toBe(300);

    await page.getByRole('heading', { name: text(locale, 'communities.fields.mission') }).waitFor();
    await page.getByText('Améliorer l’accès aux services en français.').waitFor();
    await page.getByText('Pas un lobby.').waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: text(locale, 'communities.home.members_link') }).click();
    await page.waitForURL((url) => url.pathname === `/c/${slug}/members`);
    await expectAccessible(page);
    await page.getByLabel(text(locale, 'communities.members.invite_label'), { exact: true }).fill(`${invitee.email}, pas-une-adresse`);
    await page.getByRole('button', { name: text(locale, 'communities.members.invite_submit') }).click();
    await page.getByText(text(locale, 'communities.members.report_sent', { count: 1 })).waitFor();
    await page.getByText(text(locale, 'communities.members.report_invalid', { count: 1, list: 'pas-une-adresse' })).waitFor();

    const mail = await latestEmail(instance.db, invitee.email);
    const guest = await instance.newPage(locale);
    const link = linkIn(mail.text, instance.origin);
    await guest.goto(link);
    await expectAccessible(guest);
    await guest.getByRole('link', { name: text(locale, 'communities.invitation.sign_in') }).first().click();
    await guest.getByLabel(text(locale, 'auth.email_label'), { exact: true }).fill(invitee.email);
    await guest.getByLabel(text(locale, 'auth.password_label'), { exact: true }).fill(invitee.password);
    await guest.getByRole('button', { name: text(locale, 'auth.login.submit'), exact: true }).click();
    await guest.waitForURL((url) => url.pathname.startsWith('/invitations/'));
    await guest.getByRole('button', { name: text(locale, 'communities.invitation.accept') }).click();
    await guest.waitForURL((url) => url.pathname === `/c/${slug}`);
    await guest.getByText(text(locale, 'communities.home.your_role', { role: text(locale, 'communities.roles.member') })).waitFor();
    // The welcome waits on the community's page until the new member puts it away.
    const welcome = guest.getByRole('heading', { name: text(locale, 'communities.home.welcome_title', { name: await guest.locator('h1').innerText() }) });
    await welcome.waitFor();
    await expectAccessible(guest);
    await guest.getByRole('button', { name: text(locale, 'communities.home.welcome_dismiss') }).click();
    await guest.waitForURL((url) => url.pathname === `/c/${slug}` && !url.search);
    expect(await welcome.count()).toBe(0);
    await guest.reload();
    expect(await welcome.count()).toBe(0);

    // The link worked once.
    await guest.goto(link);
    await guest.getByText(text(locale, 'communities.invitation.invalid')).waitFor();
  });

  it('invites someone without an account, who signs up from the link and finds the invitation once signed in', async () => {
    const animator = await createAccount(instance.db, { name: 'Chantal Morin', locale });
    const page = await instance.newPage(locale);
    await signIn(page, locale, animator.email, animator.password);
    const name = `Océan ${newId().slice(-6)}`;
    const slug = await createCommunity(page, locale, name, { visibility: 'private', joinPolicy: 'invite' });
    const email = `awa-${newId()}@example.org`;
    await page.goto(`/c/${slug}/members`);
    await page.getByLabel(text(locale, 'communities.members.invite_label'), { exact: true }).fill(email);
    await page.getByRole('button', { name: text(locale, 'communities.members.invite_submit') }).click();
    await page.getByText(text(locale, 'communities.members.report_sent', { count: 1 })).waitFor();

    const guest = await instance.newPage(locale);
    await guest.goto(linkIn((await latestEmail(instance.db, email)).text, instance.origin));
    await guest.getByRole('link', { name: text(locale, 'communities.invitation.sign_up', { email }) }).click();
    await guest.waitForURL((url) => url.pathname === '/signup');
    expect(await guest.getByLabel(text(locale, 'auth.email_label'), { exact: true }).inputValue()).toBe(email);
    await guest.getByLabel(text(locale, 'auth.name_label'), { exact: true }).fill('Awa Diallo');
    await guest.getByLabel(text(locale, 'auth.password_label'), { exact: true }).fill('des vagues sur la grève');
    await guest.getByRole('button', { name: text(locale, 'auth.signup.submit') }).click();
    await guest.getByRole('heading', { name: text(locale, 'auth.signup.check_inbox_title') }).waitFor();
    await guest.goto(linkIn((await latestEmail(instance.db, email)).text, instance.origin));
    await guest.getByText(text(locale, 'auth.verify.done')).waitFor();

    // Signed in, the invitation waits on the home page, without the email.
    await signIn(guest, locale, email, 'des vagues sur la grève');
    await guest.getByRole('heading', { name: text(locale, 'communities.invitation.pending_heading', { count: 1 }) }).waitFor();
    await expectAccessible(guest);
    await guest.getByRole('button', { name: text(locale, 'communities.invitation.accept_named', { name }) }).click();
    await guest.waitForURL((url) => url.pathname === `/c/${slug}`);
    await guest.getByText(text(locale, 'communities.home.your_role', { role: text(locale, 'communities.roles.member') })).waitFor();
  });

  it('asks to join, is approved by the animator, who then hands the role over', async () => {
    const animator = await createAccount(instance.db, { name: 'Louise Côté', locale });
    const newcomer = await createAccount(instance.db, { name: 'Samuel Pelletier', locale });
    const page = await instance.newPage(locale);
    await signIn(page, locale, animator.email, animator.password);
    const slug = await createCommunity(page, locale, `Innovation sociale Estrie ${newId().slice(-6)}`, { visibility: 'public', joinPolicy: 'request' });

    const visitor = await instance.newPage(locale);
    await signIn(visitor, locale, newcomer.email, newcomer.password);
    await visitor.goto(`/c/${slug}`);
    await expectAccessible(visitor);
    await visitor.getByLabel(text(locale, 'communities.home.request_message'), { exact: true }).fill('Je travaille en économie sociale à Sherbrooke.');
    await visitor.getByRole('button', { name: text(locale, 'communities.home.request') }).click();
    await visitor.getByText(text(locale, 'communities.home.requested')).first().waitFor();

    await page.goto(`/c/${slug}/members`);
    await page.getByText('Je travaille en économie sociale à Sherbrooke.', { exact: false }).waitFor();
    await page.getByRole('button', { name: text(locale, 'communities.members.approve') }).click();
    await page.getByText(text(locale, 'communities.members.approved')).waitFor();
    await page.getByText('Samuel Pelletier').first().waitFor();
    await expectAccessible(page);

    await page.getByLabel(text(locale, 'communities.members.handover_to'), { exact: true }).selectOption({ label: 'Samuel Pelletier' });
    await page.getByLabel(text(locale, 'communities.members.handover_note'), { exact: true }).fill('Les comptes rendus sont dans la bibliothèque.');
    await page.getByRole('button', { name: text(locale, 'communities.members.handover_submit') }).click();
    await page.getByText(text(locale, 'communities.members.handover_done')).waitFor();

    // The new animator sees the members' tools and the history with the note.
    await visitor.goto(`/c/${slug}/members`);
    await visitor.getByRole('heading', { name: text(locale, 'communities.members.invite_heading') }).waitFor();
    await visitor.getByText('Les comptes rendus sont dans la bibliothèque.').waitFor();
    await expectAccessible(visitor);
    // The former animator no longer manages it.
    const settings = await page.goto(`/c/${slug}/settings`);
    expect(settings?.status()).toBe(403);
  });

  it('answers a hidden community exactly as a missing page to outsiders', async () => {
    const animator = await createAccount(instance.db, { name: 'Hélène Roy', locale });
    const page = await instance.newPage(locale);
    await signIn(page, locale, animator.email, animator.password);
    const slug = await createCommunity(page, locale, `Réseau caché ${newId().slice(-6)}`, { visibility: 'hidden', joinPolicy: 'invite' });
    const outsider = await instance.newPage(locale);
    const hidden = await outsider.goto(`/c/${slug}`);
    const hiddenBody = await outsider.locator('main').innerText();
    const missing = await outsider.goto(`/c/nexiste-pas-${newId()}`);
    expect(hidden?.status()).toBe(404);
    expect(missing?.status()).toBe(404);
    expect(await outsider.locator('main').innerText()).toBe(hiddenBody);
    await outsider.goto('/communities');
    expect(await outsider.content()).not.toContain(slug);
  });
});

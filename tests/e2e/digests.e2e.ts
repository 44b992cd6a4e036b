// Digests as a member lives them: she chooses on her preferences page what goes into her digest and
// when (a mistake typed there changes nothing), her community is active, the operator's `ruche
// digests send` sends it, the email names what happened with links back, and its one-click
// unsubscribe (RFC 8058) works for a mail program that is not signed in; a forged link does nothing.
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { saveNotificationSettings } from '../../src/lib/server/digests';
import { config } from '../../src/lib/server/config';
import { createPost } from '../../src/lib/server/posts';
import { newId } from '../../src/lib/server/ids';
import { createMember, expectAccessible, linkIn, signIn, text, useInstance } from './harness';

const instance = useInstance();


const someone = (name: string, locale: Locale) => createMember(instance.db, name, locale);

type Sent = { subject: string; text: string; html: string; headers: Record<string, string>; status: string };

/** Every email queued for this address, oldest first. */
async function emailsTo(to: string): Promise<Sent[]> {
  const rows = await instance.db
    .selectFrom('emails')
    .select(['subject', 'text_body', 'html_body', 'headers', 'status'])
    .where('to_address', '=', to)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ subject: r.subject, text: r.text_body, html: r.html_body ?? '', headers: JSON.parse(r.headers ?? '{}') as Record<string, string>, status: r.status }));
}

/** The email to this address with this subject, once the worker has delivered it. */
async function deliveredTo(to: string, subject: string): Promise<Sent> {
  let found: Sent | undefined;
  await expect
    .poll(async () => {
      found = (await emailsTo(to)).find((email) => email.subject === subject && email.status === 'sent');
      return Boolean(found);
    }, { timeout: 15_000, message: `the email "${subject}" to ${to} was not delivered` })
    .toBe(true);
  return found!;
}

/**
 * As if the member's last daily digest had gone out two days ago: whatever hour she chose, today's
 * (or yesterday's) is then due, so the run below never depends on the minute the journey starts.
 */
async function lastDigestTwoDaysAgo(userId: string): Promise<void> {
  const covered = Date.now() - 2 * 24 * 60 * 60 * 1000;
  await instance.db.deleteFrom('digest_watermarks').where('user_id', '=', userId).execute();
  await instance.db.insertInto('digest_watermarks').values({ user_id: userId, frequency: 'daily', covered_until: covered, sent_at: covered }).execute();
}

/** What `ruche digests send` says it sent: the number on its last line. */
async function sendDigests(): Promise<number> {
  const output = await instance.ruche('digests', 'send');
  return Number(output.trim().split('\n').at(-1));
}

const radio = (page: Page, group: string, option: string) =>
  page.getByRole('group', { name: group, exact: true }).getByRole('radio', { name: option, exact: true });

describe.each(['fr', 'en'] as const)('digests (%s)', (locale) => {
  it('chooses a daily digest, receives it from `ruche digests send`, follows its links, and unsubscribes in one click', async () => {
    const nadia = await someone('Nadia Bouchard', locale);
    const omar = await someone('Omar Haddad', locale);
    const lea = await someone('Léa Gagnon', locale);
    const created = await createCommunity(instance.db, omar.actor, { name: `Estrie ${newId().slice(-6)}`, visibility: 'private', joinPolicy: 'open' });
    await joinCommunity(instance.db, nadia.actor, created.slug);
    await joinCommunity(instance.db, lea.actor, created.slug);
    // Léa, in the same community, receives the same daily digest: what Nadia stops, Léa still gets.
    await saveNotificationSettings(instance.db, lea.actor, { digests: { [created.slug]: 'daily' } });
    const hour = DateTime.now().setZone(config().timeZone).hour;

    const page = await instance.newPage(locale);
    await signIn(page, locale, nadia.email, nadia.password);
    await page.goto('/account/notifications');
    await expectAccessible(page);
    const mentionGroup = text(locale, 'preferences.kinds.mention');
    const digestChannel = text(locale, 'preferences.channels.digest');
    const daily = text(locale, 'preferences.frequency.daily');
    const budget = page.getByLabel(text(locale, 'preferences.budget_label'), { exact: true });
    const hourField = page.getByLabel(text(locale, 'preferences.hour_label'), { exact: true });
    expect(await radio(page, mentionGroup, text(locale, 'preferences.channels.app')).isChecked()).toBe(true);
    expect(await radio(page, created.name, text(locale, 'preferences.frequency.weekly')).isChecked()).toBe(true);

    // A mistake first: a ceiling over the maximum, sent as a browser that does not check number fields
    // would. The page names it next to the field, keeps what she chose, and saves nothing.
    await radio(page, mentionGroup, digestChannel).check();
    await radio(page, created.name, daily).check();
    await hourField.selectOption(String(hour));
    await budget.evaluate((input: HTMLInputElement) => input.removeAttribute('max'));
    await budget.fill('500');
    await page.getByRole('button', { name: text(locale, 'preferences.submit') }).click();
    await page.getByText(text(locale, 'api.validation.too_big_number', { limit: 100 })).waitFor();
    await page.getByText(text(locale, 'errors.invalid')).waitFor();
    expect(await budget.getAttribute('aria-invalid')).toBe('true');
    expect(await radio(page, created.name, daily).isChecked()).toBe(true);
    await expectAccessible(page);
    await page.goto('/account/notifications');
    expect(await radio(page, mentionGroup, text(locale, 'preferences.channels.app')).isChecked()).toBe(true);
    expect(await radio(page, created.name, text(locale, 'preferences.frequency.weekly')).isChecked()).toBe(true);
    expect(await budget.inputValue()).toBe('');

    // Then her real choice: mentions in the digest, this community's digest every day at this hour.
    await radio(page, mentionGroup, digestChannel).check();
    await radio(page, created.name, daily).check();
    await hourField.selectOption(String(hour));
    await budget.fill('5');
    await page.getByRole('button', { name: text(locale, 'preferences.submit') }).click();
    await page.getByText(text(locale, 'preferences.saved')).waitFor();
    await page.reload();
    expect(await radio(page, mentionGroup, digestChannel).isChecked()).toBe(true);
    expect(await radio(page, created.name, daily).isChecked()).toBe(true);
    expect(await hourField.inputValue()).toBe(String(hour));
    expect(await budget.inputValue()).toBe('5');

    // The community is active: Omar asks a question and mentions her.
    await lastDigestTwoDaysAgo(nadia.id);
    await lastDigestTwoDaysAgo(lea.id);
    const title = `Grille d’accueil des bénévoles ${newId().slice(-4)}`;
    const { id: postId } = await createPost(instance.db, omar.actor, created.slug, { title, body: `@${nadia.handle}, tu l’as encore ?`, kind: 'question' });

    // The operator's command sends the digests due; the worker of the running server delivers them.
    expect(await sendDigests()).toBeGreaterThanOrEqual(2);
    const digest = await deliveredTo(nadia.email, text(locale, 'digests.subject_daily', { instance: 'Ruche' }));
    expect(digest.text).toContain(text(locale, 'digests.greeting', { name: 'Nadia Bouchard' }));
    expect(digest.text).toContain(`${text(locale, 'digests.kinds.mention')} — ${title}`);
    expect(digest.text).toContain(title);
    expect(digest.html).toContain(`href="${instance.origin}/p/${postId}"`);
    const postLink = linkIn(digest.text.slice(digest.text.indexOf(title)), instance.origin);
    expect(postLink).toBe(`${instance.origin}/p/${postId}`);
    await page.goto(postLink);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    // The one-click unsubscribe of RFC 8058, and the same address as the email's human link.
    expect(digest.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = /^<([^>]+)>/.exec(digest.headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
    expect(unsubscribe.startsWith(`${instance.origin}/unsubscribe/`)).toBe(true);
    expect(digest.text).toContain(`${text(locale, 'digests.unsubscribe_daily')}: ${unsubscribe}`);

    // A forged link, her token with Léa's id put in, is refused with a clear page and changes nothing.
    const signature = unsubscribe.split('.').at(-1)!;
    const forged = `${instance.origin}/unsubscribe/${Buffer.from(`${lea.id}\u0000digest:daily`).toString('base64url')}.${signature}`;
    const visitor = await instance.newPage(locale);
    const refused = await visitor.goto(forged);
    expect(refused?.status()).toBe(404);
    await visitor.getByRole('heading', { level: 1, name: text(locale, 'errors.title') }).waitFor();
    await visitor.getByText(text(locale, 'digests.unsubscribe.invalid')).waitFor();
    await expectAccessible(visitor);
    const forgedPost = await fetch(forged, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(forgedPost.status).toBe(404);
    const frequencies = async () =>
      Object.fromEntries(
        (await instance.db.selectFrom('digest_subscriptions').select(['user_id', 'frequency']).where('user_id', 'in', [nadia.id, lea.id]).execute()).map((r) => [r.user_id, r.frequency])
      );
    expect(await frequencies()).toEqual({ [nadia.id]: 'daily', [lea.id]: 'daily' });

    // Her link opened signed out asks before doing anything.
    await visitor.goto(unsubscribe);
    await visitor.getByRole('heading', { level: 1, name: text(locale, 'digests.unsubscribe.title_daily') }).waitFor();
    await visitor.getByText(text(locale, 'digests.unsubscribe.text_digest')).waitFor();
    await expectAccessible(visitor);
    expect(await frequencies()).toEqual({ [nadia.id]: 'daily', [lea.id]: 'daily' });

    // Her mail program's one-click POST, with no cookie: done, and only for her.
    const oneClick = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBeGreaterThanOrEqual(200);
    expect(oneClick.status).toBeLessThan(300);
    expect(await frequencies()).toEqual({ [nadia.id]: 'none', [lea.id]: 'daily' });
    await page.goto('/account/notifications');
    expect(await radio(page, created.name, text(locale, 'preferences.frequency.none')).isChecked()).toBe(true);

    // The button on the page she had opened says it is done (doing it twice is harmless).
    await visitor.getByRole('button', { name: text(locale, 'digests.unsubscribe.confirm') }).click();
    await visitor.getByRole('heading', { level: 1, name: text(locale, 'digests.unsubscribe.done_title') }).waitFor();
    await visitor.getByText(text(locale, 'digests.unsubscribe.done_digest')).waitFor();
    await expectAccessible(visitor);

    // A day later there is news again: Léa's digest goes out, none to Nadia.
    await lastDigestTwoDaysAgo(nadia.id);
    await lastDigestTwoDaysAgo(lea.id);
    const next = `Covoiturage pour la formation ${newId().slice(-4)}`;
    await createPost(instance.db, omar.actor, created.slug, { title: next, body: 'Qui part de Sherbrooke ?', kind: 'discussion' });
    const before = (await emailsTo(nadia.email)).length;
    expect(await sendDigests()).toBeGreaterThanOrEqual(1);
    expect((await emailsTo(lea.email)).some((email) => email.text.includes(next))).toBe(true);
    expect((await emailsTo(nadia.email)).length).toBe(before);
  });
});

// A member's whole life with an account, in both languages: signing up, confirming the address from
// the email, signing in and out, the saved language, mistakes and guessing, and personal API tokens.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { newId } from '../../src/lib/server/ids';
import { createAccount, expectAccessible, latestEmail, linkIn, signIn, text, useInstance } from './harness';

const instance = useInstance();

function other(locale: Locale): Locale {
  return locale === 'fr' ? 'en' : 'fr';
}

async function fillSignUp(page: Page, locale: Locale, fields: { name: string; email: string; password: string }) {
  await page.goto('/signup');
  await page.getByLabel(text(locale, 'auth.name_label'), { exact: true }).fill(fields.name);
  await page.getByLabel(text(locale, 'auth.email_label'), { exact: true }).fill(fields.email);
  await page.getByLabel(text(locale, 'auth.password_label'), { exact: true }).fill(fields.password);
  await page.getByRole('button', { name: text(locale, 'auth.signup.submit') }).click();
  await page.waitForLoadState('load');
}

describe.each(['fr', 'en'] as const)('accounts (%s)', (locale) => {
  it('signs up, confirms the address from the email, signs in, keeps the chosen language and signs out', async () => {
    const email = `nadia-${newId()}@example.org`;
    const password = 'des abeilles dans le verger';
    const page = await instance.newPage(locale);
    await page.goto('/signup');
    await expectAccessible(page);
    await fillSignUp(page, locale, { name: 'Nadia Bouchard', email, password });
    await page.getByRole('heading', { name: text(locale, 'auth.signup.check_inbox_title') }).waitFor();
    await expectAccessible(page);

    // Not confirmed yet: signing in is refused with an explanation.
    await signIn(page, locale, email, password);
    await page.getByText(text(locale, 'auth.errors.email_not_verified')).waitFor();

    const message = await latestEmail(instance.db, email);
    await page.goto(linkIn(message.text, instance.origin));
    await page.getByText(text(locale, 'auth.verify.done')).waitFor();
    await expectAccessible(page);

    await signIn(page, locale, email, password);
    await page.getByText(text(locale, 'home.signed_in_as', { name: 'Nadia Bouchard' })).waitFor();

    // The saved preference wins over the browser's language, on any device.
    await page.goto('/account');
    await expectAccessible(page);
    await page.getByLabel(text(locale, 'account.locale_label'), { exact: true }).selectOption(other(locale));
    await page.getByRole('button', { name: text(locale, 'account.profile_submit') }).click();
    await page.getByText(text(other(locale), 'account.profile_saved')).waitFor();

    await page.locator('summary', { hasText: 'Nadia Bouchard' }).click();
    await page.getByRole('button', { name: text(other(locale), 'common.sign_out'), exact: true }).click();
    await page.waitForLoadState('load');
    expect(await page.context().cookies()).not.toContainEqual(expect.objectContaining({ name: 'ruche.session_token' }));
    expect((await page.goto('/account'))?.url()).toContain('/login');

    const elsewhere = await instance.newPage(locale);
    await signIn(elsewhere, locale, email, password);
    await elsewhere.getByText(text(other(locale), 'home.signed_in_as', { name: 'Nadia Bouchard' })).waitFor();
    expect(await elsewhere.locator('html').getAttribute('lang')).toBe(other(locale));
  });

  it('gives the same answer for a wrong password and for an unknown address', async () => {
    const account = await createAccount(instance.db, { locale });
    const page = await instance.newPage(locale);
    await signIn(page, locale, account.email, 'not the right password');
    const wrong = await page.getByRole('alert').innerText();
    expect(wrong).toContain(text(locale, 'auth.errors.invalid_credentials'));
    await expectAccessible(page);

    await signIn(page, locale, `nobody-${newId()}@example.org`, 'not the right password');
    expect(await page.getByRole('alert').innerText()).toBe(wrong);
  });

  it('refuses a common password and creates no account', async () => {
    const email = `marc-${newId()}@example.org`;
    const page = await instance.newPage(locale);
    await fillSignUp(page, locale, { name: 'Marc Lévesque', email, password: 'password123' });
    await page.getByText(text(locale, 'auth.errors.too_common')).first().waitFor();
    await expectAccessible(page);
    const created = await instance.db.selectFrom('users').select('id').where('email', '=', email).execute();
    expect(created).toEqual([]);
  });

  it('stops password guessing on an account with a 429 and a translated message', async () => {
    const account = await createAccount(instance.db, { locale });
    const page = await instance.newPage(locale);
    let last = 0;
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = page.waitForResponse((r) => r.request().method() === 'POST');
      await signIn(page, locale, account.email, `guess number ${attempt}`);
      const answered = await response;
      last = answered.status();
      retryAfter = await answered.headerValue('retry-after');
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    await page.getByText(text(locale, 'auth.errors.rate_limited', { minutes: 15 })).waitFor();
    await expectAccessible(page);

    // Even the right password waits until the limit expires.
    await signIn(page, locale, account.email, account.password);
    await page.getByText(text(locale, 'auth.errors.rate_limited', { minutes: 15 })).waitFor();
  });

  it('creates a personal API token shown once, which works until it is revoked', async () => {
    const account = await createAccount(instance.db, { locale });
    const page = await instance.newPage(locale);
    await signIn(page, locale, account.email, account.password);
    await page.goto('/account/tokens');
    await expectAccessible(page);
    await page.getByLabel(text(locale, 'tokens.name_label'), { exact: true }).fill('Export du répertoire');
    await page.getByRole('button', { name: text(locale, 'tokens.create_button') }).click();
    const secretField = page.getByLabel(text(locale, 'tokens.secret_label'), { exact: true });
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^ruche_/);
    await expectAccessible(page);

    const me = await fetch(`${instance.origin}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: account.email });

    await page.goto('/account/tokens');
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('link', { name: text(locale, 'tokens.revoke_label', { name: 'Export du répertoire' }) }).click();
    await page.getByRole('heading', { name: text(locale, 'tokens.confirm_heading', { name: 'Export du répertoire' }) }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: text(locale, 'tokens.confirm_button') }).click();
    await page.getByText(text(locale, 'tokens.revoked')).waitFor();

    const after = await fetch(`${instance.origin}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toContain('application/problem+json');
  });
});

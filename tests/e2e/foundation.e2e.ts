// A new instance as its first visitor and its administrator see it: the invitation to set it up,
// the two languages, the security headers, keyboard access and a phone-sized screen.
import { describe, expect, it } from 'vitest';
import { expectAccessible, signIn, text, useInstance } from './harness';

const instance = useInstance();

describe('a brand-new instance', () => {
  it('invites the first visitor to create the administrator account, in French by default', async () => {
    const page = await instance.newPage('fr');
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByRole('heading', { name: text('fr', 'home.setup_title') }).waitFor();
    await expectAccessible(page);

    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('switches to English and back with the visible language switch', async () => {
    const page = await instance.newPage('fr');
    await page.goto('/');
    await page.getByRole('button', { name: text('fr', 'common.switch_to_label') }).click();
    await page.getByRole('heading', { name: text('en', 'home.setup_title') }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(page);
    await page.getByRole('button', { name: text('en', 'common.switch_to_label') }).click();
    await page.getByRole('heading', { name: text('fr', 'home.setup_title') }).waitFor();
  });

  it('follows the browser’s language when no choice was made', async () => {
    const page = await instance.newPage('en');
    await page.goto('/');
    await page.getByRole('heading', { name: text('en', 'home.setup_title') }).waitFor();
  });

  it('offers a skip link as the first stop of the keyboard', async () => {
    const page = await instance.newPage('fr');
    await page.goto('/');
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe(text('fr', 'common.skip_to_content'));
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('fits a 360-pixel-wide phone without sideways scrolling', async () => {
    const page = await instance.newPage('fr', { width: 360, height: 740 });
    for (const path of ['/', '/signup', '/login', '/search?q=formation']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});

describe('the first administrator', () => {
  const password = 'ruches et abeilles de l’Estrie';

  it('is created from the invitation on the home page', async () => {
    const page = await instance.newPage('fr');
    await page.goto('/');
    await page.getByRole('link', { name: text('fr', 'home.setup_action') }).click();
    await page.waitForURL((url) => url.pathname === '/setup');
    await expectAccessible(page);
    await page.getByLabel(text('fr', 'auth.name_label'), { exact: true }).fill('Camille Roy');
    await page.getByLabel(text('fr', 'auth.email_label'), { exact: true }).fill('camille@example.org');
    await page.getByLabel(text('fr', 'auth.password_label'), { exact: true }).fill(password);
    await page.getByRole('button', { name: text('fr', 'auth.setup.submit') }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByText(text('fr', 'home.signed_in_as', { name: 'Camille Roy' })).waitFor();

    // Setting up is possible once only.
    await page.goto('/setup');
    expect(new URL(page.url()).pathname).not.toBe('/setup');
  });

  it.each(['fr', 'en'] as const)('reaches the administration pages (%s)', async (locale) => {
    const page = await instance.newPage(locale);
    await signIn(page, locale, 'camille@example.org', password);
    await page.getByRole('link', { name: text(locale, 'common.admin') }).click();
    await page.waitForURL((url) => url.pathname === '/admin');
    await expectAccessible(page);
    for (const path of ['/admin/outbox', '/admin/jobs']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expectAccessible(page);
    }
  });
});

describe('administration', () => {
  it('answers 404 to a visitor who is not an administrator, exactly as a missing page', async () => {
    const page = await instance.newPage('fr');
    const admin = await page.goto('/admin/outbox');
    expect(admin?.status()).toBe(404);
    const adminBody = await page.locator('main').innerText();
    const missing = await page.goto('/there-is-nothing-here');
    expect(missing?.status()).toBe(404);
    expect(await page.locator('main').innerText()).toBe(adminBody);
    await expectAccessible(page);
  });
});

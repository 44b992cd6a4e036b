// The initiative map as members and visitors meet it: a member describes an initiative with its
// position in a community and finds it in the community's list under its region, on the map (a
// marker whose popup links to it) and in search; a visitor never sees one kept for a community's
// members, in the list or at its address; without JavaScript the list stands alone, no map; a
// latitude out of range is refused with its message and nothing is saved; and the same in English.
// The instance's tiles come from a tiny server of this file answering every tile with one pixel.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { createCommunity } from '../../src/lib/server/communities';
import { createInitiative } from '../../src/lib/server/initiatives';
import { createMember, expectAccessible, signIn, text, useInstance, type Member } from './harness';

const pixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
let tilesServed = 0;
const tiles = http.createServer((_request, response) => {
  tilesServed++;
  response.writeHead(200, { 'content-type': 'image/png', 'content-length': pixel.length, 'cache-control': 'max-age=3600' });
  response.end(pixel);
});
let tileOrigin = '';

const instance = useInstance({
  env: async () => {
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    tileOrigin = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}`;
    return { MAP_TILES_URL: `${tileOrigin}/{z}/{x}/{y}.png`, MAP_ATTRIBUTION: '© Tuiles <b>de test</b>' };
  }
});

afterAll(async () => {
  tiles.closeAllConnections();
  await new Promise((resolve) => tiles.close(resolve));
});

/** A made-up word of lowercase letters: unique to a run, and a plain search term. */
const word = (prefix: string) => prefix + Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

async function signedIn(person: Member, locale: Locale, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await instance.newPage(locale, viewport);
  await signIn(page, locale, person.email, person.password);
  return page;
}

const initiativesTitled = async (title: string) => (await instance.db.selectFrom('initiatives').select('id').where('title', '=', title).execute()).length;

/** Fills the initiative form; coordinates as typed, left alone when not given. */
async function fillForm(page: Page, locale: Locale, values: { title: string; description: string; region: string; place?: string; latitude?: string; longitude?: string; themes?: string }) {
  const form = page.getByRole('main');
  await form.getByLabel(text(locale, 'initiatives.form.title'), { exact: true }).fill(values.title);
  await form.getByLabel(text(locale, 'initiatives.form.description'), { exact: true }).fill(values.description);
  await form.getByLabel(text(locale, 'initiatives.form.region'), { exact: true }).fill(values.region);
  if (values.place) await form.getByLabel(text(locale, 'initiatives.form.place'), { exact: true }).fill(values.place);
  if (values.latitude) await form.getByLabel(text(locale, 'initiatives.form.latitude'), { exact: true }).fill(values.latitude);
  if (values.longitude) await form.getByLabel(text(locale, 'initiatives.form.longitude'), { exact: true }).fill(values.longitude);
  if (values.themes) await form.getByLabel(text(locale, 'initiatives.form.themes'), { exact: true }).fill(values.themes);
}

describe('the initiative map', () => {
  const locale = 'fr';
  const w = word('jardin');
  const title = `Jardin collectif ${w}`;
  const privateTitle = `Cuisine réservée ${word('cuisine')}`;
  const publicTitle = `Friperie solidaire ${word('friperie')}`;
  let member: Member;
  let slug = '';
  let privateId = '';

  beforeAll(async () => {
    member = await createMember(instance.db, 'Geneviève Bouchard', locale);
    slug = (await createCommunity(instance.db, member.actor, { name: `Alimentation Estrie ${w.slice(-6)}`, visibility: 'public', joinPolicy: 'open' })).slug;
    // One kept for the community's members, one for everyone; both placed on the map.
    privateId = (await createInitiative(instance.db, member.actor, { title: privateTitle, description: 'Des repas cuisinés ensemble.', region: 'Mauricie', latitude: 46.35, longitude: -72.55, visibility: 'communities', communities: [slug] })).id;
    await createInitiative(instance.db, member.actor, { title: publicTitle, description: 'Des vêtements à petit prix.', region: 'Outaouais', place: 'Gatineau', latitude: 45.48, longitude: -75.7, themes: ['entraide'], visibility: 'public', communities: [] });
  });

  it('a member describes an initiative in a community, then finds it under its region, on the map and in search', async () => {
    const page = await signedIn(member, locale);
    await page.goto(`/c/${slug}`);
    await page.getByRole('navigation', { name: /Alimentation Estrie/ }).getByRole('link', { name: text(locale, 'initiatives.nav'), exact: true }).click();
    await page.waitForURL(`**/c/${slug}/initiatives`);
    await expectAccessible(page);

    await page.getByRole('main').getByRole('link', { name: text(locale, 'initiatives.list.new'), exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === '/initiatives/new' && url.searchParams.get('community') === slug);
    await page.getByRole('heading', { level: 1, name: text(locale, 'initiatives.form.new_title') }).waitFor();
    // The community comes chosen, and the initiative kept for its members.
    expect(await page.getByRole('checkbox', { name: /Alimentation Estrie/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: new RegExp(text(locale, 'initiatives.visibility.communities')) }).isChecked()).toBe(true);
    // With a tile server and JavaScript, the form has its picking map.
    await page.getByRole('region', { name: text(locale, 'initiatives.map.pick_label') }).waitFor();
    await expectAccessible(page);

    // A click on the map fills both coordinates; typing them (with French commas) replaces that.
    await page.getByRole('region', { name: text(locale, 'initiatives.map.pick_label') }).click({ position: { x: 120, y: 90 } });
    await expect.poll(() => page.getByLabel(text(locale, 'initiatives.form.latitude'), { exact: true }).inputValue()).toMatch(/^-?\d+(\.\d+)?$/);
    await fillForm(page, locale, { title, description: `Un jardin partagé où l’on cultive ${w} et des légumes.`, region: 'Estrie', place: 'Sherbrooke', latitude: '45,40', longitude: '-71,89', themes: 'alimentation, jeunesse' });
    await page.getByRole('button', { name: text(locale, 'initiatives.form.publish'), exact: true }).click();
    await page.waitForURL(/\/initiatives\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const row = await instance.db.selectFrom('initiatives').select(['latitude', 'longitude', 'region']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ latitude: 45.4, longitude: -71.89, region: 'Estrie' });
    // Its page: a single marker, the themes as links to the filtered list.
    await page.getByRole('region', { name: text(locale, 'initiatives.map.single_label', { title }) }).locator('path.leaflet-interactive').waitFor();
    expect(await page.getByRole('link', { name: 'jeunesse', exact: true }).getAttribute('href')).toBe('/initiatives?theme=jeunesse');
    await expectAccessible(page);

    // The community's list: under the heading of its region, and on the map with the others.
    await page.goto(`/c/${slug}/initiatives`);
    const region = page.getByRole('region', { name: /^Estrie/ });
    await region.getByRole('heading', { level: 3, name: /^Estrie/ }).waitFor();
    await region.getByRole('link', { name: title, exact: true }).waitFor();
    await page.getByRole('region', { name: /^Mauricie/ }).getByRole('link', { name: privateTitle, exact: true }).waitFor();
    const map = page.getByRole('region', { name: text(locale, 'initiatives.map.label') });
    await map.locator('.leaflet-tile-loaded').first().waitFor();
    expect(tilesServed).toBeGreaterThan(0);
    // The configured credit is shown as text, not as markup.
    await map.getByText('© Tuiles <b>de test</b>').waitFor();
    const markers = map.locator('path.leaflet-interactive');
    await expect.poll(() => markers.count()).toBe(2);
    // Markers follow the map's order (newest first): the member's initiative is the first one.
    await markers.first().click();
    const popupLink = map.locator('.leaflet-popup-content a');
    await popupLink.waitFor();
    expect(await popupLink.textContent()).toBe(title);
    expect(await popupLink.getAttribute('href')).toBe(`/initiatives/${id}`);
    await expectAccessible(page);

    // Filtering by theme leaves it alone in the list and on the map.
    await page.getByLabel(text(locale, 'initiatives.list.theme'), { exact: true }).selectOption('jeunesse');
    await page.getByRole('button', { name: text(locale, 'initiatives.list.apply'), exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('theme') === 'jeunesse');
    await expect.poll(() => page.getByRole('main').getByRole('link', { name: privateTitle }).count()).toBe(0);
    await page.getByRole('main').getByRole('link', { name: title, exact: true }).first().waitFor();
    await expect.poll(() => markers.count()).toBe(1);

    // Search finds it under the Initiatives tab.
    await page.goto(`/search?q=${w}`);
    await page.getByRole('main').getByRole('link', { name: text(locale, 'search.types.initiatives'), exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('type') === 'initiatives');
    await page.getByRole('main').getByRole('link', { name: title }).first().waitFor();
  });

  it('shows a visitor the public initiatives only, and answers 404 at the address of one kept for members', async () => {
    const page = await instance.newPage(locale);
    const response = await page.goto('/initiatives');
    expect(response?.status()).toBe(200);
    // The tile server's origin joins img-src, and nothing else changes.
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(new RegExp(`img-src [^;]*${tileOrigin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(policy).toMatch(/script-src 'self'/);
    expect(policy).not.toMatch(new RegExp(`(script|connect|default)-src [^;]*${tileOrigin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await page.getByRole('region', { name: /^Outaouais/ }).getByRole('link', { name: publicTitle, exact: true }).waitFor();
    expect(await page.getByRole('link', { name: privateTitle }).count()).toBe(0);
    expect(await page.getByRole('link', { name: text(locale, 'initiatives.list.new') }).count()).toBe(0);
    await page.getByRole('region', { name: text(locale, 'initiatives.map.label') }).locator('path.leaflet-interactive').first().waitFor();
    expect(await page.getByRole('region', { name: text(locale, 'initiatives.map.label') }).locator('path.leaflet-interactive').count()).toBe(1);
    await expectAccessible(page);
    const hidden = await page.goto(`/initiatives/${privateId}`);
    expect(hidden?.status()).toBe(404);
    expect(await page.getByText(privateTitle).count()).toBe(0);
  });

  it('without JavaScript, shows the list by region and no map', async () => {
    const context = await instance.browser.newContext({
      baseURL: instance.origin,
      javaScriptEnabled: false,
      locale: 'fr-CA',
      extraHTTPHeaders: { 'Accept-Language': 'fr-CA,fr;q=0.9' }
    });
    try {
      const page = await context.newPage();
      await signIn(page, locale, member.email, member.password);
      await page.goto('/initiatives');
      await page.getByRole('heading', { level: 2, name: /^Outaouais/ }).waitFor();
      await page.getByRole('heading', { level: 2, name: /^Mauricie/ }).waitFor();
      await page.getByRole('link', { name: privateTitle, exact: true }).waitFor();
      expect(await page.locator('.initiative-map, .leaflet-container').count()).toBe(0);
      // The filters are a plain GET form.
      await page.getByLabel(text(locale, 'initiatives.list.region'), { exact: true }).selectOption('Outaouais');
      await page.getByRole('button', { name: text(locale, 'initiatives.list.apply'), exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('region') === 'Outaouais');
      await page.getByRole('link', { name: publicTitle, exact: true }).waitFor();
      expect(await page.getByRole('link', { name: privateTitle }).count()).toBe(0);
      // The form too, without its picking map.
      await page.goto('/initiatives/new');
      await page.getByLabel(text(locale, 'initiatives.form.latitude'), { exact: true }).waitFor();
      expect(await page.locator('.initiative-map, .leaflet-container').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('refuses a latitude out of range with its message, keeps what was typed and saves nothing', async () => {
    const page = await signedIn(member, locale);
    await page.goto('/initiatives/new');
    const refused = `Latitude fausse ${word('')}`;
    await fillForm(page, locale, { title: refused, description: 'Une position impossible.', region: 'Estrie', latitude: '123', longitude: '-71,89' });
    await page.getByRole('button', { name: text(locale, 'initiatives.form.publish'), exact: true }).click();
    await page.getByText(text(locale, 'initiatives.errors.latitude'), { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/initiatives/new');
    expect(await page.getByLabel(text(locale, 'initiatives.form.latitude'), { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel(text(locale, 'initiatives.form.title'), { exact: true }).inputValue()).toBe(refused);
    expect(await initiativesTitled(refused)).toBe(0);
    await expectAccessible(page);
  });

  it('fits a 360-pixel phone with its map, without sideways scrolling', async () => {
    const page = await signedIn(member, locale, { width: 360, height: 780 });
    for (const path of ['/initiatives', `/c/${slug}/initiatives`, '/initiatives/new']) {
      await page.goto(path);
      await page.locator('.initiative-map').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
    }
  });

  it('speaks English: the list, the form and its refusal of a longitude out of range', async () => {
    const english = await createMember(instance.db, 'Sarah Thompson', 'en');
    const page = await signedIn(english, 'en');
    await page.goto('/initiatives');
    await page.getByRole('heading', { level: 1, name: text('en', 'initiatives.list.title'), exact: true }).waitFor();
    await page.getByRole('region', { name: text('en', 'initiatives.map.label') }).waitFor();
    // Another member's initiative offers to write to them, its link in the message.
    await page.getByRole('link', { name: publicTitle, exact: true }).click();
    const contact = new URL((await page.getByRole('link', { name: text('en', 'initiatives.page.contact'), exact: true }).getAttribute('href'))!, instance.origin);
    expect(contact.pathname).toBe('/messages/new');
    expect(contact.searchParams.get('to')).toBe(member.handle);
    expect(contact.searchParams.get('body')).toContain(page.url());
    await page.goto('/initiatives');
    await page.getByRole('link', { name: text('en', 'initiatives.list.new'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: text('en', 'initiatives.form.new_title') }).waitFor();
    const refused = `Longitude wrong ${word('')}`;
    await fillForm(page, 'en', { title: refused, description: 'An impossible place.', region: 'Northern Ontario', latitude: '46.49', longitude: '200' });
    await page.getByRole('button', { name: text('en', 'initiatives.form.publish'), exact: true }).click();
    await page.getByText(text('en', 'initiatives.errors.longitude'), { exact: true }).waitFor();
    expect(await initiativesTitled(refused)).toBe(0);
    await expectAccessible(page);
  });
});

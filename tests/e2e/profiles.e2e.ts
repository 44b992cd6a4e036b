// A member fills in a profile, choosing who sees what; others see exactly that, and the directory
// finds people by what they show.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/server/ids';
import { createAccount, expectAccessible, shownWidth, signIn, text, useInstance } from './harness';

const instance = useInstance();

describe.each(['fr', 'en'] as const)('profiles and the directory (%s)', (locale) => {
  it('shows each profile field only to the people its owner chose, and finds members by what they show', async () => {
    const suffix = newId().slice(-6);
    const owner = await createAccount(instance.db, { name: `Rosalie Gauthier ${suffix}`, locale });
    const viewer = await createAccount(instance.db, { name: `Thomas Nguyen ${suffix}`, locale });

    const page = await instance.newPage(locale);
    await signIn(page, locale, owner.email, owner.password);
    await page.goto('/account/profile');
    await expectAccessible(page);
    const field = (key: 'profiles.fields.region' | 'profiles.fields.bio' | 'profiles.fields.expertise') =>
      page.getByLabel(text(locale, key), { exact: true });
    const visibility = (key: 'profiles.fields.region' | 'profiles.fields.bio') =>
      page.getByLabel(text(locale, 'profiles.visibility_label', { field: text(locale, key) }), { exact: true });
    await field('profiles.fields.region').fill(`Estrie-${suffix}`);
    await visibility('profiles.fields.region').selectOption('instance');
    await field('profiles.fields.bio').fill(`Travailleuse sociale ${suffix}, seulement pour mes communautés.`);
    await visibility('profiles.fields.bio').selectOption('communities');
    await field('profiles.fields.expertise').fill('Évaluation, Médiation');
    await page.getByRole('button', { name: text(locale, 'profiles.edit.submit') }).click();
    await page.getByText(text(locale, 'profiles.edit.saved')).waitFor();

    // A file that is not a picture is refused with a clear message; a photo becomes the avatar.
    const avatarInput = page.getByLabel(text(locale, 'profiles.edit.avatar_file'), { exact: true });
    await avatarInput.setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('pas une image') });
    await page.getByRole('button', { name: text(locale, 'profiles.edit.avatar_submit') }).click();
    await page.getByText(text(locale, 'images.errors.unsupported')).waitFor();
    expect(await page.locator('img.picture-preview').count()).toBe(0);
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#9d174d' } }).jpeg().toBuffer();
    await avatarInput.setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: text(locale, 'profiles.edit.avatar_submit') }).click();
    await page.getByText(text(locale, 'profiles.edit.saved')).waitFor();
    expect(await shownWidth(page.locator('img.picture-preview'))).toBe(256);
    await expectAccessible(page);
    await page.getByRole('link', { name: text(locale, 'profiles.edit.view') }).click();
    await page.getByText(`Estrie-${suffix}`).waitFor();
    await page.getByText(`Travailleuse sociale ${suffix}`).waitFor();
    await expectAccessible(page);
    const profilePath = new URL(page.url()).pathname;

    // Another member sees the region, not what is kept for shared communities.
    const other = await instance.newPage(locale);
    await signIn(other, locale, viewer.email, viewer.password);
    await other.goto(profilePath);
    await other.getByText(`Estrie-${suffix}`).waitFor();
    expect(await other.content()).not.toContain(`Travailleuse sociale ${suffix}`);
    // A visitor who is not signed in sees neither.
    const visitor = await instance.newPage(locale);
    await visitor.goto(profilePath);
    await visitor.getByRole('heading', { name: new RegExp(`Rosalie Gauthier ${suffix}`) }).waitFor();
    expect(await visitor.content()).not.toContain(`Estrie-${suffix}`);
    // The avatar is kept for members of the instance (the default level): none for the visitor, and
    // its address answers as if there were none.
    expect(await visitor.locator('img.avatar').count()).toBe(0);
    expect((await visitor.request.get(`${profilePath}/avatar`)).status()).toBe(404);
    expect(await shownWidth(other.locator('img.avatar'))).toBe(256);

    await other.goto('/directory');
    await expectAccessible(other);
    await other.getByLabel(text(locale, 'directory.region'), { exact: true }).fill(`Estrie-${suffix}`);
    await other.getByRole('button', { name: text(locale, 'directory.apply') }).click();
    await other.getByRole('heading', { name: text(locale, 'directory.count', { count: 1 }) }).waitFor();
    await other.getByRole('link', { name: `Rosalie Gauthier ${suffix}` }).waitFor();
    await other.getByLabel(text(locale, 'directory.expertise'), { exact: true }).fill('évaluation');
    await other.getByRole('button', { name: text(locale, 'directory.apply') }).click();
    await other.getByRole('link', { name: `Rosalie Gauthier ${suffix}` }).waitFor();
    await expectAccessible(other);
  });
});

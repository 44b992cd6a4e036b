// A member fills in a profile, choosing who sees what; others see exactly that, and the directory
// finds people by what they show.
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/server/ids';
import { createAccount, expectAccessible, signIn, text, useInstance } from './harness';

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

// An administrator cleans up the organisations members typed: finds a duplicate, merges it after a
// confirmation, and the member's profile follows.
import { describe, it } from 'vitest';
import { newId } from '../../src/lib/server/ids';
import { updateProfile } from '../../src/lib/server/profiles';
import { createAccount, expectAccessible, signIn, text, useInstance } from './harness';

const instance = useInstance();

describe.each(['fr', 'en'] as const)('organisations (%s)', (locale) => {
  it('merges a duplicate organisation after a confirmation', async () => {
    const suffix = newId().slice(-6);
    const admin = await createAccount(instance.db, { name: 'Admin Ruche', role: 'admin', locale });
    const member = await createAccount(instance.db, { name: `Paul Girard ${suffix}`, locale });
    const actor = { id: member.id, name: member.name, email: member.email, role: 'member' as const, locale, emailVerified: true };
    await updateProfile(instance.db, actor, { organisation: `CIUSSS Estrie ${suffix}` });
    const other = await createAccount(instance.db, { name: `Léa Fortin ${suffix}`, locale });
    await updateProfile(instance.db, { ...actor, id: other.id, name: other.name, email: other.email }, { organisation: `CIUSSS de l’Estrie-CHUS ${suffix}` });

    const page = await instance.newPage(locale);
    await signIn(page, locale, admin.email, admin.password);
    await page.goto('/admin/organisations');
    await page.getByLabel(text(locale, 'admin.organisations_search'), { exact: true }).fill(suffix);
    await page.getByRole('button', { name: text(locale, 'admin.filter_apply') }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: `CIUSSS Estrie ${suffix}` }).click();
    await page.getByText(text(locale, 'admin.organisations_usage', { members: 1, communities: 0 })).waitFor();
    await expectAccessible(page);

    await page.getByLabel(text(locale, 'admin.organisations_merge_into'), { exact: true }).fill(`ciusss de l’estrie-chus ${suffix}`);
    await page.getByRole('button', { name: text(locale, 'admin.organisations_merge_submit') }).click();
    await page.getByRole('button', { name: text(locale, 'admin.organisations_merge_yes') }).click();
    await page.getByText(text(locale, 'admin.organisations_merged')).waitFor();
    await page.getByText(text(locale, 'admin.organisations_usage', { members: 2, communities: 0 })).waitFor();

    const profile = await instance.newPage(locale);
    await signIn(profile, locale, member.email, member.password);
    await profile.goto('/account/profile');
    await profile.getByLabel(text(locale, 'profiles.fields.organisation'), { exact: true }).and(profile.locator(`[value="CIUSSS de l’Estrie-CHUS ${suffix}"]`)).waitFor();
  });
});

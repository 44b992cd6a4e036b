// A member abroad reads activity times on the activity's clock and, once they choose it, on their own.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/auth/actor';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { createEvent } from '../../src/lib/server/events';
import { createAccount, expectAccessible, signIn, text, useInstance } from './harness';

const instance = useInstance();

describe.each(['fr', 'en'] as const)('the member’s own time zone (%s)', (locale) => {
  it('adds the time on the member’s clock to the activity’s once they choose a zone', async () => {
    const animator = await createAccount(instance.db, { name: 'Geneviève Lalonde', locale });
    const member = await createAccount(instance.db, { name: 'Awa Ndiaye', locale });
    const actor = (a: typeof animator): Actor => ({ id: a.id, name: a.name, email: a.email, role: 'member', locale, emailVerified: true });
    const community = await createCommunity(instance.db, actor(animator), { name: `Francophonie ${Math.random().toString(36).slice(2, 7)}`, visibility: 'public', joinPolicy: 'open' });
    await joinCommunity(instance.db, actor(member), community.slug);
    const { id } = await createEvent(instance.db, actor(animator), { communities: [community.slug], title: 'Webinaire transatlantique', startsAt: '2031-06-10T12:00', endsAt: '2031-06-10T13:00', timeZone: 'America/Toronto' });

    const page = await instance.newPage(locale);
    await signIn(page, locale, member.email, member.password);
    await page.goto(`/e/${id}`);
    const yours = page.getByText(text(locale, 'events.your_time', { when: '' }).trim());
    expect(await yours.count()).toBe(0);

    await page.goto('/account');
    await page.getByLabel(text(locale, 'account.time_zone_label')).selectOption('Europe/Paris');
    await page.getByRole('button', { name: text(locale, 'account.time_zone_submit') }).click();
    await page.getByText(text(locale, 'account.time_zone_saved')).waitFor();
    await expectAccessible(page);

    await page.goto(`/e/${id}`);
    // Noon in Toronto (EDT, UTC−4) is 18:00 in Paris (CEST, UTC+2).
    await page.getByText(/18 h 00 \(Europe\/Paris\)|6:00 p\.m\. \(Europe\/Paris\)/).first().waitFor();
    await page.goto(`/c/${community.slug}/events`);
    await page.getByText(/18 h 00 \(Europe\/Paris\)|6:00 p\.m\. \(Europe\/Paris\)/).first().waitFor();
  });
});

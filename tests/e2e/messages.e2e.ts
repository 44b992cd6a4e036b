// Private messages and the choices around them, as members live them: one opts in to have private
// messages forwarded by email, another writes to her from her profile, the email arrives with a link
// back to the conversation, and its one-click "stop" turns the forwarding off without signing in.
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { newId } from '../../src/lib/server/ids';
import { createMember, expectAccessible, linkIn, signIn, text, useInstance } from './harness';

const instance = useInstance();


const someone = (name: string, locale: Locale) => createMember(instance.db, name, locale);

/** The email to this address whose subject contains `part`, once sent, with its extra headers. */
async function emailTo(to: string, part: string): Promise<{ text: string; headers: Record<string, string> }> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const row = await instance.db.selectFrom('emails').select(['text_body', 'headers', 'subject']).where('to_address', '=', to).where('status', '=', 'sent').execute();
    const found = row.find((r) => r.subject.includes(part));
    if (found) return { text: found.text_body, headers: JSON.parse(found.headers ?? '{}') as Record<string, string> };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No email "${part}" was sent to ${to} within 15 s`);
}

describe.each(['fr', 'en'] as const)('private messages (%s)', (locale) => {
  it('forwards a message by email after opting in, links back, and stops in one click', async () => {
    const nadia = await someone('Nadia Bouchard', locale);
    const omar = await someone('Omar Haddad', locale);
    const created = await createCommunity(instance.db, nadia.actor, { name: `Estrie ${newId().slice(-6)}`, visibility: 'private', joinPolicy: 'open' });
    await joinCommunity(instance.db, omar.actor, created.slug);

    // Nadia chooses to have her private messages forwarded by email.
    const her = await instance.newPage(locale);
    await signIn(her, locale, nadia.email, nadia.password);
    await her.goto('/account/notifications');
    await expectAccessible(her);
    await her.locator('input[name="kind-private_message"][value="email"]').check();
    await her.getByRole('button', { name: text(locale, 'preferences.submit') }).click();
    await her.getByText(text(locale, 'preferences.saved')).waitFor();

    // Omar writes to her from her profile.
    const him = await instance.newPage(locale);
    await signIn(him, locale, omar.email, omar.password);
    await him.goto(`/u/${nadia.handle}`);
    await him.getByRole('link', { name: text(locale, 'messages.send_message') }).click();
    await him.waitForURL((url) => url.pathname === '/messages/new');
    await expectAccessible(him);
    await him.locator('textarea[name="body"]').fill('Bonjour Nadia, as-tu la grille en version modifiable ?');
    await him.locator('form[method="POST"] button[type="submit"]').last().click();
    await him.waitForURL((url) => /^\/messages\/[0-9a-f-]{36}$/.test(url.pathname));
    const conversation = new URL(him.url()).pathname;
    await expectAccessible(him);

    // The email arrives in her language, with the message and a link back to the conversation.
    const email = await emailTo(nadia.email, 'Omar Haddad');
    expect(email.text).toContain('as-tu la grille en version modifiable');
    expect(linkIn(email.text, instance.origin)).toBe(`${instance.origin}${conversation}`);
    await her.goto(conversation);
    expect(await her.locator('main').innerText()).toContain('as-tu la grille en version modifiable');

    // Its one-click "stop", signed out: the forwarding is off, the messages stay in the app.
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = email.headers['List-Unsubscribe']!.replace(/^<|>$/g, '');
    const anonymous = await instance.newPage(locale);
    await anonymous.goto(unsubscribe);
    await expectAccessible(anonymous);
    await anonymous.getByRole('button', { name: text(locale, 'digests.unsubscribe.confirm') }).click();
    await anonymous.getByText(text(locale, 'digests.unsubscribe.done_kind')).waitFor();
    await her.goto('/account/notifications');
    expect(await her.locator('input[name="kind-private_message"][value="app"]').isChecked()).toBe(true);
  });
});

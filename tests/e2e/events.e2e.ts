// Activities as an animator and members live them: a weekly webinar co-hosted by two communities,
// registrations filling the only place and the waitlist, a place freed and given (with its email),
// one session cancelled, and feedback after an activity — one registration with JavaScript off.
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { createEvent } from '../../src/lib/server/events';
import { feedbackSurvey } from '../../src/lib/server/forms/templates';
import { newId } from '../../src/lib/server/ids';
import { queueEmail } from '../../src/lib/server/mail/outbox';
import { createMember, type Member, expectAccessible, signIn, text, useInstance } from './harness';

/** A question of the feedback template as the answer page labels it. */
const questionLabel = (id: string, locale: Locale) => feedbackSurvey.questions.find((q) => q.id === id)!.label[locale] ?? '';

const instance = useInstance();

type Person = Member;

const someone = (name: string, locale: Locale) => createMember(instance.db, name, locale);

async function communityOf(animator: Person, name: string, ...members: Person[]): Promise<{ slug: string; name: string }> {
  const created = await createCommunity(instance.db, animator.actor, { name: `${name} ${newId().slice(-6)}`, visibility: 'public', joinPolicy: 'open' });
  for (const member of members) await joinCommunity(instance.db, member.actor, created.slug);
  return { slug: created.slug, name: created.name };
}

/** The email with this subject, once its delivery job has run. */
async function emailWithSubject(to: string, subject: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const row = await instance.db.selectFrom('emails').select(['text_body']).where('to_address', '=', to).where('subject', '=', subject).where('status', '=', 'sent').executeTakeFirst();
    if (row) return row.text_body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No email "${subject}" was sent to ${to} within 15 s`);
}

const wallClock = (days: number, hour: number) => DateTime.now().setZone('America/Toronto').plus({ days }).set({ hour, minute: 0 }).toFormat("yyyy-LL-dd'T'HH:mm");

async function answer(page: Page, locale: Locale, question: string, status: 'going' | 'maybe' | 'not_going', value: string) {
  await page.getByRole('radio', { name: text(locale, `events.rsvp.${status}`), exact: true }).check();
  await page.getByLabel(question, { exact: true }).fill(value);
  await page.getByRole('button', { name: text(locale, 'events.rsvp_submit') }).click();
  await page.waitForLoadState('load');
}

describe.each(['fr', 'en'] as const)('activities (%s)', (locale) => {
  it('schedules a co-hosted weekly webinar, fills its waitlist, frees a place, cancels a session and collects feedback', async () => {
    const animator = await someone('Geneviève Lalonde', locale);
    const memberA = await someone('Omar Haddad', locale);
    const memberB = await someone('Léa Gagnon', locale);
    const busy = await someone('Rachid Benali', locale);
    const main = await communityOf(animator, 'Santé en français', memberA, memberB, busy);
    // Eight emails this week: the animator is told one member is near the weekly ceiling (10).
    for (let n = 0; n < 8; n++) await queueEmail(instance.db, { to: busy.email, locale, subject: `Déjà reçu ${n}`, text: '…' });
    const partner = await communityOf(animator, 'Services sociaux', memberB);
    const title = `Webinaire interprétation ${newId().slice(-6)}`;
    const question = locale === 'fr' ? 'Votre organisme' : 'Your organisation';

    // The animator schedules the series from the community's activities, checking the calendar first.
    const animatorPage = await instance.newPage(locale);
    await signIn(animatorPage, locale, animator.email, animator.password);
    await animatorPage.goto(`/c/${main.slug}/events`);
    await animatorPage.getByText(text(locale, 'events.empty_upcoming')).waitFor();
    await expectAccessible(animatorPage);
    await animatorPage.getByRole('link', { name: text(locale, 'events.schedule') }).first().click();
    await animatorPage.waitForURL((url) => url.pathname === `/c/${main.slug}/events/new`);
    await animatorPage.getByText(text(locale, 'events.near_ceiling', { count: 1 })).waitFor();
    await expectAccessible(animatorPage);

    const label = (key: Parameters<typeof text>[1]) => animatorPage.getByLabel(text(locale, key), { exact: true });
    await label('events.title_label').fill(title);
    await animatorPage.locator('textarea[name="description"]').fill('Bonnes pratiques pour travailler avec des **interprètes**.');
    await label('events.starts_label').fill(wallClock(7, 12));
    await label('events.ends_label').fill(wallClock(7, 13));
    await label('events.meeting_label').fill('https://meet.example.org/interpretes');
    await label('events.capacity_label').fill('1');
    await animatorPage.getByLabel(text(locale, 'events.question_label', { n: 1 }), { exact: true }).fill(question);
    await animatorPage.getByLabel(text(locale, 'events.presenter_name'), { exact: true }).first().fill('Dre Amina Diallo');
    await animatorPage.getByRole('radio', { name: text(locale, 'events.repeat.weekly') }).check();
    await label('events.count_label').fill('3');
    await animatorPage.getByRole('checkbox', { name: partner.name }).check();
    // An end before the start is refused next to the field, with the calendar check, and nothing is lost.
    await label('events.ends_label').fill(wallClock(7, 11));
    await animatorPage.getByRole('button', { name: text(locale, 'events.publish') }).click();
    await animatorPage.getByText(text(locale, 'events.errors.end_before_start')).waitFor();
    await animatorPage.getByRole('heading', { name: text(locale, 'events.guard_heading') }).waitFor();
    expect(await label('events.capacity_label').inputValue()).toBe('1');
    expect(await label('events.ends_label').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(animatorPage);
    await label('events.ends_label').fill(wallClock(7, 13));
    await animatorPage.getByRole('button', { name: text(locale, 'events.check') }).click();
    await animatorPage.getByRole('heading', { name: text(locale, 'events.guard_heading') }).waitFor();
    // Checking keeps everything typed.
    expect(await label('events.title_label').inputValue()).toBe(title);
    expect(await animatorPage.getByRole('checkbox', { name: partner.name }).isChecked()).toBe(true);
    await expectAccessible(animatorPage);
    await animatorPage.getByRole('button', { name: text(locale, 'events.publish') }).click();
    await animatorPage.waitForURL((url) => /^\/e\/[^/]+$/.test(url.pathname));
    const eventPath = new URL(animatorPage.url()).pathname;
    await animatorPage.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await animatorPage.getByRole('link', { name: partner.name }).count()).toBeGreaterThan(0);
    expect(await animatorPage.getByRole('heading', { name: text(locale, 'events.series_heading') }).count()).toBe(1);
    await expectAccessible(animatorPage);

    // Member A takes the only place and sees the meeting link.
    const pageA = await instance.newPage(locale);
    await signIn(pageA, locale, memberA.email, memberA.password);
    await pageA.goto(eventPath);
    await expectAccessible(pageA);
    await answer(pageA, locale, question, 'going', 'CLSC de Sherbrooke');
    await pageA.getByText(text(locale, 'events.your_status', { status: text(locale, 'events.my_status.going') })).waitFor();
    await pageA.getByRole('link', { name: text(locale, 'events.meeting_link') }).waitFor();

    // Member B, without JavaScript, lands on the waitlist and is told their position.
    const context = await instance.browser.newContext({
      baseURL: instance.origin,
      javaScriptEnabled: false,
      locale: locale === 'fr' ? 'fr-CA' : 'en-CA',
      extraHTTPHeaders: { 'Accept-Language': locale === 'fr' ? 'fr-CA,fr;q=0.9' : 'en-CA,en;q=0.9' }
    });
    try {
      const pageB = await context.newPage();
      await signIn(pageB, locale, memberB.email, memberB.password);
      await pageB.goto(eventPath);
      await answer(pageB, locale, question, 'going', 'Maison de la famille');
      await pageB.getByText(text(locale, 'events.waitlist_position', { position: 1 })).waitFor();
      // Still there on a later visit.
      await pageB.goto(pageB.url().split('#')[0]!);
      await pageB.getByText(text(locale, 'events.waitlist_position', { position: 1 })).waitFor();
      expect(await pageB.getByRole('link', { name: text(locale, 'events.meeting_link') }).count()).toBe(0);

      // A cancels; B gets the place and an email saying so.
      await pageA.getByRole('button', { name: text(locale, 'events.rsvp_cancel') }).click();
      await pageA.getByText(text(locale, 'events.your_status', { status: text(locale, 'events.my_status.not_going') })).waitFor();
      const email = await emailWithSubject(memberB.email, text(locale, 'email.event_promoted_subject', { title }));
      expect(email).toContain(eventPath);
      await pageB.goto(eventPath);
      await pageB.getByText(text(locale, 'events.your_status', { status: text(locale, 'events.my_status.going') })).waitFor();
    } finally {
      await context.close();
    }

    // The animator sees the participants, then cancels this session only, after confirming.
    await animatorPage.goto(eventPath);
    await animatorPage.getByRole('columnheader', { name: question }).waitFor();
    expect(await animatorPage.getByRole('rowheader', { name: new RegExp(memberB.name) }).count()).toBe(1);
    await animatorPage.getByRole('link', { name: text(locale, 'events.cancel_event') }).click();
    await animatorPage.getByText(text(locale, 'events.cancel_confirm')).waitFor();
    await expectAccessible(animatorPage);
    await animatorPage.getByRole('button', { name: text(locale, 'events.cancel_yes') }).click();
    await animatorPage.waitForURL((url) => url.pathname === eventPath && !url.searchParams.has('cancel'));
    await animatorPage.getByText(text(locale, 'events.cancelled_notice')).waitFor();
    // The next session is changed on its own, from its edit page.
    await animatorPage.getByRole('heading', { name: text(locale, 'events.series_heading') }).waitFor();
    await animatorPage.locator('#series-heading + ul a').first().click();
    await animatorPage.getByRole('link', { name: text(locale, 'events.edit') }).click();
    await animatorPage.waitForURL((url) => url.pathname.endsWith('/edit'));
    await expectAccessible(animatorPage);
    expect(await animatorPage.getByRole('radio', { name: text(locale, 'events.scope.one') }).isChecked()).toBe(true);
    await animatorPage.getByLabel(text(locale, 'events.title_label'), { exact: true }).fill(`${title} (2)`);
    await animatorPage.getByRole('button', { name: text(locale, 'events.save') }).click();
    await animatorPage.getByRole('heading', { level: 1, name: `${title} (2)` }).waitFor();
    // The other sessions go on; the list shows the one cancelled.
    await animatorPage.goto(`/c/${main.slug}/events`);
    const items = animatorPage.locator('.event-item', { hasText: title });
    expect(await items.count()).toBe(3);
    expect(await items.first().innerText()).toContain(text(locale, 'events.cancelled'));
    expect(await items.nth(1).innerText()).not.toContain(text(locale, 'events.cancelled'));
    await animatorPage.goto(`/c/${partner.slug}/events`);
    expect(await animatorPage.locator('.event-item', { hasText: title }).count()).toBe(3);
    await expectAccessible(animatorPage);

    // An activity that has started: A registers, gives feedback; the animator reads the summary.
    const past = await createEvent(instance.db, animator.actor, {
      communities: [main.slug],
      title: `${locale === 'fr' ? 'Club de lecture' : 'Reading club'} ${newId().slice(-6)}`,
      kind: 'reading_club',
      format: 'in_person',
      address: '1000 rue Sherbrooke Ouest, Montréal',
      startsAt: wallClock(-1, 10),
      endsAt: wallClock(1, 11),
      timeZone: 'America/Toronto'
    });
    await pageA.goto(`/e/${past.id}`);
    expect(await pageA.getByRole('link', { name: text(locale, 'events.map_link') }).getAttribute('href')).toContain('https://www.openstreetmap.org/search?query=');
    await pageA.getByRole('button', { name: text(locale, 'events.rsvp_submit') }).click();
    // The feedback form is the forms engine's, answered on its own page and read back on the event's.
    await pageA.getByRole('heading', { name: text(locale, 'events.feedback_heading') }).waitFor();
    await pageA.getByRole('link', { name: text(locale, 'events.feedback_answer') }).click();
    await pageA.waitForURL(/\/f\/[^/]+#answer$/);
    await expectAccessible(pageA);
    // The satisfaction note is required: without it, a translated message and nothing recorded.
    await pageA.getByRole('button', { name: text(locale, 'surveys.respond.submit') }).click();
    await pageA.getByText(text(locale, 'forms.errors.required')).first().waitFor();
    await pageA.getByRole('radio', { name: '4', exact: true }).check();
    await pageA.getByLabel(questionLabel('useful', locale)).fill('Les exemples de lecture à voix haute.');
    await pageA.getByLabel(questionLabel('comment', locale)).fill('Très riche, merci.');
    await pageA.getByRole('button', { name: text(locale, 'surveys.respond.submit') }).click();
    await pageA.getByText(text(locale, 'surveys.respond.thanks')).waitFor();
    await pageA.getByRole('link', { name: text(locale, 'events.feedback_back') }).click();
    await pageA.getByText(text(locale, 'events.feedback_answered')).waitFor();
    await pageA.getByRole('link', { name: text(locale, 'events.feedback_change') }).waitFor();
    await expectAccessible(pageA);

    await animatorPage.goto(`/e/${past.id}`);
    await animatorPage.getByText(text(locale, 'events.summary_line', { count: 1, average: 4 })).waitFor();
    await animatorPage.getByText('Très riche, merci.').waitFor();
    const feedbackCsv = await animatorPage.request.get((await animatorPage.getByRole('link', { name: text(locale, 'events.feedback_csv') }).getAttribute('href'))!);
    expect(feedbackCsv.status()).toBe(200);
    const feedbackRows = (await feedbackCsv.text()).replace('\uFEFF', '').trim().split('\n');
    expect(feedbackRows).toHaveLength(2);
    expect(feedbackRows[1]).toContain('Les exemples de lecture à voix haute.');
    await animatorPage.getByRole('link', { name: text(locale, 'events.feedback_results') }).click();
    await animatorPage.getByText('Les exemples de lecture à voix haute.').waitFor();
    await expectAccessible(animatorPage);
    await animatorPage.goto(`/e/${past.id}`);
    await animatorPage.getByRole('button', { name: text(locale, 'events.mark_present_label', { name: memberA.name }) }).click();
    await animatorPage.waitForLoadState('load');
    expect(await animatorPage.getByRole('button', { name: text(locale, 'events.mark_present_label', { name: memberA.name }) }).getAttribute('aria-pressed')).toBe('true');
    const csv = await animatorPage.request.get(`/e/${past.id}/participants.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(memberA.email);
    await expectAccessible(animatorPage);

    // The agendas: everyone's, month view, and mine with its secret feed address.
    await pageA.goto('/agenda');
    await pageA.getByRole('link', { name: title }).first().waitFor();
    await expectAccessible(pageA);
    await pageA.goto(`/agenda?view=month&month=${wallClock(7, 12).slice(0, 7)}`);
    await pageA.getByRole('link', { name: new RegExp(title) }).first().waitFor();
    await expectAccessible(pageA);
    await pageA.goto('/agenda/mine');
    await pageA.getByRole('button', { name: text(locale, 'agenda.feed_create') }).click();
    const feedUrl = await pageA.getByLabel(text(locale, 'agenda.feed_url_label')).inputValue();
    expect(feedUrl).toMatch(/\/calendar\/.+\.ics$/);
    const feed = await pageA.request.get(new URL(feedUrl).pathname);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    await expectAccessible(pageA);
    await pageA.getByRole('link', { name: text(locale, 'agenda.feed_revoke') }).click();
    await pageA.getByRole('button', { name: text(locale, 'agenda.feed_revoke_yes') }).click();
    await pageA.getByText(text(locale, 'agenda.feed_revoked')).waitFor();
    expect((await pageA.request.get(new URL(feedUrl).pathname)).status()).not.toBe(200);
  }, 150_000);
});

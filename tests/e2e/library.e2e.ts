// The library as members live it: a note written, edited twice, compared and restored; an edit that
// collides with a co-author's and is shown the conflict instead of overwriting; a notebook built and
// filled; references imported from a BibTeX text with a broken entry reported by line, and exported.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/lib/i18n';
import { createCommunity, joinCommunity } from '../../src/lib/server/communities';
import { newId } from '../../src/lib/server/ids';
import { createMember, type Member, expectAccessible, signIn, text, useInstance } from './harness';

const instance = useInstance();

type Person = Member;

const someone = (name: string, locale: Locale) => createMember(instance.db, name, locale);

async function signedIn(person: Person, locale: Locale): Promise<Page> {
  const page = await instance.newPage(locale);
  await signIn(page, locale, person.email, person.password);
  return page;
}

async function submit(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForLoadState('load');
}

const bibtex = `@book{wenger2002,
  title = {Cultivating Communities of Practice},
  author = {Wenger, Etienne and McDermott, Richard and Snyder, William M.},
  year = {2002},
  publisher = {Harvard Business School Press}
}

@article{broken,
  title = {Une entrée cassée,
  year = 2001
}

@book{saintonge2003,
  title = {Leveraging Communities of Practice for Strategic Advantage},
  author = {Saint-Onge, Hubert and Wallace, Debra},
  year = {2003},
  publisher = {Butterworth-Heinemann}
}
`;

describe.each(['fr', 'en'] as const)('the library (%s)', (locale) => {
  it('writes a note, edits it twice, compares, restores, meets a conflict, builds a notebook, imports and exports references', async () => {
    const author = await someone('Amélie Tremblay', locale);
    const coauthor = await someone('Fatou Diallo', locale);
    const created = await createCommunity(instance.db, author.actor, { name: `Santé en français ${newId().slice(-6)}`, visibility: 'public', joinPolicy: 'open' });
    await joinCommunity(instance.db, coauthor.actor, created.slug);
    const title = `Fiche accueil ${newId().slice(-6)}`;
    const page = await signedIn(author, locale);
    const body = page.locator('textarea[name="body"]');

    // A note, written from the community's library with the community already chosen.
    await page.goto(`/r/new?kind=note&community=${created.slug}`);
    await expectAccessible(page);
    await page.getByLabel(text(locale, 'library.form.title'), { exact: true }).fill(title);
    await body.fill('Accueillir chaque personne.\nPrésenter la charte.\n');
    await page.getByLabel(text(locale, 'library.form.authors'), { exact: true }).fill(`@${author.handle}\n@${coauthor.handle}`);
    await page.locator('input[name="visibility"][value="public"]').check();
    await submit(page, text(locale, 'library.form.publish'));
    const id = new URL(page.url()).pathname.match(/^\/r\/([0-9a-f-]{36})$/)?.[1];
    expect(id, page.url()).toBeTruthy();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await expectAccessible(page);

    // Two edits make versions 2 and 3.
    for (const [text2, message] of [
      ['Accueillir chaque personne par son nom.\nPrésenter la charte.\n', 'Le nom compte'],
      ['Accueillir chaque personne par son nom.\nPrésenter la charte.\nProposer un parrainage.\n', 'Parrainage']
    ] as const) {
      await page.goto(`/r/${id}/edit`);
      await body.fill(text2);
      await page.getByLabel(text(locale, 'library.form.message'), { exact: true }).fill(message);
      await submit(page, text(locale, 'library.form.save'));
      await page.waitForURL((url) => url.pathname === `/r/${id}`);
    }

    // The history compares version 1 with version 3: the words added are marked inside the line.
    await page.goto(`/r/${id}/history`);
    await page.getByText('Parrainage', { exact: true }).waitFor();
    await expectAccessible(page);
    await page.locator('input[name="from"][value="1"]').check();
    await page.locator('input[name="to"][value="3"]').check();
    await submit(page, text(locale, 'library.history.compare'));
    await page.waitForURL((url) => url.pathname === `/r/${id}/diff`);
    await expect.poll(() => page.locator('ins').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('par son nom')]));
    expect(await page.locator('table').innerText()).toContain('Proposer un parrainage.');
    await expectAccessible(page);

    // Version 1 comes back as version 4, after a confirmation.
    await page.goto(`/r/${id}/history`);
    await page.getByRole('link', { name: `${text(locale, 'library.history.restore')} ${text(locale, 'library.history.revision', { number: 1 })}` }).click();
    await page.waitForLoadState('load');
    await submit(page, text(locale, 'library.history.restore_yes'));
    await page.getByText(text(locale, 'library.history.restored', { number: 1 })).waitFor();
    await page.goto(`/r/${id}`);
    expect(await page.locator('main').innerText()).toContain('Accueillir chaque personne.');
    expect(await page.locator('main').innerText()).not.toContain('parrainage');

    // The author opens the form; the co-author saves first; the author is shown the conflict, keeps
    // their text, and saves it knowingly with a second click.
    await page.goto(`/r/${id}/edit`);
    const other = await signedIn(coauthor, locale);
    await other.goto(`/r/${id}/edit`);
    await other.locator('textarea[name="body"]').fill('Accueillir chaque personne.\nPrésenter la charte.\nVersion de Fatou.\n');
    await submit(other, text(locale, 'library.form.save'));
    await other.waitForURL((url) => url.pathname === `/r/${id}`);
    await body.fill('Accueillir chaque personne.\nPrésenter la charte.\nVersion d’Amélie.\n');
    await submit(page, text(locale, 'library.form.save'));
    await page.getByText(text(locale, 'library.conflict.title')).waitFor();
    expect(await body.inputValue()).toContain('Version d’Amélie.');
    expect(await page.getByLabel(text(locale, 'library.conflict.current_text'), { exact: true }).inputValue()).toContain('Version de Fatou.');
    expect((await instance.db.selectFrom('resources').select('body').where('id', '=', id!).executeTakeFirstOrThrow()).body).toContain('Version de Fatou.');
    await expectAccessible(page);
    await body.fill('Accueillir chaque personne.\nPrésenter la charte.\nVersion de Fatou.\nVersion d’Amélie.\n');
    await submit(page, text(locale, 'library.form.save'));
    await page.waitForURL((url) => url.pathname === `/r/${id}`);
    expect(await page.locator('main').innerText()).toContain('Version d’Amélie.');

    // A reader writes to its authors from the resource: the message form names them and the subject.
    const reader = await someone('Mathieu Côté', locale);
    await joinCommunity(instance.db, reader.actor, created.slug);
    const readerPage = await signedIn(reader, locale);
    await readerPage.goto(`/r/${id}`);
    await readerPage.getByRole('link', { name: text(locale, 'library.resource.contact_authors') }).click();
    await readerPage.waitForURL((url) => url.pathname === '/messages/new');
    expect(await readerPage.locator('[name="to"]').inputValue()).toBe(`@${author.handle}, @${coauthor.handle}`);
    expect(await readerPage.locator('[name="subject"]').inputValue()).toBe(title);
    await readerPage.locator('textarea[name="body"]').fill('Merci pour cette fiche !');
    await readerPage.locator('form[method="POST"] button[type="submit"]').last().click();
    await readerPage.waitForURL((url) => /^\/messages\/[0-9a-f-]{36}$/.test(url.pathname));
    expect(await readerPage.locator('main').innerText()).toContain('Merci pour cette fiche !');

    // A notebook, with the note added by its address.
    await page.goto('/n/new');
    await page.getByLabel(text(locale, 'library.notebook.title_label'), { exact: true }).fill('Boîte à outils');
    await page.locator('input[name="visibility"][value="public"]').check();
    await submit(page, text(locale, 'library.notebook.create'));
    const notebook = new URL(page.url()).pathname.match(/^\/n\/([0-9a-f-]{36})$/)?.[1];
    expect(notebook, page.url()).toBeTruthy();
    await page.getByText(text(locale, 'library.notebook.empty')).waitFor();
    await expectAccessible(page);
    await page.getByLabel(text(locale, 'library.notebook.add_existing_label'), { exact: true }).fill(`${new URL(page.url()).origin}/r/${id}`);
    await submit(page, text(locale, 'library.notebook.add_existing'));
    await page.getByRole('link', { name: title, exact: true }).waitFor();

    // References imported into the notebook: the broken entry is reported by its line, nothing of it imported.
    await page.goto('/library/import');
    await expectAccessible(page);
    await page.getByLabel(text(locale, 'library.import.text_label'), { exact: true }).fill(bibtex);
    await page.getByLabel(text(locale, 'library.import.notebook_label'), { exact: true }).selectOption(notebook!);
    await submit(page, text(locale, 'library.import.submit'));
    await page.getByRole('heading', { name: text(locale, 'library.import.report_heading') }).waitFor();
    const report = await page.locator('main').innerText();
    expect(report).toContain(text(locale, 'library.import.summary', { imported: 2, merged: 0, refused: 1 }));
    expect(report).toContain(text(locale, 'library.import.line', { line: 8 }));
    expect(report).toContain(text(locale, 'library.import.codes.syntax'));
    await expectAccessible(page);
    expect(await instance.db.selectFrom('resources').select('id').where('title', '=', 'Une entrée cassée').execute()).toEqual([]);

    // A selection ticked in the library leaves as RIS, without a single script.
    await page.goto('/library?kind=reference');
    await page.getByRole('checkbox', { name: `${text(locale, 'library.list.select')} — Cultivating Communities of Practice` }).first().check();
    await page.getByLabel(text(locale, 'library.list.export_format'), { exact: true }).selectOption('ris');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: text(locale, 'library.list.export_submit') }).click()]);
    const ris = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
    expect(ris).toMatch(/^TY {2}- BOOK/m);
    expect(ris).toContain('Cultivating Communities of Practice');
    expect(ris).not.toContain('Leveraging');

    // The notebook exports its references as BibTeX and APA, with the reader's session.
    await page.goto(`/n/${notebook}`);
    await page.getByRole('link', { name: 'Leveraging Communities of Practice for Strategic Advantage', exact: true }).waitFor();
    const bib = await page.request.get(`/n/${notebook}/export?format=bibtex`);
    expect(bib.headers()['content-disposition']).toMatch(/^attachment; filename="boite-a-outils\.bib"/);
    const bibText = await bib.text();
    // The imported keys survive; the note is there too, as a document pointing back to the instance.
    expect(bibText).toMatch(/@book\{wenger2002,[^@]*title = \{Cultivating \{Communities\} of \{Practice\}\}/);
    expect(bibText).toMatch(/@book\{saintonge2003,/);
    expect(bibText).toContain(`/r/${id}`);
    const apa = await (await page.request.get(`/n/${notebook}/export?format=apa`)).text();
    expect(apa).toContain('Wenger, E., McDermott, R., & Snyder, W. M. (2002).');
  });
});

import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { unzipSync, strFromU8 } from 'fflate';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { createCommunity, joinCommunity } from '../communities';
import { readPost } from '../posts';
import {
  addToNotebook,
  applyResource,
  compareRevisions,
  createNotebook,
  createResource,
  deleteResource,
  discussResource,
  exportNotebookBundle,
  exportReferences,
  importReferences,
  listResources,
  listRevisions,
  moveInNotebook,
  readNotebook,
  readResource,
  removeFromNotebook,
  resourcesDiscussedIn,
  restoreRevision,
  setNotebookMember,
  updateResource,
  withdrawApplication
} from '.';

const instance = useTestInstance();
const db = () => instance.db;
const page = { limit: 50 } as const;
const everything = { sort: 'recent' } as const;

async function community(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Léa Gagnon');
  const created = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, created.slug);
  return { slug: created.slug, animator };
}

async function handleOf(actor: Actor): Promise<string> {
  const row = await db().selectFrom('profiles').select('handle').where('user_id', '=', actor.id).executeTakeFirstOrThrow();
  return row.handle;
}

/** 'ok', the domain's refusal, or the first message of invalid input. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    return await outcome(promise);
  } catch (error) {
    if (error instanceof ZodError) return `invalid:${error.issues[0]!.message}`;
    throw error;
  }
}

describe('resources', () => {
  it('creates a note from the smallest body the API promises, its adder as its author', async () => {
    const c = await community('public');
    const { id } = await createResource(db(), c.animator, { kind: 'note', title: 'Guide d’accueil', communities: [c.slug], visibility: 'public' });
    const view = await readResource(db(), null, id);
    expect(view).toMatchObject({ title: 'Guide d’accueil', revision: 1, visibility: 'public', ownershipWarning: false, licence: 'all-rights-reserved' });
    expect(view.authors.map((a) => a.name)).toEqual(['Léa Gagnon']);
    expect(view.communities.map((x) => x.slug)).toEqual([c.slug]);
    expect(view.can).toEqual({ edit: false, moderate: false, apply: false, discuss: false });
  });

  it('warns that it belongs to others when the member who added it is not an author', async () => {
    const c = await community('public');
    const { id } = await createResource(db(), c.animator, { kind: 'link', title: 'Guide du ministère', linkUrl: 'https://93.184.215.14/guide', authors: ['Ministère de la Santé'], communities: [c.slug], visibility: 'public', licence: 'cc-by' });
    const view = await readResource(db(), c.animator, id);
    expect(view.ownershipWarning).toBe(true);
    expect(view.authors).toEqual([{ name: 'Ministère de la Santé', handle: null }]);
    expect(view.addedBy?.name).toBe('Léa Gagnon');
    expect(view.licenceUrl).toContain('creativecommons.org/licenses/by/');
  });

  it('refuses what would make a resource nobody can see or a shape it cannot have, creating nothing', async () => {
    const outsider = await person(db());
    const c = await community('private');
    const before = await db().selectFrom('resources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await refusal(createResource(db(), c.animator, { kind: 'note', title: 'Sans lien', visibility: 'communities' }))).toBe('invalid:library.errors.no_community');
    expect(await refusal(createResource(db(), c.animator, { kind: 'link', title: 'Sans adresse', visibility: 'public' }))).toBe('invalid:library.errors.link_required');
    expect(await refusal(createResource(db(), c.animator, { kind: 'file', title: 'Sans fichier', visibility: 'public' }))).toBe('invalid:library.errors.file_required');
    expect(await refusal(createResource(db(), c.animator, { kind: 'note', title: '   ', visibility: 'public' }))).toBe('invalid:library.errors.title_required');
    expect(await refusal(createResource(db(), c.animator, { kind: 'note', title: 'Qui ?', visibility: 'public', authors: ['@personne-inconnue'] }))).toBe('invalid:library.errors.unknown_author');
    // Linking is sharing: only into a community one belongs to.
    expect(await refusal(createResource(db(), outsider, { kind: 'note', title: 'Intrus', visibility: 'public', communities: [c.slug] }))).toBe('forbidden');
    const after = await db().selectFrom('resources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps every revision, compares any two and restores an old one as a new revision', async () => {
    const c = await community('public');
    const { id } = await createResource(db(), c.animator, { kind: 'note', title: 'Fiche', body: 'Première ligne\nDeuxième ligne\n', communities: [c.slug], visibility: 'public' });
    await updateResource(db(), c.animator, id, { body: 'Première ligne\nDeuxième ligne revue\n', revision: 1, message: 'Précision' });
    await updateResource(db(), c.animator, id, { title: 'Fiche pratique', body: 'Première ligne\nDeuxième ligne revue\nTroisième\n', revision: 2 });
    const history = await listRevisions(db(), null, id);
    expect(history.revisions.map((r) => [r.number, r.message, r.current])).toEqual([
      [3, null, true],
      [2, 'Précision', false],
      [1, null, false]
    ]);
    const diff = await compareRevisions(db(), null, id, 1, 3);
    expect(diff.fields.map((f) => [f.field, f.before, f.after])).toEqual([['title', 'Fiche', 'Fiche pratique']]);
    const changed = diff.blocks.flatMap((b) => b.lines).filter((l) => l.kind !== 'same');
    expect(changed.map((l) => l.kind)).toEqual(['changed', 'added']);
    expect(changed[0]!.parts.filter((p) => p.change === 'added').map((p) => p.text.trim())).toEqual(['revue']);

    const restored = await restoreRevision(db(), c.animator, id, 1, 3);
    expect(restored.revision).toBe(4);
    const view = await readResource(db(), null, id);
    expect([view.title, view.body, view.revision]).toEqual(['Fiche', 'Première ligne\nDeuxième ligne\n', 4]);
    expect(await refusal(compareRevisions(db(), null, id, 1, 9))).toBe('not_found');
  });

  it('refuses a save based on an older revision instead of overwriting, and changes nothing', async () => {
    const c = await community('public');
    const coauthor = await person(db(), 'Marc Tremblay');
    await joinCommunity(db(), coauthor, c.slug);
    const { id } = await createResource(db(), c.animator, { kind: 'note', title: 'Fiche', body: 'Texte', communities: [c.slug], visibility: 'public', authors: [`@${await handleOf(c.animator)}`, `@${await handleOf(coauthor)}`] });
    await updateResource(db(), coauthor, id, { body: 'Texte de Marc', revision: 1 });
    expect(await refusal(updateResource(db(), c.animator, id, { body: 'Texte de Léa', revision: 1 }))).toBe('conflict:library.errors.edited_meanwhile');
    const view = await readResource(db(), null, id);
    expect([view.body, view.revision]).toEqual(['Texte de Marc', 2]);
    expect(view.contributors.map((p) => [p.name, p.revisions])).toEqual(expect.arrayContaining([['Léa Gagnon', 1], ['Marc Tremblay', 1]]));
  });

  it('merges two members editing different sections of a collective work, and refuses the same section', async () => {
    const c = await community('public');
    const { id } = await createResource(db(), c.animator, { kind: 'work', title: 'Guide partagé', body: '## Accueil\n\nBienvenue.\n\n## Rencontres\n\nUne fois par mois.\n', communities: [c.slug], visibility: 'public' });
    await updateResource(db(), c.animator, id, { section: 1, body: '## Rencontres\n\nDeux fois par mois.\n', revision: 1 });
    // Started from revision 1 too, on the other section: merged.
    await updateResource(db(), c.animator, id, { section: 0, body: '## Accueil\n\nBienvenue à toutes et à tous.\n\n', revision: 1 });
    const view = await readResource(db(), null, id);
    expect(view.body).toContain('Bienvenue à toutes et à tous.');
    expect(view.body).toContain('Deux fois par mois.');
    expect(view.toc.map((e) => e.title)).toEqual(['Accueil', 'Rencontres']);
    expect(view.bodyHtml).toContain('id="s-rencontres"');
    // Started from revision 1 on the section someone changed since: a conflict.
    expect(await refusal(updateResource(db(), c.animator, id, { section: 1, body: '## Rencontres\n\nJamais.\n', revision: 1 }))).toBe('conflict:library.errors.edited_meanwhile');
  });

  it('shows what links to a resource, never the title of a note the reader may not read', async () => {
    const member = await person(db());
    const c = await community('private', member);
    const outsider = await person(db());
    const { id: target } = await createResource(db(), c.animator, { kind: 'note', title: 'Cible publique', visibility: 'public' });
    const { id: open } = await createResource(db(), c.animator, { kind: 'note', title: 'Note ouverte', body: `Voir [[${target}]].`, visibility: 'public' });
    const { id: hidden } = await createResource(db(), c.animator, { kind: 'note', title: 'Note secrète canari', body: `Voir [[${target}|la cible]].`, communities: [c.slug], visibility: 'communities' });
    expect((await readResource(db(), null, open)).bodyHtml).toContain(`<a href="/r/${target}">Cible publique</a>`);
    expect((await readResource(db(), outsider, target)).backlinks.map((b) => b.id)).toEqual([open]);
    expect((await readResource(db(), member, target)).backlinks.map((b) => b.id).sort()).toEqual([hidden, open].sort());
    expect(JSON.stringify(await readResource(db(), outsider, target))).not.toContain('canari');
  });

  it('counts "I applied this" once per member, with their story, and takes it back', async () => {
    const member = await person(db());
    const c = await community('public', member);
    const { id } = await createResource(db(), c.animator, { kind: 'note', title: 'Fiche', communities: [c.slug], visibility: 'instance' });
    await applyResource(db(), member, id, { story: 'Utilisée pour notre 5 à 7.' });
    expect((await applyResource(db(), member, id, { story: 'Utilisée deux fois.' })).count).toBe(1);
    const view = await readResource(db(), member, id);
    expect(view.applied.mine).toEqual({ story: 'Utilisée deux fois.' });
    expect(view.applied.stories.map((s) => s.story)).toEqual(['Utilisée deux fois.']);
    expect((await withdrawApplication(db(), member, id)).count).toBe(0);
    expect(await refusal(readResource(db(), null, id))).toBe('not_found');
  });

  it('opens its discussion once per community, linked both ways', async () => {
    const member = await person(db());
    const c = await community('public', member);
    const { id } = await createResource(db(), c.animator, { kind: 'note', title: 'Fiche à discuter', summary: 'Un résumé', communities: [c.slug], visibility: 'public' });
    const first = await discussResource(db(), member, id, c.slug);
    const again = await discussResource(db(), c.animator, id, c.slug);
    expect(first.created).toBe(true);
    expect(again).toEqual({ postId: first.postId, created: false });
    const post = await readPost(db(), member, first.postId);
    expect(post.title).toBe('Fiche à discuter');
    expect(post.bodyHtml).toContain(`/r/${id}`);
    expect((await readResource(db(), null, id)).discussions.map((d) => d.postId)).toEqual([first.postId]);
    expect((await resourcesDiscussedIn(db(), null, first.postId)).map((r) => r.title)).toEqual(['Fiche à discuter']);
    const outsider = await person(db());
    expect(await refusal(discussResource(db(), outsider, id, c.slug))).toBe('forbidden');
  });

  it('lets only editors change it and editors or animators delete it', async () => {
    const member = await person(db());
    const c = await community('public', member);
    const { id } = await createResource(db(), member, { kind: 'note', title: 'À moi', communities: [c.slug], visibility: 'public' });
    expect(await refusal(updateResource(db(), c.animator, id, { title: 'À elle' }))).toBe('forbidden');
    await deleteResource(db(), c.animator, id);
    expect(await refusal(readResource(db(), member, id))).toBe('not_found');
    expect((await listResources(db(), member, everything, page)).items.map((r) => r.id)).not.toContain(id);
  });

  it('stores a file resource whose type is read from its bytes, and refuses a program', async () => {
    const c = await community('public');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const { id } = await createResource(db(), c.animator, { kind: 'file', title: 'Gabarit', visibility: 'public' }, { bytes: pdf, fileName: 'gabarit.pdf' });
    expect((await readResource(db(), null, id)).file).toMatchObject({ name: 'gabarit.pdf', mime: 'application/pdf' });
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(100)]);
    expect(await refusal(createResource(db(), c.animator, { kind: 'file', title: 'Programme', visibility: 'public' }, { bytes: elf, fileName: 'guide.pdf' }))).toMatch(/^invalid/);
  });

  it('lists by most applied and filters by category and words', async () => {
    const member = await person(db());
    const c = await community('public', member);
    const tag = `cat-${Math.random().toString(36).slice(2, 7)}`;
    const { id: a } = await createResource(db(), c.animator, { kind: 'note', title: 'Alpha unique-mot', categories: [tag], visibility: 'public', communities: [c.slug] });
    const { id: b } = await createResource(db(), c.animator, { kind: 'note', title: 'Beta', categories: [tag], visibility: 'public', communities: [c.slug] });
    await applyResource(db(), member, a, {});
    const applied = await listResources(db(), null, { sort: 'applied', category: tag }, page);
    expect(applied.items.map((r) => r.id)).toEqual([a, b]);
    expect((await listResources(db(), null, { sort: 'recent', q: 'UNIQUE-MOT' }, page)).items.map((r) => r.id)).toEqual([a]);
  });
});

describe('notebooks', () => {
  it('orders resources, shows readers only what they may read, and keeps a manager', async () => {
    const member = await person(db());
    const contributor = await person(db(), 'Nadia Bouchard');
    const c = await community('private', member, contributor);
    const outsider = await person(db());
    const { id: notebook } = await createNotebook(db(), c.animator, { title: 'Boîte à outils', visibility: 'public', communities: [c.slug] });
    const { id: open } = await createResource(db(), c.animator, { kind: 'note', title: 'Fiche ouverte', visibility: 'public' });
    const { id: closed } = await createResource(db(), c.animator, { kind: 'note', title: 'Fiche réservée canari', communities: [c.slug], visibility: 'communities' });
    await addToNotebook(db(), c.animator, notebook, open);
    await addToNotebook(db(), c.animator, notebook, closed);
    expect((await readNotebook(db(), member, notebook)).items.map((i) => i.id)).toEqual([open, closed]);
    await moveInNotebook(db(), c.animator, notebook, closed, 'up');
    expect((await readNotebook(db(), member, notebook)).items.map((i) => i.id)).toEqual([closed, open]);
    const seen = await readNotebook(db(), outsider, notebook);
    expect(seen.items.map((i) => i.id)).toEqual([open]);
    expect(JSON.stringify(seen)).not.toContain('canari');
    // Only its people add to it; a contributor takes back only what they added.
    expect(await refusal(addToNotebook(db(), member, notebook, open))).toBe('forbidden');
    await setNotebookMember(db(), c.animator, notebook, await handleOf(contributor), 'contributor');
    const { id: theirs } = await createResource(db(), contributor, { kind: 'note', title: 'Apport de Nadia', visibility: 'public' });
    await addToNotebook(db(), contributor, notebook, theirs);
    expect(await refusal(removeFromNotebook(db(), contributor, notebook, open))).toBe('forbidden');
    await removeFromNotebook(db(), contributor, notebook, theirs);
    expect(await refusal(setNotebookMember(db(), c.animator, notebook, await handleOf(c.animator), null))).toBe('invalid:library.errors.last_manager');
    expect((await readNotebook(db(), c.animator, notebook)).people.map((p) => p.role).sort()).toEqual(['contributor', 'manager']);
  });

  it('exports its notes as a bundle and its references, only what the reader may read', async () => {
    const member = await person(db());
    const c = await community('private', member);
    const { id: notebook } = await createNotebook(db(), c.animator, { title: 'Carnet de lecture', visibility: 'public' });
    const { id: note } = await createResource(db(), c.animator, { kind: 'note', title: 'Résumé', body: '**Essentiel**', visibility: 'public' });
    const { id: secret } = await createResource(db(), c.animator, { kind: 'note', title: 'Réservé canari', body: 'canari', communities: [c.slug], visibility: 'communities' });
    const { id: ref } = await createResource(db(), c.animator, { kind: 'reference', visibility: 'public', reference: { type: 'book', title: 'Cultivating Communities of Practice', author: [{ family: 'Wenger', given: 'Etienne' }], issued: { 'date-parts': [[2002]] } } });
    for (const id of [note, secret, ref]) await addToNotebook(db(), c.animator, notebook, id);
    const bundle = await exportNotebookBundle(db(), null, notebook, 'markdown');
    const files = unzipSync(bundle.body as Uint8Array);
    const text = Object.values(files).map((bytes) => strFromU8(bytes)).join('\n');
    expect(Object.keys(files).sort()).toEqual(['01-resume.md', 'index.md', 'references.bib']);
    expect(text).toContain('**Essentiel**');
    expect(text).not.toContain('canari');
    const bib = await exportReferences(db(), null, { notebookId: notebook }, 'bibtex');
    expect(bib.body).toMatch(/@book\{Wenger2002Cultivating,[^@]*title = \{Cultivating \{Communities\} of \{Practice\}\}/);
    expect(bib.body).not.toContain('canari');
    const mine = await exportReferences(db(), member, { ids: [secret] }, 'csl-json');
    expect(JSON.parse(String(mine.body))[0].title).toBe('Réservé canari');
  });
});

describe('references', () => {
  const bibtex = `@book{wenger2002,
  title = {Cultivating Communities of Practice},
  author = {Wenger, Etienne and McDermott, Richard and Snyder, William M.},
  year = {2002},
  publisher = {Harvard Business School Press},
  isbn = {978-1578513307}
}

@article{broken,
  title = {Une entrée cassée,
  year = 2001
}

@book{saintonge2003,
  title = {Leveraging Communities of Practice for Strategic Advantage},
  author = {Saint-Onge, Hubert and Wallace, Debra},
  year = {2003},
  publisher = {Butterworth-Heinemann},
  doi = {10.4324/9780080510286}
}
`;

  it('imports the entries that parse, reports the broken one by line, and merges a DOI already there', async () => {
    const member = await person(db());
    const report = await importReferences(db(), member, { text: bibtex, visibility: 'public' });
    expect(report.format).toBe('bibtex');
    expect(report.imported.map((e) => [e.title, e.line])).toEqual([
      ['Cultivating Communities of Practice', 1],
      ['Leveraging Communities of Practice for Strategic Advantage', 14]
    ]);
    expect(report.refused.map((e) => e.line)).toEqual([9]);
    const again = await importReferences(db(), member, { text: bibtex.slice(bibtex.indexOf('@book{saintonge2003')), visibility: 'public' });
    expect(again.imported).toEqual([]);
    expect(again.merged.map((e) => e.id)).toEqual([report.imported[1]!.id]);
    const view = await readResource(db(), null, report.imported[0]!.id);
    expect(view.authors.map((a) => a.name)).toEqual(['Wenger, Etienne', 'McDermott, Richard', 'Snyder, William M.']);
    expect(view.shortCitation).toBe('Wenger, McDermott & Snyder (2002)');
    const apa = await exportReferences(db(), member, { ids: report.imported.map((e) => e.id) }, 'apa');
    expect(apa.body).toContain('Wenger, E., McDermott, R., & Snyder, W. M. (2002).');
  });

  it('imports nothing from a file it cannot read', async () => {
    const member = await person(db());
    const before = await db().selectFrom('resources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const report = await importReferences(db(), member, { text: 'TY  - BOOK\nTI  - Sans fin\n', visibility: 'public' });
    expect(report.imported).toEqual([]);
    expect(report.refused.map((e) => e.line)).toEqual([1]);
    const after = await db().selectFrom('resources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

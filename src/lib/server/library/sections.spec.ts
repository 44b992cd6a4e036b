import { describe, expect, it } from 'vitest';
import markdownIt from 'markdown-it';
import { headingIds, mergeSectionEdit, replaceSection, slugify, splitSections, tableOfContents } from './sections';
import { sectionAnchor } from '../../shared/library';

const work = [
  'Un mot d’accueil avant le premier titre.',
  '',
  '# Introduction',
  '',
  'Pourquoi ce guide.',
  '',
  '## Méthode',
  '',
  'Comment nous avons travaillé.',
  '',
  '```md',
  '# Pas un titre',
  '```',
  '',
  '## Résultats',
  '',
  'Ce que nous avons trouvé.',
  ''
].join('\n');

describe('splitSections', () => {
  it('cuts at headings, with the preamble first and each heading line inside its section', () => {
    const sections = splitSections(work);
    expect(sections.map((s) => [s.index, s.level, s.title, s.slug])).toEqual([
      [0, 0, '', ''],
      [1, 1, 'Introduction', 'introduction'],
      [2, 2, 'Méthode', 'methode'],
      [3, 2, 'Résultats', 'resultats']
    ]);
    expect(sections[2]!.text).toBe('## Méthode\n\nComment nous avons travaillé.\n\n```md\n# Pas un titre\n```\n\n');
    expect(sections.map((s) => s.text).join('')).toBe(work);
    for (const s of sections) expect(work.slice(s.start, s.end)).toBe(s.text);
  });

  it('has no preamble section when the document starts with a heading', () => {
    const sections = splitSections('# Titre\n\nTexte\n## Suite\nFin');
    expect(sections.map((s) => [s.index, s.title, s.text])).toEqual([
      [0, 'Titre', '# Titre\n\nTexte\n'],
      [1, 'Suite', '## Suite\nFin']
    ]);
  });

  it('ignores hashes in tilde fences, without a space, or inside quotes', () => {
    const text = '# Un\n~~~\n# dans le code\n~~~\n#hashtag\n> # citation\n    # code indenté\n# Deux #\n';
    expect(splitSections(text).map((s) => s.title)).toEqual(['Un', 'Deux']);
  });

  it('gives plain, unique slugs', () => {
    const text = '# Été à Montréal!\n# Notes\n## Notes\n### Notes\n# Notes 2\n# **Le _guide_** [pratique](https://example.org)\n# ¿?\n';
    expect(splitSections(text).map((s) => s.slug)).toEqual(['ete-a-montreal', 'notes', 'notes-2', 'notes-3', 'notes-2-2', 'le-guide-pratique', 'section']);
    expect(splitSections(text)[5]!.title).toBe('Le guide pratique');
    expect(slugify('  Ça  marche — vraiment ')).toBe('ca-marche-vraiment');
  });

  it('keeps offsets right with CRLF line endings', () => {
    const text = 'Avant\r\n# A\r\nun\r\n# B\r\ndeux\r\n';
    const sections = splitSections(text);
    expect(sections.map((s) => s.text)).toEqual(['Avant\r\n', '# A\r\nun\r\n', '# B\r\ndeux\r\n']);
  });
});

describe('tableOfContents', () => {
  it('lists headings of levels 1 to 3 with the section to edit', () => {
    const toc = tableOfContents(`${work}#### Détail\n\ntexte\n`);
    expect(toc).toEqual([
      { level: 1, title: 'Introduction', slug: 'introduction', index: 1 },
      { level: 2, title: 'Méthode', slug: 'methode', index: 2 },
      { level: 2, title: 'Résultats', slug: 'resultats', index: 3 }
    ]);
  });

  it('uses the same slugs as the ids of rendered headings, duplicates included', () => {
    const text = '# Notes\n\nSetext\n======\n\n> # Citée\n\n## Notes\n\n```\n# code\n```\n\n### Notes\n\n#### Notes\n\n## Été *chaud*\n';
    const md = markdownIt({ html: false, linkify: true });
    headingIds(md);
    const html = md.render(text);
    const ids = [...html.matchAll(/<h\d id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['s-notes', 's-notes-2', 's-notes-3', 's-notes-4', 's-ete-chaud']);
    expect(tableOfContents(text).map((e) => e.slug)).toEqual(['notes', 'notes-2', 'notes-3', 'ete-chaud']);
    for (const entry of tableOfContents(text)) expect(ids).toContain(sectionAnchor(entry.slug));
  });
});

describe('replaceSection', () => {
  it('replaces one section and keeps the break before the next heading', () => {
    const out = replaceSection(work, 2, '## Méthode\n\nNous avons lu, puis écrit.');
    expect(splitSections(out)[2]!.text).toBe('## Méthode\n\nNous avons lu, puis écrit.\n\n');
    expect(splitSections(out)[3]!.text).toBe(splitSections(work)[3]!.text);
    expect(out.startsWith(splitSections(work).slice(0, 2).map((s) => s.text).join(''))).toBe(true);
  });

  it('removes a section replaced by nothing, and refuses an unknown index', () => {
    expect(splitSections(replaceSection(work, 2, '  \n')).map((s) => s.title)).toEqual(['', 'Introduction', 'Résultats']);
    expect(() => replaceSection(work, 9, 'x')).toThrow(RangeError);
  });
});

describe('mergeSectionEdit', () => {
  const base = work;
  const editedMethod = '## Méthode\n\nNous avons lu, puis écrit.\n';

  it('merges edits of two different sections', () => {
    const current = replaceSection(base, 3, '## Résultats\n\nTrois leçons.\n');
    const merged = mergeSectionEdit(base, current, 2, editedMethod);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.text).toContain('Nous avons lu, puis écrit.');
    expect(merged.text).toContain('Trois leçons.');
    expect(merged.text).not.toContain('Comment nous avons travaillé.');
  });

  it('finds the section by its text when the sections moved', () => {
    const current = `# Nouveau début\n\nAjouté par quelqu’un.\n\n${base}`;
    const merged = mergeSectionEdit(base, current, 2, editedMethod);
    expect(merged.ok).toBe(true);
    if (merged.ok) {
      expect(merged.text.startsWith('# Nouveau début')).toBe(true);
      expect(merged.text).toContain('Nous avons lu, puis écrit.');
    }
  });

  it('reports a conflict when both changed the same section', () => {
    const current = replaceSection(base, 2, '## Méthode\n\nUne autre version.\n');
    expect(mergeSectionEdit(base, current, 2, editedMethod)).toEqual({ ok: false });
  });

  it('accepts an edit that changes nothing, and refuses an unknown section', () => {
    const current = replaceSection(base, 2, '## Méthode\n\nUne autre version.\n');
    expect(mergeSectionEdit(base, current, 2, splitSections(base)[2]!.text)).toEqual({ ok: true, text: current });
    expect(mergeSectionEdit(base, current, 12, 'x')).toEqual({ ok: false });
  });

  it('merges straight into an unchanged document', () => {
    const merged = mergeSectionEdit(base, base, 1, '# Introduction\n\nNouveau.\n');
    expect(merged).toEqual({ ok: true, text: replaceSection(base, 1, '# Introduction\n\nNouveau.\n') });
  });
});

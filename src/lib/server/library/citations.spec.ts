// Reference files as a member brings them: a broken entry is shown by its line and the others still
// come in; what goes out in BibTeX or RIS comes back the same; the APA bibliography reads right and
// its HTML never carries a user's markup.
import { describe, expect, it } from 'vitest';
import type { CslItem } from '$lib/shared/library';
import { DomainError } from '../errors';
import {
  formatBibliographyHtml,
  formatReferences,
  normaliseDoi,
  parseReferences,
  referenceEntriesMax,
  referenceFileMaxBytes,
  referenceFileName,
  shortCitation
} from './citations';

const wenger: CslItem = {
  type: 'book',
  title: 'Cultivating Communities of Practice',
  author: [
    { family: 'Wenger', given: 'Etienne' },
    { family: 'McDermott', given: 'Richard' },
    { family: 'Snyder', given: 'William M.' }
  ],
  issued: { 'date-parts': [[2002]] },
  publisher: 'Harvard Business School Press',
  ISBN: '978-1578513307'
};

const saintOnge: CslItem = {
  type: 'book',
  title: 'Leveraging Communities of Practice for Strategic Advantage',
  author: [
    { family: 'Saint-Onge', given: 'Hubert' },
    { family: 'Wallace', given: 'Debra' }
  ],
  issued: { 'date-parts': [[2003]] },
  publisher: 'Butterworth-Heinemann'
};

/** What a member would check after a round trip. */
function essentials(item: CslItem) {
  return { title: item.title, author: item.author, year: item.issued?.['date-parts']?.[0]?.[0] };
}

const threeGoodOneBroken = `% Exported from a reference manager
@book{wenger2002,
  title = {Cultivating Communities of Practice},
  author = {Wenger, Etienne and McDermott, Richard and Snyder, William M.},
  year = {2002},
  publisher = {Harvard Business School Press}
}

@article{broken2010,
  title = {A title whose brace is never closed,
  author = {Doe, Jane},
  year = {2010}
}

@book{saintonge2003,
  title = {Leveraging Communities of Practice for Strategic Advantage},
  author = {Saint-Onge, Hubert and Wallace, Debra},
  year = 2003,
  publisher = {Butterworth-Heinemann}
}

@misc{third,
  title = {A third reference},
  author = {Roe, Richard},
  year = {2020}
}
`;

describe('reading BibTeX', () => {
  it('reports an entry with an unclosed brace by its line and imports the three others', () => {
    const report = parseReferences(threeGoodOneBroken);
    expect(report.format).toBe('bibtex');
    expect(report.entries.map((e) => [e.line, e.item.title])).toEqual([
      [2, 'Cultivating Communities of Practice'],
      [15, 'Leveraging Communities of Practice for Strategic Advantage'],
      [22, 'A third reference']
    ]);
    expect(report.errors).toEqual([{ line: 9, code: 'syntax', message: expect.stringContaining('brace'), excerpt: '@article{broken2010,' }]);
  });

  it('reports an entry missing the comma after its key, and keeps the others', () => {
    const text = threeGoodOneBroken.replace('@article{broken2010,\n  title = {A title whose brace is never closed,', '@article{broken2010\n  title = {Fine title},');
    const report = parseReferences(text, 'bibtex');
    expect(report.entries).toHaveLength(3);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ line: 9, code: 'syntax', excerpt: '@article{broken2010' });
    expect(report.errors[0]?.message).toMatch(/comma/);
  });

  it('refuses an entry closed too early by an extra brace rather than import half of it', () => {
    const text = '@book{a,\n  title = {One}},\n  year = 2001\n}\n@book{b,\n  title = {Two}\n}\n';
    const report = parseReferences(text);
    expect(report.entries.map((e) => e.item.title)).toEqual(['Two']);
    expect(report.errors).toMatchObject([{ line: 1, code: 'syntax' }]);
  });

  it('uses @string macros, skips comments and preambles, and decodes LaTeX', () => {
    const text = '@comment{ignored {nested}}\n@preamble{"\\newcommand{\\x}{y}"}\n@string{hbs = "Harvard Business School"}\n\n@book{w,\n  title = {Caf{\\\'e} \\& co},\n  publisher = hbs # " Press",\n  year = 2002\n}\n';
    const report = parseReferences(text);
    expect(report.errors).toEqual([]);
    expect(report.entries).toHaveLength(1);
    expect(report.entries[0]).toMatchObject({ line: 5, item: { title: 'Café & co', publisher: 'Harvard Business School Press' } });
  });

  it('reports an entry without a title, and keeps no id nor citation-js internals', () => {
    const report = parseReferences('@book{x,\n  author = {Doe, Jane},\n  year = 2001\n}\n@book{y,\n  title = {  Spaced  },\n  doi = {https://doi.org/10.1234/ABC.def}\n}');
    expect(report.errors).toMatchObject([{ line: 1, code: 'missing_title', excerpt: '@book{x,' }]);
    const item = report.entries[0]?.item;
    expect(item).toMatchObject({ title: 'Spaced', DOI: '10.1234/abc.def', 'citation-key': 'y' });
    expect(item && Object.keys(item).filter((k) => k === 'id' || k.startsWith('_'))).toEqual([]);
  });
});

describe('reading RIS', () => {
  it('reports a record without its ER line by the line of its TY, and keeps the others', () => {
    const text = [
      'TY  - BOOK',
      'TI  - Cultivating Communities of Practice',
      'AU  - Wenger, Etienne',
      'PY  - 2002',
      'ER  - ',
      '',
      'TY  - JOUR',
      'TI  - Never ended',
      'AU  - Doe, Jane',
      '',
      'TY  - BOOK',
      'TI  - Leveraging Communities of Practice for Strategic Advantage',
      'AU  - Saint-Onge, Hubert',
      'PY  - 2003',
      'ER  -'
    ].join('\r\n');
    const report = parseReferences(text);
    expect(report.format).toBe('ris');
    expect(report.entries.map((e) => [e.line, e.item.title])).toEqual([
      [1, 'Cultivating Communities of Practice'],
      [11, 'Leveraging Communities of Practice for Strategic Advantage']
    ]);
    expect(report.errors).toMatchObject([{ line: 7, code: 'syntax', excerpt: 'TY  - JOUR' }]);
  });

  it('reports a record that ends without ER at the end of the file', () => {
    const report = parseReferences('TY  - BOOK\nTI  - Alone\n');
    expect(report.entries).toEqual([]);
    expect(report.errors).toMatchObject([{ line: 1, code: 'syntax' }]);
  });
});

describe('reading CSL-JSON', () => {
  it('gives each element the line it starts on, and refuses one without a title', () => {
    const text = JSON.stringify([wenger, { type: 'book', author: [{ family: 'Nobody' }] }, saintOnge], null, 2);
    const report = parseReferences(text);
    expect(report.format).toBe('csl-json');
    const lines = text.split('\n');
    expect(report.entries.map((e) => lines[e.line - 1]?.trim())).toEqual(['{', '{']);
    expect(report.entries.map((e) => essentials(e.item))).toEqual([essentials(wenger), essentials(saintOnge)]);
    expect(report.errors).toMatchObject([{ code: 'missing_title', line: lines.indexOf('  {', 2) + 1 }]);
  });

  it('round-trips through export and import', () => {
    const report = parseReferences(formatReferences([wenger, saintOnge], 'csl-json', 'en'));
    expect(report.errors).toEqual([]);
    expect(report.entries.map((e) => e.item)).toEqual([wenger, saintOnge]);
  });

  it('reads a single object, and reports broken JSON as a syntax error', () => {
    expect(parseReferences(JSON.stringify(saintOnge)).entries.map((e) => e.item)).toEqual([saintOnge]);
    expect(parseReferences('[{"type": "book",}]').errors).toMatchObject([{ code: 'syntax', line: 1 }]);
    expect(parseReferences('[1, {"type": "book", "title": "T"}]').errors).toMatchObject([{ code: 'syntax', line: 1, excerpt: '1, {"type": "book", "title": "T"}]' }]);
  });
});

describe('recognising the format', () => {
  it('tells each format apart, and says so when it is none of them', () => {
    expect(parseReferences(formatReferences([wenger], 'bibtex', 'en')).format).toBe('bibtex');
    expect(parseReferences(formatReferences([wenger], 'ris', 'en')).format).toBe('ris');
    expect(parseReferences(formatReferences([wenger], 'csl-json', 'en')).format).toBe('csl-json');
    expect(parseReferences('Wenger, E. (2002). Cultivating communities of practice.')).toMatchObject({
      format: null,
      entries: [],
      errors: [{ line: 1, code: 'unknown_format' }]
    });
  });

  it('reports an empty file, and a file with no entry in it', () => {
    expect(parseReferences('  \n')).toMatchObject({ entries: [], errors: [{ code: 'empty' }] });
    expect(parseReferences('[]')).toMatchObject({ format: 'csl-json', entries: [], errors: [{ code: 'empty' }] });
    expect(parseReferences('@comment{nothing here}')).toMatchObject({ format: 'bibtex', errors: [{ code: 'empty' }] });
  });

  it('never treats a DOI or an address as something to fetch', () => {
    expect(parseReferences('https://doi.org/10.1234/abc', 'bibtex').entries).toEqual([]);
    expect(parseReferences('10.1234/abc').errors).toMatchObject([{ code: 'unknown_format' }]);
  });
});

describe('limits', () => {
  it('refuses a file over the size limit', () => {
    expect(() => parseReferences('%'.repeat(referenceFileMaxBytes + 1))).toThrow(DomainError);
  });

  it('reads at most the first entries and reports the rest as one error', () => {
    const entry = (n: number) => `TY  - BOOK\nTI  - Book ${n}\nER  - \n`;
    const text = Array.from({ length: referenceEntriesMax + 5 }, (_, n) => entry(n)).join('');
    const report = parseReferences(text);
    expect(report.entries).toHaveLength(referenceEntriesMax);
    expect(report.errors).toMatchObject([{ code: 'too_many', line: referenceEntriesMax * 3 + 1 }]);
  });
});

describe('writing references', () => {
  for (const format of ['bibtex', 'ris'] as const) {
    it(`exports the seed references to ${format} and reads them back the same`, () => {
      const report = parseReferences(formatReferences([wenger, saintOnge], format, 'fr'));
      expect(report.format).toBe(format);
      expect(report.errors).toEqual([]);
      expect(report.entries.map((e) => essentials(e.item))).toEqual([essentials(wenger), essentials(saintOnge)]);
    });
  }

  it('writes an APA bibliography, one entry per paragraph, sorted by author', () => {
    const text = formatReferences([wenger, saintOnge], 'apa', 'en');
    const paragraphs = text.trim().split('\n\n');
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]).toMatch(/^Saint-Onge, H., & Wallace, D\. \(2003\)\./);
    expect(paragraphs[1]).toContain('Wenger, E., McDermott, R., & Snyder, W. M. (2002).');
  });

  it('escapes what users wrote in the HTML bibliography', () => {
    const evil: CslItem = {
      ...wenger,
      title: '<script>alert(1)</script> <img src=x onerror=alert(2)>',
      author: [{ family: '<b onmouseover="x()">Evil</b>', given: 'A' }],
      publisher: 'P<iframe src="https://example.org">'
    };
    const html = formatBibliographyHtml([evil, saintOnge], 'fr');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toMatch(/<(script|img|iframe)/i);
    expect(html).not.toMatch(/<b [^>]*onmouseover/);
    expect(html).toContain('Saint-Onge, H., &#38; Wallace, D. (2003).');
  });

  it('names the download after a cleaned base', () => {
    expect(referenceFileName('bibtex', 'Références : CdP « Santé »')).toEqual({ fileName: 'references-cdp-sante.bib', mime: 'application/x-bibtex' });
    expect(referenceFileName('ris', '../../etc')).toEqual({ fileName: 'etc.ris', mime: 'application/x-research-info-systems' });
    expect(referenceFileName('csl-json', '')).toEqual({ fileName: 'references.json', mime: 'application/vnd.citationstyles.csl+json' });
    expect(referenceFileName('apa', 'Bibliographie')).toEqual({ fileName: 'bibliographie.txt', mime: 'text/plain' });
  });
});

describe('normaliseDoi', () => {
  it.each([
    ['10.1234/ABC.def', '10.1234/abc.def'],
    ['https://doi.org/10.1000/XYZ123', '10.1000/xyz123'],
    ['http://dx.doi.org/10.1000/xyz', '10.1000/xyz'],
    ['doi:10.1000/xyz', '10.1000/xyz'],
    [' DOI: 10.1000/ xyz ', '10.1000/xyz'],
    ['10.12/too-short-prefix', null],
    ['not a doi', null],
    ['', null],
    [null, null],
    [undefined, null]
  ])('%s → %s', (value, expected) => {
    expect(normaliseDoi(value)).toBe(expected);
  });
});

describe('shortCitation', () => {
  it('names one to three authors, then the first one et al.', () => {
    expect(shortCitation(wenger)).toBe('Wenger, McDermott & Snyder (2002)');
    expect(shortCitation(saintOnge)).toBe('Saint-Onge & Wallace (2003)');
    const four = { ...wenger, author: [...(wenger.author ?? []), { family: 'Fourth' }] };
    expect(shortCitation(four)).toBe('Wenger et al. (2002)');
    expect(shortCitation({ type: 'report', author: [{ literal: 'OMS' }], issued: { raw: '2019-05' } })).toBe('OMS (2019)');
    expect(shortCitation({ type: 'webpage', title: 'Sans auteur' })).toBe('Sans auteur');
  });
});

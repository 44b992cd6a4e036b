// The chart as the server sends it: what a browser without JavaScript, or a screen reader, receives.
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import BarChart from './BarChart.svelte';

const texts = {
  caption: 'Which topics interest you?',
  labelHeading: 'Topic',
  countHeading: 'Answers',
  percentHeading: 'Share',
  tableSummary: 'Table',
  emptyText: 'No answers yet.'
};

function chart(rows: { label: string; count: number }[], extra: { total?: number; locale?: 'fr' | 'en'; average?: string | null } = {}) {
  const { body } = render(BarChart, { props: { ...texts, locale: 'en', ...extra, rows } });
  return readable(body);
}

/** The markup without Svelte's hydration comments and scoped-style classes, so patterns stay short. */
const readable = (html: string) =>
  html
    .replace(/<!--.*?-->/g, '')
    .replace(/ class="svelte-[a-z0-9]+"/g, '')
    .replace(/ svelte-[a-z0-9]+(?=[ "])/g, '');

const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length;
const tableRows = (html: string) =>
  [...html.matchAll(/<tr><th scope="row">(.*?)<\/th><td[^>]*>(.*?)<\/td><td[^>]*>(.*?)<\/td><\/tr>/g)].map((m) => m.slice(1));

describe('BarChart', () => {
  it('draws one bar per choice that has answers', () => {
    const html = chart([
      { label: 'Events', count: 6 },
      { label: 'Library', count: 0 },
      { label: 'Mentoring', count: 2 }
    ]);
    expect(count(html, /<rect\b/g)).toBe(2);
    expect(html).toContain('6 (75%)');
    expect(html).toContain('0 (0%)');
  });

  it('is an image named by its title for assistive technology', () => {
    const html = chart([{ label: 'Events', count: 1 }]);
    const svg = html.match(/<svg\b[^>]*>/)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('width="100%"');
    const labelledBy = svg.match(/aria-labelledby="([^"]+)"/)?.[1];
    expect(labelledBy).toBeTruthy();
    expect(html).toContain(`<title id="${labelledBy}">${texts.caption}</title>`);
    expect(html).toMatch(/<figure\b[^>]*>\s*<figcaption>Which topics interest you\?<\/figcaption>/);
  });

  it('repeats the numbers in a table, formatted in English', () => {
    const html = chart(
      [
        { label: 'Events', count: 1200 },
        { label: 'Library', count: 3 }
      ],
      { total: 1500 }
    );
    expect(html).toMatch(/<summary>Table<\/summary>/);
    expect(html).toMatch(/<th scope="col">Topic<\/th><th[^>]*>Answers<\/th><th[^>]*>Share<\/th>/);
    expect(tableRows(html)).toEqual([
      ['Events', '1,200', '80%'],
      ['Library', '3', '0.2%']
    ]);
  });

  it('formats the table in French', () => {
    const html = chart(
      [
        { label: 'Événements', count: 1200 },
        { label: 'Bibliothèque', count: 3 }
      ],
      { total: 1500, locale: 'fr' }
    );
    expect(tableRows(html)).toEqual([
      ['Événements', expect.stringMatching(/^1[\u00a0\u202f]200$/), expect.stringMatching(/^80[\u00a0\u202f]%$/)],
      ['Bibliothèque', '3', expect.stringMatching(/^0,2[\u00a0\u202f]%$/)]
    ]);
  });

  it('escapes a label that looks like markup, in the chart and in the table', () => {
    const html = chart([{ label: '<script>alert(1)</script>', count: 1 }]);
    expect(html).not.toContain('<script>');
    expect(count(html, /&lt;script>alert\(1\)&lt;\/script>/g)).toBe(2);
  });

  it('shows the average sentence under the chart only when given', () => {
    expect(chart([{ label: 'Events', count: 1 }], { average: 'Average: 3.5 out of 5' })).toMatch(/<\/svg>\s*<p[^>]*>Average: 3\.5 out of 5<\/p>/);
    expect(chart([{ label: 'Events', count: 1 }])).not.toContain('Average');
  });

  it('says so in a sentence instead of drawing an empty chart', () => {
    const html = chart([]);
    expect(html).toContain('No answers yet.');
    expect(html).toContain(texts.caption);
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('<table');
  });
});

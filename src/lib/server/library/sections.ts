// A collective work is one Markdown document cut into sections at its headings, so members can
// edit one section at a time and two people editing different sections do not conflict. Headings
// are found by markdown-it itself (top-level ATX headings only), so the slugs here are exactly the
// `id`s that `headingIds` gives the rendered headings.
import markdownIt, { type MarkdownIt, type Token } from 'markdown-it';
import { sectionAnchor } from '../../shared/library';

export type Section = {
  /** Position in the list; the preamble, when there is one, is section 0. */
  index: number;
  /** 1–6 for a heading, 0 for the preamble. */
  level: number;
  /** The heading as plain text ('' for the preamble). */
  title: string;
  /** Unique within the document, equal to the rendered heading's `id` ('' for the preamble). */
  slug: string;
  /** Character offsets in the document: `text` is `markdown.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
};

export type TocEntry = { level: number; title: string; slug: string; index: number };

export type MergeResult = { ok: true; text: string } | { ok: false };

/** Block structure only matters here; `html: false` matches the site's renderer. */
const parser = markdownIt({ html: false });

/** `**Le _guide_** [pratique](/x)` → `Le guide pratique`: what a reader sees in the heading. */
function plainTitle(source: string): string {
  return source
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/[*`]+|~~/g, '')
    .replace(/(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lowercase ASCII letters and digits joined by dashes; accents dropped. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'section';
}

function uniqueSlug(title: string, used: Set<string>): string {
  const base = slugify(title);
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
  used.add(slug);
  return slug;
}

type Heading = { token: Token; line: number; level: number; title: string; slug: string };

/**
 * The headings that open sections: ATX (`#`…`######`) at the top level of the document, in
 * order, with unique slugs. Setext headings and headings inside quotes or lists stay in the
 * section around them.
 */
function sectionHeadings(tokens: Token[]): Heading[] {
  const used = new Set<string>();
  const headings: Heading[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open' || token.level !== 0 || !token.markup.startsWith('#') || !token.map) return;
    const title = plainTitle(tokens[i + 1]?.content ?? '');
    headings.push({ token, line: token.map[0], level: Number(token.tag.slice(1)), title, slug: uniqueSlug(title, used) });
  });
  return headings;
}

/** Where each line starts; markdown-it counts `\r\n`, `\r` and `\n` as line ends alike. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** The document's sections, in order: the preamble (if it has any text), then one per heading. */
export function splitSections(markdown: string): Section[] {
  const starts = lineStarts(markdown);
  const headings = sectionHeadings(parser.parse(markdown, {}));
  const sections: Section[] = [];
  const firstStart = headings.length ? starts[headings[0]!.line]! : markdown.length;
  if (markdown.slice(0, firstStart).trim() !== '') {
    sections.push({ index: 0, level: 0, title: '', slug: '', start: 0, end: firstStart, text: markdown.slice(0, firstStart) });
  }
  headings.forEach((heading, i) => {
    const start = starts[heading.line]!;
    const next = headings[i + 1];
    const end = next ? starts[next.line]! : markdown.length;
    sections.push({ index: sections.length, level: heading.level, title: heading.title, slug: heading.slug, start, end, text: markdown.slice(start, end) });
  });
  return sections;
}

/** Headings of levels 1 to 3, with the section index to edit each one. */
export function tableOfContents(markdown: string): TocEntry[] {
  return splitSections(markdown)
    .filter((s) => s.level >= 1 && s.level <= 3)
    .map(({ level, title, slug, index }) => ({ level, title, slug, index }));
}

/**
 * The document with section `index` replaced by `newText`. The section keeps the line breaks that
 * separated it from the next one, so a heading never ends up glued to the edited text; an empty
 * `newText` removes the section.
 */
export function replaceSection(markdown: string, index: number, newText: string): string {
  const section = splitSections(markdown)[index];
  if (!section) throw new RangeError(`No section ${index}`);
  return splice(markdown, section, newText);
}

function splice(markdown: string, section: Section, newText: string): string {
  const body = newText.replace(/\s+$/, '');
  const isLast = section.end === markdown.length;
  const trailing = /(\r\n|\r|\n)\s*$/.exec(section.text)?.[0] ?? (isLast ? '' : '\n');
  const replacement = body === '' ? '' : body + trailing;
  return markdown.slice(0, section.start) + replacement + markdown.slice(section.end);
}

/** Sections compare equal whatever their line endings and trailing blank lines. */
const comparable = (text: string) => text.replace(/\r\n?/g, '\n').replace(/\s+$/, '');

/**
 * Applies a member's edit of section `index` of revision `base` to `current`, a later revision
 * someone else saved meanwhile. It succeeds when that section is untouched in `current` — at the
 * same place, or moved elsewhere unchanged — and fails on a real conflict.
 */
export function mergeSectionEdit(base: string, current: string, index: number, edited: string): MergeResult {
  const original = splitSections(base)[index];
  if (!original) return { ok: false };
  const sections = splitSections(current);
  const wanted = comparable(original.text);
  // An edit that changes nothing cannot conflict.
  if (comparable(edited) === wanted) return { ok: true, text: current };
  const candidates = sections.filter((s) => comparable(s.text) === wanted);
  if (candidates.length === 0) return { ok: false };
  // Of several identical sections, the one nearest the original place.
  const target = candidates.reduce((best, s) => (Math.abs(s.index - index) < Math.abs(best.index - index) ? s : best));
  return { ok: true, text: splice(current, target, edited) };
}

/**
 * markdown-it plugin: gives each section heading an `id` made from its slug (sectionAnchor), so table
 * of contents links land on it. Apply it to the renderer that shows collective works.
 */
export function headingIds(md: MarkdownIt): void {
  md.core.ruler.push('ruche_heading_ids', (state) => {
    for (const heading of sectionHeadings(state.tokens)) heading.token.attrSet('id', sectionAnchor(heading.slug));
  });
}

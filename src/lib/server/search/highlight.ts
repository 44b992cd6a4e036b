// Excerpts for a result: the part of a text where the query's words are, escaped, with each
// matching word in <mark>. A word matches when its folded form, its stem or (for the word being
// typed) its beginning is the query's, so "Événements" is marked for "evenement".
import { fold, stem, type Language } from './analyse';
import type { ParsedQuery } from './query';
import { escapeHtml } from '../digests/render';

type Span = { start: number; end: number };

function matches(text: string, query: ParsedQuery['highlight'], language: Language): Span[] {
  const words = new Set(query.words);
  const stems = new Set(query.stems);
  const spans: Span[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const folded = fold(match[0]);
    const hit =
      words.has(folded) ||
      stems.has(stem(folded, language)) ||
      stems.has(stem(folded, language === 'fr' ? 'en' : 'fr')) ||
      (query.prefix !== null && folded.startsWith(query.prefix));
    if (hit) spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

function marked(text: string, spans: Span[], offset: number): string {
  let out = '';
  let at = offset;
  for (const span of spans) {
    if (span.start < at || span.end > offset + text.length) continue;
    out += escapeHtml(text.slice(at - offset, span.start - offset)) + '<mark>' + escapeHtml(text.slice(span.start - offset, span.end - offset)) + '</mark>';
    at = span.end;
  }
  return out + escapeHtml(text.slice(at - offset));
}

/** The whole (short) text, escaped, its matching words marked: for titles and names. */
export function highlightAll(text: string, query: ParsedQuery['highlight'], language: Language): string {
  return marked(text, matches(text, query, language), 0);
}

/**
 * About `length` characters of a long text around its first matching word (or its beginning), cut
 * at word boundaries, with "…" where it was cut.
 */
export function highlightExcerpt(text: string, query: ParsedQuery['highlight'], language: Language, length = 220): string {
  const spans = matches(text, query, language);
  if (text.length <= length) return marked(text, spans, 0);
  const first = spans[0]?.start ?? 0;
  let start = Math.max(0, first - Math.floor(length / 3));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > Math.max(start, spans[0]?.end ?? start)) end = space;
  }
  const slice = text.slice(start, end);
  return (start > 0 ? '…' : '') + marked(slice, spans, start) + (end < text.length ? '…' : '');
}

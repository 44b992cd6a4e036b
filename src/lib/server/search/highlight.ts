// Excerpts for a result: the part of a text where the query's words are, escaped, with each
// matching word in <mark>. A word matches when its folded form, its stem or (for the word being
// typed) its beginning is the query's, so "Événements" is marked for "evenement".
import { fold, stem, type Language } from './analyse';
import type { ParsedQuery } from './query';
import { escapeHtml } from '../digests/render';

type Span = { start: number; end: number };

/** A word's first two letters, folded: plain letters need no Unicode normalisation. */
const headOf = (word: string) => {
  const two = word.slice(0, 2);
  return /^[a-z0-9]+$/i.test(two) ? two.toLowerCase() : fold(word.slice(0, 4)).slice(0, 2);
};

/**
 * The matching words of `text` from `from` on, at most `limit` of them. Only a word that begins as
 * one of the query's terms does (a stem always begins as its word) is folded and stemmed, so a long
 * text costs little more than a regular expression over it.
 */
function matches(text: string, query: ParsedQuery['highlight'], language: Language, from = 0, limit = Infinity): Span[] {
  const words = new Set(query.words);
  const stems = new Set(query.stems);
  const heads = new Set([...query.words, ...query.stems, ...(query.prefix === null ? [] : [query.prefix])].map((term) => term.slice(0, 2)));
  const other: Language = language === 'fr' ? 'en' : 'fr';
  const spans: Span[] = [];
  const pattern = /[\p{L}\p{N}]+/gu;
  // From the beginning of the word `from` falls in, so that half a word is never taken for one.
  while (from > 0 && /[\p{L}\p{N}]/u.test(text[from - 1]!)) from--;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match && spans.length < limit; match = pattern.exec(text)) {
    if (!heads.has(headOf(match[0]))) continue;
    const folded = fold(match[0]);
    const hit = words.has(folded) || stems.has(stem(folded, language)) || stems.has(stem(folded, other)) || (query.prefix !== null && folded.startsWith(query.prefix));
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
  if (text.length <= length) return marked(text, matches(text, query, language), 0);
  // The first match places the excerpt; only the excerpt's own words are then looked at.
  const first = matches(text, query, language, 0, 1)[0]?.start ?? 0;
  let start = Math.max(0, first - Math.floor(length / 3));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  let end = Math.min(text.length, start + length);
  const spans = matches(text.slice(0, end), query, language, start);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > Math.max(start, spans[0]?.end ?? start)) end = space;
  }
  const slice = text.slice(start, end);
  return (start > 0 ? '…' : '') + marked(slice, spans, start) + (end < text.length ? '…' : '');
}

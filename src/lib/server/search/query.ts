// What a member typed, read as a search: words (stemmed, all required), "phrases in quotes" (the
// words in that order, accents aside), -excluded words, and the last word as a prefix while it is
// being typed. Nothing typed is ever syntax for the database: every term is rebuilt from folded
// letters and digits, so quotes left open, FTS operators or 10 kB of text are only words.
import { isStopword, stemsInAnyLanguage, words } from './analyse';

/** More terms than this say nothing more; the rest of the query is ignored (and the reader told). */
export const maxTerms = 12;
/** What the parser reads of a query; longer input is cut before anything else. */
export const maxQueryLength = 500;
/** A prefix shorter than this would match half the index: it counts as a whole word instead. */
export const minPrefixLength = 3;

export type Clause =
  /** One of these stems, in the stemmed columns. */
  | { kind: 'stems'; stems: string[] }
  /** These words in this order, in the words column. */
  | { kind: 'phrase'; words: string[] }
  /** The word being typed: its stems, or a word starting with it. */
  | { kind: 'typing'; stems: string[]; prefix: string };

export type ParsedQuery = {
  /** All must match. */
  clauses: Clause[];
  /** None may match (stems). */
  excluded: string[][];
  /** Folded words to highlight in excerpts; the last one also as a prefix when `typing`. */
  highlight: { words: string[]; stems: string[]; prefix: string | null };
  /** Why some of what was typed was left out. */
  notes: ('only_common_words' | 'too_long' | 'only_exclusions')[];
};

/**
 * Reads a query. `typing` says the last word may be unfinished (the box's suggestions, or a query
 * not ending in a space or a quote); a query submitted whole still matches it as a prefix when it
 * ends in a letter, which is what people expect of a search box.
 */
export function parseQuery(raw: string): ParsedQuery {
  const notes: ParsedQuery['notes'] = [];
  // Phones and French keyboards type “curly” or « French » quotes: they open and close phrases too.
  let text = raw.normalize('NFC').replace(/[“”„«»]/g, '"');
  if (text.length > maxQueryLength) {
    text = text.slice(0, maxQueryLength);
    notes.push('too_long');
  }
  const clauses: Clause[] = [];
  const excluded: string[][] = [];
  const highlightWords: string[] = [];
  const highlightStems = new Set<string>();
  let dropped = 0;
  let count = 0;
  // Phrases first: an unbalanced quote opens a phrase that runs to the end.
  const parts = text.split('"');
  const endsInWord = /[\p{L}\p{N}]$/u.test(text) && parts.length % 2 === 1;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (i % 2 === 1) {
      const phrase = words(part);
      if (phrase.length === 0) continue;
      if (count >= maxTerms) continue;
      count++;
      clauses.push({ kind: 'phrase', words: phrase.slice(0, maxTerms) });
      highlightWords.push(...phrase);
      continue;
    }
    const tokens = part.split(/\s+/).filter(Boolean);
    tokens.forEach((token, index) => {
      const negative = token.startsWith('-') && token.length > 1;
      const found = words(negative ? token.slice(1) : token);
      const lastOfQuery = i === parts.length - 1 && index === tokens.length - 1 && endsInWord;
      found.forEach((word, position) => {
        if (count >= maxTerms) return;
        if (negative) {
          excluded.push(stemsInAnyLanguage(word));
          count++;
          return;
        }
        // A common word is dropped even while typed: "le la les" or "évaluation des" would otherwise
        // match nearly everything ("des" becomes "description" one letter later).
        if (isStopword(word)) {
          dropped++;
          return;
        }
        const typing = lastOfQuery && position === found.length - 1 && word.length >= minPrefixLength;
        count++;
        const stems = stemsInAnyLanguage(word);
        stems.forEach((s) => highlightStems.add(s));
        highlightWords.push(word);
        clauses.push(typing ? { kind: 'typing', stems, prefix: word } : { kind: 'stems', stems });
      });
    });
  }
  if (count >= maxTerms && !notes.includes('too_long')) notes.push('too_long');
  if (clauses.length === 0 && dropped > 0) notes.push('only_common_words');
  if (clauses.length === 0 && excluded.length > 0) notes.push('only_exclusions');
  const last = clauses.at(-1);
  return {
    clauses,
    excluded,
    highlight: { words: highlightWords, stems: [...highlightStems], prefix: last?.kind === 'typing' ? last.prefix : null },
    notes
  };
}

/** Nothing to look for: the page says why instead of listing everything. */
export function isEmpty(query: ParsedQuery): boolean {
  return query.clauses.length === 0;
}

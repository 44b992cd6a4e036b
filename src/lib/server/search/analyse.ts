// How text becomes search terms, the same at index and at query time on both databases: folded to
// lower case without accents, inclusive writing brought back to one form ("animateur·trice",
// "étudiant-e-s"), French elisions dropped ("l'évaluation" → "evaluation"), then stemmed by the
// Snowball algorithm of the text's language (@orama/stemmers) so that "formations" meets "formation".
import { stemmer as frenchStem } from '@orama/stemmers/french';
import { stemmer as englishStem } from '@orama/stemmers/english';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import { stopwords as englishStopwords } from '@orama/stopwords/english';

export type Language = 'fr' | 'en';
export const languages: readonly Language[] = ['fr', 'en'];

/** Longer "words" are identifiers, hashes or noise: they are cut, never stored whole. */
const maxWordLength = 40;

const stemmers: Record<Language, (word: string) => string> = { fr: frenchStem, en: englishStem };

/** Lower case, no accents, the ligatures spelt out: "Œuvre Évaluée" → "oeuvre evaluee". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

const stopwordSet = new Set([...frenchStopwords, ...englishStopwords].map(fold));

/** A word that says nothing on its own in French or English ("le", "des", "the"). */
export function isStopword(word: string): boolean {
  return stopwordSet.has(word);
}

// The endings inclusive writing adds after a middle dot, a period or a hyphen: "animateur·trice·s",
// "étudiant.e.s", "étudiant-e-s". A hyphen only counts before these short endings, so "peut-être" and
// "rendez-vous" keep both words.
const inclusiveEnding = /(?<=\p{L})[·•.](?:e|es|s|x|trice|trices|rice|rices|euse|euses|ice|ices|ive|ives|le|les|ne|nes|te|tes|ère|ères|ere|eres|fe|fes)(?:[·•.](?:e|s|es))?(?!\p{L})/gu;
const inclusiveHyphen = /(?<=\p{L})-(?:e|es)(?:-s)?(?!\p{L}|-)/gu;
// "l'", "d'", "qu'", "jusqu'"… before a word: the elided article or pronoun is not a search term.
const elision = /(?<![\p{L}\p{N}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=\p{L})/giu;

/**
 * The words of a text, folded: inclusive forms reduced to the base word (plural kept), elisions
 * dropped. "L'animateur·trice·s d'événements" → ["animateurs", "evenements"].
 */
export function words(text: string): string[] {
  const plain = text
    .replace(elision, ' ')
    .replace(inclusiveEnding, (ending) => (/[sx]$/.test(ending) ? 's' : ''))
    .replace(inclusiveHyphen, (ending) => (ending.endsWith('s') ? 's' : ''));
  const folded = fold(plain);
  const out: string[] = [];
  for (const match of folded.matchAll(/[\p{L}\p{N}]+/gu)) out.push(match[0].slice(0, maxWordLength));
  return out;
}

/** The stem of one folded word in a language; digits and very short words stay as they are. */
export function stem(word: string, language: Language): string {
  if (word.length <= 2 || /^\p{N}+$/u.test(word)) return word;
  return stemmers[language](word) || word;
}

/** The stems of a text, in order, as the index stores them. Stop words stay: phrases need them. */
export function stems(text: string, language: Language): string[] {
  return words(text).map((w) => stem(w, language));
}

/** The distinct stems a folded query word may have in content of either language. */
export function stemsInAnyLanguage(word: string): string[] {
  return [...new Set(languages.map((language) => stem(word, language)))];
}

// What the pages and the server agree on about the shared repertoire: resources, notebooks, licences.

/** note: Markdown; file: a stored document; link: an address with a preview; reference: a bibliographic entry; work: a collective work, a note written together in sections. */
export const resourceKinds = ['note', 'file', 'link', 'reference', 'work'] as const;
export type ResourceKind = (typeof resourceKinds)[number];

/**
 * public: anyone; instance: anyone signed in; communities: active members of a linked community;
 * authors: the member authors (and whoever added it). Notebooks use the same levels, `authors`
 * meaning their managers and contributors.
 */
export const libraryVisibilities = ['public', 'instance', 'communities', 'authors'] as const;
export type LibraryVisibility = (typeof libraryVisibilities)[number];

export const licences = ['cc-by', 'cc-by-sa', 'cc-by-nc', 'cc-by-nc-sa', 'cc0', 'all-rights-reserved', 'other'] as const;
export type Licence = (typeof licences)[number];

/** Where each Creative Commons licence is explained. */
export const licenceUrls: Partial<Record<Licence, string>> = {
  'cc-by': 'https://creativecommons.org/licenses/by/4.0/',
  'cc-by-sa': 'https://creativecommons.org/licenses/by-sa/4.0/',
  'cc-by-nc': 'https://creativecommons.org/licenses/by-nc/4.0/',
  'cc-by-nc-sa': 'https://creativecommons.org/licenses/by-nc-sa/4.0/',
  cc0: 'https://creativecommons.org/publicdomain/zero/1.0/'
};

export const librarySorts = ['recent', 'applied', 'discussed'] as const;
export type LibrarySort = (typeof librarySorts)[number];

export const referenceFormats = ['bibtex', 'ris', 'csl-json'] as const;
export type ReferenceFormat = (typeof referenceFormats)[number];
export const exportFormats = ['bibtex', 'ris', 'csl-json', 'apa'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** A person in CSL-JSON: a family and given name, or a single literal name (an organisation). */
export type CslName = { family?: string; given?: string; literal?: string };
export type CslDate = { 'date-parts'?: (number | string)[][]; literal?: string; raw?: string };

/**
 * A bibliographic entry in CSL-JSON, the form references are stored in and exchanged through
 * citation-js. Only the fields Ruche shows are named; others are kept as they came.
 */
export type CslItem = {
  id?: string;
  type: string;
  title?: string;
  author?: CslName[];
  editor?: CslName[];
  issued?: CslDate;
  'container-title'?: string;
  publisher?: string;
  'publisher-place'?: string;
  page?: string;
  volume?: string;
  issue?: string;
  edition?: string;
  DOI?: string;
  ISBN?: string;
  URL?: string;
  language?: string;
  abstract?: string;
  [field: string]: unknown;
};

/** The id a collective work's section heading carries, so it never collides with the page's own ids (e.g. `main`). */
export function sectionAnchor(slug: string): string {
  return `s-${slug}`;
}

/** Between authors: a comma, or a semicolon when a name is itself written "Family, Given". */
export function authorSeparator(names: string[]): string {
  return names.some((name) => name.includes(',')) ? '; ' : ', ';
}

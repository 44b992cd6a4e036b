// Bibliographic references in and out: files in BibTeX, RIS or CSL-JSON read entry by entry (a
// broken entry is reported by line, the others still come in), and references written back out
// in those formats or as an APA bibliography. citation-js does the parsing and the formatting.
import { logger, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';
import type { CslDate, CslItem, CslName, ExportFormat, ReferenceFormat } from '$lib/shared/library';
import { invalid } from '../errors';

/** Larger files are refused outright (an `invalid` DomainError), before any parsing. */
export const referenceFileMaxBytes = 2 * 1024 * 1024;
/** Entries read from one file; those beyond are reported together as one `too_many` error. */
export const referenceEntriesMax = 2000;

/** What went wrong, as a key the pages translate; `message` says the same in English for developers. */
export type ParseErrorCode = 'syntax' | 'missing_title' | 'unknown_format' | 'empty' | 'too_many';
export type ParseError = { line: number; code: ParseErrorCode; message: string; excerpt: string };
/** `line`: the 1-based line where the entry starts in the file. */
export type ParsedEntry = { item: CslItem; line: number };
/** `format` is null only when none was given and none could be recognised (or the text is blank). */
export type ParseReport = { format: ReferenceFormat | null; entries: ParsedEntry[]; errors: ParseError[] };

/** One entry cut out of a file, not parsed yet; `problem` when the cutting already shows it is broken. */
type Chunk = { line: number; source: string; input: unknown; problem?: string; shift?: number };

const excerptMax = 80;

// Input types citation-js is told to use: forcing them means it never guesses, and so never takes
// a string for a DOI or URL to fetch.
const inputTypes: Record<ReferenceFormat, string> = {
  bibtex: '@bibtex/text',
  ris: '@ris/file',
  'csl-json': '@csl/list+object'
};

// ---------------------------------------------------------------------------------------------
// Reading

/** Reads a reference file; every entry that cannot be read becomes an error, never an entry. */
export function parseReferences(text: string, format?: ReferenceFormat): ParseReport {
  if (Buffer.byteLength(text, 'utf8') > referenceFileMaxBytes) {
    throw invalid([{ path: 'file', message: 'library.import.errors.too_large' }], `Reference files are limited to ${referenceFileMaxBytes} bytes`);
  }
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (clean.trim() === '') return { format: format ?? null, entries: [], errors: [problem(1, 'empty', 'The file is empty', '')] };
  const detected = format ?? detectFormat(clean);
  if (!detected) {
    return { format: null, entries: [], errors: [problem(1, 'unknown_format', 'Not BibTeX, RIS or CSL-JSON', clean)] };
  }
  const chunks = split(detected, clean);
  const report: ParseReport = { format: detected, entries: [], errors: [] };
  for (const chunk of chunks.slice(0, referenceEntriesMax)) {
    const read = readChunk(detected, chunk);
    if ('item' in read) report.entries.push(read);
    else report.errors.push(read);
  }
  const beyond = chunks[referenceEntriesMax];
  if (beyond) {
    const message = `Only the first ${referenceEntriesMax} entries are read; ${chunks.length - referenceEntriesMax} more were left out`;
    report.errors.push(problem(beyond.line, 'too_many', message, beyond.source));
  }
  if (chunks.length === 0) report.errors.push(problem(1, 'empty', 'The file holds no entry', ''));
  forgetLogs();
  return report;
}

/** citation-js keeps every message it logs, even silenced ones: left alone, a server would grow it forever. */
function forgetLogs(): void {
  logger._log.length = 0;
}

/** CSL-JSON if it parses as JSON (or plainly tries to), then RIS, then BibTeX. */
function detectFormat(text: string): ReferenceFormat | null {
  if (/^\s*[[{]/.test(text)) return 'csl-json';
  if (/^[A-Z][A-Z0-9] {2}- /m.test(text)) return 'ris';
  if (/@[A-Za-z]+\s*\{/.test(text)) return 'bibtex';
  return null;
}

function split(format: ReferenceFormat, text: string): Chunk[] {
  if (format === 'bibtex') return splitBibtex(text);
  if (format === 'ris') return splitRis(text);
  return splitCslJson(text);
}

function readChunk(format: ReferenceFormat, chunk: Chunk): ParsedEntry | ParseError {
  if (chunk.problem) return problem(chunk.line, 'syntax', chunk.problem, chunk.source);
  let parsed: Record<string, unknown>[];
  try {
    parsed = plugins.input.chain(chunk.input, { forceType: inputTypes[format], generateGraph: false, strict: true });
  } catch (error) {
    return problem(chunk.line, 'syntax', citationJsReason(error, chunk), chunk.source);
  }
  const [first] = parsed;
  if (parsed.length !== 1 || !first) return problem(chunk.line, 'syntax', 'The entry could not be read', chunk.source);
  const item = cleanItem(first);
  if (!item.title) return problem(chunk.line, 'missing_title', 'The entry has no title', chunk.source);
  return { item, line: chunk.line };
}

function problem(line: number, code: ParseErrorCode, message: string, source: string): ParseError {
  return { line, code, message, excerpt: (source.trimStart().split('\n')[0] ?? '').slice(0, excerptMax) };
}

/**
 * citation-js's own message, its first line only, with its line number (counted in the text it
 * was given) made a line of the file. One that falls in the @string macros put ahead of the entry
 * would mislead: it is dropped.
 */
function citationJsReason(error: unknown, chunk: Chunk): string {
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return first.replace(/ at line (\d+) col \d+:?$/, (_, line: string) => {
    const inFile = chunk.line + Number(line) - 1 - (chunk.shift ?? 0);
    return inFile >= chunk.line ? ` at line ${inFile}` : '';
  });
}

/** The 1-based line of each offset, for offsets asked in increasing order. */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let at = 0;
  return (offset) => {
    for (; at < offset; at++) if (text[at] === '\n') line++;
    return line;
  };
}

// ---------------------------------------------------------------------------------------------
// Cutting files into entries

const bibtexEntryStart = /@\s*([A-Za-z]+)\s*([{(])/g;
/** BibTeX's own way out of a missing brace: an entry that starts a line starts a new entry. */
const bibtexLineStart = /^\n\s*@\s*[A-Za-z]+\s*[{(]/;

/**
 * Each `@type{…}` block, found by matching braces. @comment and @preamble are skipped; @string
 * blocks are put ahead of every entry, since an entry may use their macros.
 */
function splitBibtex(text: string): Chunk[] {
  const lineAt = lineCounter(text);
  const entries: Chunk[] = [];
  const macros: string[] = [];
  let from = 0;
  let previous: Chunk | undefined;
  for (;;) {
    bibtexEntryStart.lastIndex = from;
    const start = bibtexEntryStart.exec(text);
    // Outside entries anything goes (it is a comment), but a `}` there means an entry closed early.
    const between = text.slice(from, start ? start.index : text.length);
    if (previous && !previous.problem && between.includes('}')) previous.problem = 'Unbalanced braces: a "}" closes the entry before its end';
    if (!start) break;
    const type = (start[1] ?? '').toLowerCase();
    const open = start.index + start[0].length - 1;
    const close = closingDelimiter(text, open);
    const source = text.slice(start.index, close.end);
    const chunk: Chunk = { line: lineAt(start.index), source, input: source };
    if (!close.closed) chunk.problem = 'Unbalanced braces: the entry is never closed';
    from = close.end;
    previous = undefined;
    if (type === 'comment' || type === 'preamble') continue;
    if (type === 'string') {
      chunk.problem ??= brokenMacro(chunk);
      if (chunk.problem) entries.push(chunk);
      else macros.push(source);
      continue;
    }
    entries.push(chunk);
    previous = chunk;
  }
  if (macros.length === 0) return entries;
  const prefix = macros.join('\n');
  const shift = prefix.split('\n').length;
  return entries.map((entry) => (entry.problem ? entry : { ...entry, input: `${prefix}\n${entry.source}`, shift }));
}

/** Why an @string block cannot be read, if it cannot: put ahead of every entry, it would break them all. */
function brokenMacro(chunk: Chunk): string | undefined {
  try {
    plugins.input.chain(chunk.source, { forceType: inputTypes.bibtex, generateGraph: false, strict: true });
    return undefined;
  } catch (error) {
    return citationJsReason(error, chunk);
  }
}

/**
 * Where the block opened at `open` ends (just past its closing delimiter), or, when it never
 * closes, where the next entry starts a line (or the end of the text).
 */
function closingDelimiter(text: string, open: number): { end: number; closed: boolean } {
  const byParenthesis = text[open] === '(';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '\n' && bibtexLineStart.test(text.slice(i, i + 200))) return { end: i, closed: false };
    const done = byParenthesis ? c === ')' && depth === 0 : depth === 0;
    if (done) return { end: i + 1, closed: true };
  }
  return { end: text.length, closed: false };
}

/** Each record from its `TY  -` line to its `ER  -` line; a record without `ER  -` is an error. */
function splitRis(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let open: { line: number; lines: string[] } | null = null;
  const unclosed = (record: { line: number; lines: string[] }): Chunk => {
    const source = record.lines.join('\n');
    return { line: record.line, source, input: source, problem: 'The record has no "ER  -" line to end it' };
  };
  for (const [index, line] of text.split('\n').entries()) {
    if (/^TY {2}- /.test(line)) {
      if (open) chunks.push(unclosed(open));
      open = { line: index + 1, lines: [line] };
    } else if (open) {
      open.lines.push(line);
      if (/^ER {2}-/.test(line)) {
        const source = open.lines.join('\n');
        chunks.push({ line: open.line, source, input: `${source}\n` });
        open = null;
      }
    }
  }
  if (open) chunks.push(unclosed(open));
  return chunks;
}

/** Each element of the array (or the single object); its line is found by walking the text. */
function splitCslJson(text: string): Chunk[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [{ line: 1, source: text, input: null, problem: `Invalid JSON: ${reason}` }];
  }
  const elements = Array.isArray(data) ? data : [data];
  const starts = Array.isArray(data) ? elementStarts(text) : [text.search(/\S/)];
  const lineAt = lineCounter(text);
  return elements.map((element, index) => {
    const offset = starts[index] ?? 0;
    const chunk: Chunk = { line: lineAt(offset), source: text.slice(offset, offset + excerptMax + 20), input: [element] };
    if (!isRecord(element)) chunk.problem = 'A CSL-JSON entry must be an object';
    return chunk;
  });
}

/** Offsets where the elements of a top-level JSON array start (the text is known to be valid JSON). */
function elementStarts(text: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (expecting && depth === 1 && !/\s/.test(c)) {
      starts.push(i);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') expecting = ++depth === 1;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expecting = true;
  }
  return starts;
}

// ---------------------------------------------------------------------------------------------
// Cleaning

const nameParts = ['family', 'given', 'literal', 'suffix', 'dropping-particle', 'non-dropping-particle'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The CSL fields of an item, and only them: no id (the library gives its own), nothing citation-js
 * keeps for itself (`_graph`…), strings trimmed, empty fields dropped, the DOI normalised (or
 * dropped when it is not one). Names and dates keep their CSL shape; other nested values go.
 */
export function cleanItem(raw: Record<string, unknown>): CslItem {
  const item: CslItem = { type: typeof raw.type === 'string' && raw.type.trim() ? raw.type.trim() : 'document' };
  for (const [field, value] of Object.entries(raw)) {
    if (field === 'id' || field === 'type' || field.startsWith('_')) continue;
    const kept = cleanValue(value);
    if (kept !== undefined) item[field] = kept;
  }
  const doi = normaliseDoi(typeof item.DOI === 'string' ? item.DOI : null);
  if (doi) item.DOI = doi;
  else delete item.DOI;
  return item;
}

function cleanValue(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const names = value.map(cleanName).filter((name): name is CslName => name !== null);
    return names.length > 0 ? names : undefined;
  }
  if (isRecord(value)) return cleanDate(value) ?? undefined;
  return undefined;
}

function cleanName(value: unknown): CslName | null {
  if (!isRecord(value)) return null;
  const name: Record<string, string> = {};
  for (const part of nameParts) {
    const text = value[part];
    if (typeof text === 'string' && text.trim()) name[part] = text.trim();
  }
  return Object.keys(name).length > 0 ? name : null;
}

function cleanDate(value: Record<string, unknown>): CslDate | null {
  const date: CslDate = {};
  const parts = value['date-parts'];
  if (Array.isArray(parts)) {
    const ranges = parts.filter(Array.isArray).map((range: unknown[]) => range.filter((p) => typeof p === 'number' || (typeof p === 'string' && /^\d+$/.test(p))));
    if (ranges.some((range) => range.length > 0)) date['date-parts'] = ranges as (number | string)[][];
  }
  for (const key of ['literal', 'raw'] as const) {
    const text = value[key];
    if (typeof text === 'string' && text.trim()) date[key] = text.trim();
  }
  return Object.keys(date).length > 0 ? date : null;
}

/** A DOI as stored and compared: lower case, without resolver prefix; null when it is not a DOI. */
export function normaliseDoi(value: string | undefined | null): string | null {
  if (!value) return null;
  const doi = value
    .replace(/\s+/g, '')
    .toLowerCase()
    .replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:)/, '');
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : null;
}

// ---------------------------------------------------------------------------------------------
// Writing

const cslLocales = { fr: 'fr-FR', en: 'en-US' } as const;

const files: Record<ExportFormat, { extension: string; mime: string }> = {
  bibtex: { extension: 'bib', mime: 'application/x-bibtex' },
  ris: { extension: 'ris', mime: 'application/x-research-info-systems' },
  'csl-json': { extension: 'json', mime: 'application/vnd.citationstyles.csl+json' },
  apa: { extension: 'txt', mime: 'text/plain' }
};

/**
 * Items ready for citation-js: cleaned again (stored data may be older than these rules) and given
 * ids of our making, which citeproc needs and writes unescaped into the HTML it produces.
 */
function forOutput(items: CslItem[]): Record<string, unknown>[] {
  return items.map((item, index) => ({ ...cleanItem(item), id: `ref-${index + 1}` }));
}

/** References as a file: BibTeX, RIS, CSL-JSON (an indented array), or an APA bibliography in plain text. */
export function formatReferences(items: CslItem[], format: ExportFormat, locale: 'fr' | 'en'): string {
  const data = forOutput(items);
  let text: string;
  if (format === 'apa') text = apaText(data, locale);
  else if (format === 'csl-json') text = `${plugins.output.format('data', data, { format: 'text' })}\n`;
  else text = `${plugins.output.format(format, data, { format: 'text' }).trim()}\n`;
  forgetLogs();
  return text;
}

/** One entry per paragraph (a blank line between), in the order APA sorts them. */
function apaText(data: Record<string, unknown>[], locale: 'fr' | 'en'): string {
  if (data.length === 0) return '';
  const text = plugins.output.format('bibliography', data, { format: 'text', template: 'apa', lang: cslLocales[locale] });
  // citation-js tags the first "<tag" of each entry with its id, even in text: an entry that
  // starts with a "<" (an author written "<i>…") would carry it.
  const entries = text.split('\n').map((line) => line.replace(/ data-csl-entry-id="ref-\d+"/, '').trim());
  return `${entries.filter(Boolean).join('\n\n')}\n`;
}

/**
 * The APA bibliography as HTML. citeproc escapes what users wrote (`<script>` comes out as text)
 * and keeps only its own bare formatting tags (<i>, <b>, small capitals); links are not made.
 */
export function formatBibliographyHtml(items: CslItem[], locale: 'fr' | 'en'): string {
  if (items.length === 0) return '';
  const html = plugins.output.format('bibliography', forOutput(items), { format: 'html', template: 'apa', lang: cslLocales[locale] });
  forgetLogs();
  return html;
}

/** The download name (`base` reduced to a-z, 0-9 and dashes) and media type of an export. */
export function referenceFileName(format: ExportFormat, base: string): { fileName: string; mime: string } {
  const slug =
    base
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'references';
  const file = files[format];
  return { fileName: `${slug}.${file.extension}`, mime: file.mime };
}

// ---------------------------------------------------------------------------------------------
// Short citations

/** "Wenger, McDermott & Snyder (2002)", "Wenger et al. (2002)" past three authors; the title when there is none. */
export function shortCitation(item: CslItem): string {
  const names = (item.author?.length ? item.author : (item.editor ?? [])).map(shortName).filter(Boolean);
  const year = yearOf(item);
  const who = names.length === 0 ? (item.title ?? '') : authorsList(names);
  return year ? `${who} (${year})`.trim() : who;
}

function shortName(name: CslName): string {
  return (name.family ?? name.literal ?? name.given ?? '').trim();
}

function authorsList(names: string[]): string {
  if (names.length > 3) return `${names[0]} et al.`;
  if (names.length === 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} & ${names[names.length - 1]}`;
}

function yearOf(item: CslItem): string | null {
  const first = item.issued?.['date-parts']?.[0]?.[0];
  if (first !== undefined && String(first).trim()) return String(first).trim();
  const written = item.issued?.literal ?? item.issued?.raw;
  return written?.match(/\d{4}/)?.[0] ?? null;
}

// Reads the resource form shared by /r/new and /r/[id]/edit: the same fields become the input of
// createResource or updateResource; a reference's fields become its CSL-JSON entry.
import { config } from '$lib/server/config';
import { invalid } from '$lib/server/errors';
import { echoAll, field, tagList } from '$lib/server/http/forms';
import type { UploadedResourceFile } from '$lib/server/library';
import type { CslItem, CslName, LibraryVisibility, Licence } from '$lib/shared/library';

/** The entry fields this form manages; others an import brought in are kept on edit. */
const managedReferenceFields = ['type', 'title', 'author', 'issued', 'container-title', 'publisher', 'page', 'volume', 'issue', 'DOI', 'ISBN', 'URL'] as const;

/** One line per person: "Family, Given", or a single name (an organisation) kept whole. */
function cslNames(text: string | undefined): CslName[] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const comma = line.indexOf(',');
      if (comma < 0) return { literal: line };
      const family = line.slice(0, comma).trim();
      const given = line.slice(comma + 1).trim();
      return given ? { family, given } : { family };
    });
}

/** The reference entry typed in the form, on top of the fields of `previous` it does not manage. */
export function referenceFrom(form: FormData, previous: CslItem | null = null): CslItem & { title: string } {
  const item: CslItem = { ...(previous ?? {}), type: field(form, 'refType') ?? 'book' };
  for (const key of managedReferenceFields) if (key !== 'type') delete item[key];
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined) item[key] = value;
  };
  const authors = cslNames(field(form, 'refAuthors'));
  if (authors.length) item.author = authors;
  const year = field(form, 'refYear');
  if (year) item.issued = { 'date-parts': [[/^\d{1,4}$/.test(year) ? Number(year) : year]] };
  set('container-title', field(form, 'refContainer'));
  set('publisher', field(form, 'refPublisher'));
  set('page', field(form, 'refPages'));
  set('volume', field(form, 'refVolume'));
  set('issue', field(form, 'refIssue'));
  set('DOI', field(form, 'refDoi'));
  set('ISBN', field(form, 'refIsbn'));
  set('URL', field(form, 'refUrl'));
  // An empty title is refused by the schema with the same message as the resource's title.
  return { ...item, title: field(form, 'title') ?? '' };
}

/** The form's text values for a reference entry, to prefill the edit form. */
export function referenceValues(item: CslItem | null): Record<string, string> {
  if (!item) return {};
  const year = item.issued?.['date-parts']?.[0]?.[0];
  return {
    refType: item.type,
    refAuthors: (item.author ?? []).map((p) => p.literal ?? [p.family, p.given].filter(Boolean).join(', ')).join('\n'),
    refYear: year === undefined ? '' : String(year),
    refContainer: item['container-title'] ?? '',
    refPublisher: item.publisher ?? '',
    refPages: item.page ?? '',
    refVolume: item.volume ?? '',
    refIssue: item.issue ?? '',
    refDoi: item.DOI ?? '',
    refIsbn: item.ISBN ?? '',
    refUrl: item.URL ?? ''
  };
}

/** Authors typed one per line: `@handle` for a member, a name for anyone else; blank means "unchanged". */
export function authorLines(form: FormData): string[] | undefined {
  const lines = String(form.get('authors') ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.length ? lines : undefined;
}

/** The fields every kind shares, as createResource and updateResource take them. */
export function commonFields(form: FormData) {
  return {
    title: String(form.get('title') ?? '').trim(),
    summary: String(form.get('summary') ?? '').trim(),
    body: String(form.get('body') ?? ''),
    language: field(form, 'language') as 'fr' | 'en' | undefined,
    licence: field(form, 'licence') as Licence | undefined,
    licenceNote: field(form, 'licenceNote'),
    visibility: (field(form, 'visibility') ?? 'instance') as LibraryVisibility,
    communities: form.getAll('communities').map(String),
    categories: tagList(field(form, 'categories')),
    linkUrl: field(form, 'linkUrl'),
    message: field(form, 'message')
  };
}

/** The uploaded file, refused by its announced size before its bytes are read. */
export async function uploadedFile(form: FormData): Promise<UploadedResourceFile | undefined> {
  const value = form.get('file');
  if (!(value instanceof File) || value.size === 0) return undefined;
  if (value.size > config().uploadMaxBytes) throw invalid([{ path: 'file', message: 'attachments.errors.too_large' }]);
  return { bytes: new Uint8Array(await value.arrayBuffer()), fileName: value.name };
}

/** What was typed, to give back after a failure (the checked communities included). */
export function echoForm(form: FormData): Record<string, unknown> {
  return { ...echoAll(form), communities: form.getAll('communities').map(String) };
}

// Bibliographic references in and out. An import parses a whole file (BibTeX, RIS, CSL-JSON) entry by
// entry: what parses becomes a reference, or merges with one the member may read that has the same
// DOI; what does not is reported with its line and imports nothing. Exports take what the member may
// read — a selection or a notebook — as BibTeX, RIS, CSL-JSON or an APA bibliography, and a
// notebook's notes as a bundle of Markdown or HTML files.
import { strToU8, zipSync } from 'fflate';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { assertOnNotebook, findNotebook, requireMember, whereResourceReadableBy } from '../access';
import { config } from '../config';
import type { Resource } from '../db/schema';
import type { CslItem, ExportFormat } from '../../shared/library';
import { formatReferences, normaliseDoi, parseReferences, referenceFileName, type ParseError } from './citations';
import { addToNotebook } from './notebooks';
import { createResource } from './resources';
import { importSchema, type ImportInput } from './schemas';

export type ImportReport = {
  format: string;
  imported: { id: string; title: string; line: number }[];
  merged: { id: string; title: string; line: number }[];
  refused: ParseError[];
};

export async function importReferences(db: DB, actor: Actor | null, raw: ImportInput): Promise<ImportReport> {
  const member = requireMember(actor);
  const input = importSchema.parse(raw);
  if (input.notebook) assertOnNotebook(member, 'contribute', await findNotebook(db, member, input.notebook));
  const parsed = parseReferences(input.text, input.format);
  const report: ImportReport = { format: parsed.format ?? 'unknown', imported: [], merged: [], refused: parsed.errors };
  const seen = new Map<string, string>();
  for (const entry of parsed.entries) {
    const doi = normaliseDoi(entry.item.DOI);
    const title = entry.item.title ?? '';
    let existing = doi ? seen.get(doi) : undefined;
    if (!existing && doi) {
      const row = await db.selectFrom('resources').select('id').where('doi', '=', doi).where(whereResourceReadableBy(member)).orderBy('created_at').executeTakeFirst();
      existing = row?.id;
    }
    if (existing) {
      report.merged.push({ id: existing, title, line: entry.line });
    } else {
      try {
        const { id } = await createResource(db, member, {
          kind: 'reference',
          reference: { ...entry.item, title },
          visibility: input.visibility,
          communities: input.communities,
          licence: input.licence,
          language: entry.item.language === 'en' || entry.item.language === 'fr' ? entry.item.language : undefined
        });
        existing = id;
        report.imported.push({ id, title, line: entry.line });
      } catch (error) {
        // The communities or visibility are wrong for every entry alike: refuse the whole import.
        if (report.imported.length === 0) throw error;
        report.refused.push({ line: entry.line, code: 'syntax', message: String(error), excerpt: title.slice(0, 80) });
        continue;
      }
    }
    if (doi) seen.set(doi, existing);
    if (input.notebook) await addToNotebook(db, member, input.notebook, existing);
  }
  return report;
}

/** Any resource as a citable entry: a reference as entered, anything else as a document on this instance. */
export function citableItem(resource: Pick<Resource, 'id' | 'kind' | 'title' | 'reference' | 'link_url' | 'created_at' | 'language'>, authors: string[]): CslItem {
  if (resource.reference) return JSON.parse(resource.reference) as CslItem;
  return {
    type: resource.kind === 'link' ? 'webpage' : 'document',
    title: resource.title,
    author: authors.map((name) => {
      const [family, given] = name.split(',').map((s) => s.trim());
      return given ? { family, given } : { literal: name };
    }),
    issued: { 'date-parts': [[new Date(resource.created_at).getUTCFullYear()]] },
    URL: resource.link_url ?? `${config().origin}/r/${resource.id}`,
    language: resource.language
  };
}

async function citableRows(db: DB, actor: Actor | null, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('resources')
    .select(['id', 'kind', 'title', 'reference', 'link_url', 'created_at', 'language', 'body', 'body_html', 'summary'])
    .where('id', 'in', ids)
    .where(whereResourceReadableBy(actor))
    .execute();
  const authors = await db.selectFrom('resource_authors').select(['resource_id', 'name']).where('resource_id', 'in', rows.map((r) => r.id)).orderBy('position').execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows
    .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
    .map((row) => ({ ...row, authors: authors.filter((a) => a.resource_id === row.id).map((a) => a.name) }));
}

async function notebookIds(db: DB, actor: Actor | null, notebookId: string): Promise<{ title: string; ids: string[] }> {
  const { notebook } = await findNotebook(db, actor, notebookId);
  const items = await db.selectFrom('notebook_items').select('resource_id').where('notebook_id', '=', notebookId).orderBy('position').execute();
  return { title: notebook.title, ids: items.map((i) => i.resource_id) };
}

export type ExportFile = { body: string | Uint8Array<ArrayBuffer>; fileName: string; mime: string; count: number };

/** A selection (ids) or a notebook's resources the actor may read, in a bibliographic format. */
export async function exportReferences(db: DB, actor: Actor | null, source: { ids: string[] } | { notebookId: string }, format: ExportFormat): Promise<ExportFile> {
  const { title, ids } = 'notebookId' in source ? await notebookIds(db, actor, source.notebookId) : { title: 'references', ids: source.ids };
  const rows = await citableRows(db, actor, ids);
  const items = rows.map((row) => citableItem(row, row.authors));
  const { fileName, mime } = referenceFileName(format, title);
  return { body: formatReferences(items, format, actor?.locale ?? 'fr'), fileName, mime, count: items.length };
}

function fileSlug(title: string): string {
  return (
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'note'
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A notebook's notes and collective works as one file each in a zip, with its references beside them. */
export async function exportNotebookBundle(db: DB, actor: Actor | null, notebookId: string, format: 'markdown' | 'html'): Promise<ExportFile> {
  const { title, ids } = await notebookIds(db, actor, notebookId);
  const rows = await citableRows(db, actor, ids);
  const files: Record<string, Uint8Array> = {};
  const index: string[] = [];
  let n = 0;
  for (const row of rows) {
    if (row.kind !== 'note' && row.kind !== 'work') continue;
    n++;
    const name = `${String(n).padStart(2, '0')}-${fileSlug(row.title)}.${format === 'markdown' ? 'md' : 'html'}`;
    const byline = row.authors.length > 0 ? row.authors.join(', ') : '';
    const source = `${config().origin}/r/${row.id}`;
    files[name] = strToU8(
      format === 'markdown'
        ? `# ${row.title}\n\n${byline ? `${byline}\n\n` : ''}${row.summary ? `> ${row.summary}\n\n` : ''}${row.body}\n\n---\n${source}\n`
        : `<!doctype html>\n<html lang="${row.language}"><meta charset="utf-8"><title>${escapeHtml(row.title)}</title>\n<h1>${escapeHtml(row.title)}</h1>\n${byline ? `<p>${escapeHtml(byline)}</p>\n` : ''}${row.body_html}\n<hr><p><a href="${escapeHtml(source)}">${escapeHtml(source)}</a></p>\n</html>\n`
    );
    index.push(format === 'markdown' ? `- [${row.title}](${name})` : `<li><a href="${name}">${escapeHtml(row.title)}</a></li>`);
  }
  const references = rows.filter((row) => row.kind === 'reference');
  if (references.length > 0) files['references.bib'] = strToU8(formatReferences(references.map((r) => citableItem(r, r.authors)), 'bibtex', actor?.locale ?? 'fr'));
  files[format === 'markdown' ? 'index.md' : 'index.html'] = strToU8(
    format === 'markdown' ? `# ${title}\n\n${index.join('\n')}\n` : `<!doctype html>\n<meta charset="utf-8"><title>${escapeHtml(title)}</title>\n<h1>${escapeHtml(title)}</h1>\n<ul>${index.join('\n')}</ul>\n`
  );
  return { body: new Uint8Array(zipSync(files)), fileName: `${fileSlug(title)}-${format}.zip`, mime: 'application/zip', count: n };
}

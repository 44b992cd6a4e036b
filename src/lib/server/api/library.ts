// /api/v1 for the shared repertoire: resources and their history, applying and discussing them,
// notebooks, and references in and out. The operations' declarations, the shapes that go out, and
// the few request helpers the routes share (multipart bodies, file answers, a community filter);
// the type checks at the end keep the shapes equal to what the domain returns.
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { assertCan, findCommunity } from '../access';
import { notFound } from '../errors';
import { limits } from '../../shared/limits';
import { exportFormats, libraryVisibilities, licences, resourceKinds, type CslItem } from '../../shared/library';
import {
  applySchema,
  createNotebookSchema,
  createResourceSchema,
  exportQuerySchema,
  importSchema,
  libraryQuerySchema,
  notebookQuerySchema,
  updateNotebookSchema,
  updateResourceSchema,
  visibilitySchema,
  type compareRevisions,
  type ImportReport,
  type listRevisions,
  type NotebookCard,
  type NotebookView,
  type readRevision,
  type ResourceCard,
  type ResourceView,
  type RevisionEntry,
  type UploadedResourceFile
} from '../library';
import { pageOf, pageQuery } from './pagination';
import { defineOperation, ok, done, type Same, type Assert } from './registry';
import { jsonWithFiles } from './validate';
import { linkPreviewSchema } from './posts';

const resourceParams = z.object({ id: z.string().describe('The resource’s id') });
const revisionParams = resourceParams.extend({ number: z.coerce.number().int().min(1).describe('The revision’s number, from 1') });
const notebookParams = z.object({ id: z.string().describe('The notebook’s id') });
const notebookItemParams = notebookParams.extend({ resourceId: z.string().describe('The resource’s id') });
const notebookPersonParams = notebookParams.extend({ handle: z.string().describe('The member’s handle, with or without its @') });

const slug = z.string().trim().min(1).max(limits.slugMax);
const personLinkSchema = z.object({ name: z.string(), handle: z.string().nullable().describe('null for someone outside the instance') });
const placeSchema = z.object({ slug: z.string(), name: z.string() });
const kindSchema = z.enum(resourceKinds);
const visibilityOut = z.enum(libraryVisibilities);
const fileSchema = z.object({ name: z.string(), mime: z.string(), size: z.number().int().describe('Bytes') });

const cslNameSchema = z.looseObject({ family: z.string().optional(), given: z.string().optional(), literal: z.string().optional() });
const cslDateSchema = z.looseObject({
  'date-parts': z.array(z.array(z.union([z.number(), z.string()]))).optional(),
  literal: z.string().optional(),
  raw: z.string().optional()
});
/** CSL-JSON as stored: the fields Ruche shows are named, any other field is kept as it came. */
export const cslItemOutSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  title: z.string().optional(),
  author: z.array(cslNameSchema).optional(),
  editor: z.array(cslNameSchema).optional(),
  issued: cslDateSchema.optional(),
  'container-title': z.string().optional(),
  publisher: z.string().optional(),
  'publisher-place': z.string().optional(),
  page: z.string().optional(),
  volume: z.string().optional(),
  issue: z.string().optional(),
  edition: z.string().optional(),
  DOI: z.string().optional(),
  ISBN: z.string().optional(),
  URL: z.string().optional(),
  language: z.string().optional(),
  abstract: z.string().optional()
});

export const resourceCardSchema = z.object({
  id: z.string(),
  kind: kindSchema,
  title: z.string(),
  summary: z.string().nullable(),
  authors: z.array(z.string()).describe('Names, in order'),
  categories: z.array(z.string()),
  licence: z.string().describe(`One of ${licences.join(', ')}`),
  language: z.enum(['fr', 'en']),
  visibility: visibilityOut,
  appliedCount: z.number().int().describe('Members who said they applied it'),
  discussionCount: z.number().int().describe('Publications discussing it and their comments'),
  createdAt: z.number().describe('Epoch milliseconds'),
  updatedAt: z.number().describe('Epoch milliseconds'),
  citation: z.string().nullable().describe('For a reference: a short citation, e.g. “Dupont, 2021”'),
  fileName: z.string().nullable(),
  linkUrl: z.string().nullable()
});

export const resourceViewSchema = z.object({
  id: z.string(),
  kind: kindSchema,
  title: z.string(),
  summary: z.string().nullable(),
  body: z.string().describe('The Markdown source: the text of a note or a collective work, a description for the other kinds'),
  bodyHtml: z.string(),
  language: z.enum(['fr', 'en']),
  licence: z.string().describe(`One of ${licences.join(', ')}`),
  licenceNote: z.string().nullable().describe('For licence `other`: which one'),
  licenceUrl: z.string().nullable().describe('Where a Creative Commons licence is explained'),
  visibility: visibilityOut,
  linkUrl: z.string().nullable(),
  linkPreview: linkPreviewSchema.nullable().describe('Fetched in the background after a link is saved'),
  reference: cslItemOutSchema.nullable().describe('For a reference: its entry as CSL-JSON'),
  citationHtml: z.string().nullable().describe('The reference as an APA bibliography entry'),
  shortCitation: z.string().nullable(),
  file: fileSchema.nullable().describe('For a file: what it is (download it from its page)'),
  revision: z.number().int().describe('The current revision: send it back in PATCH to be told of a conflicting save'),
  createdAt: z.number(),
  updatedAt: z.number(),
  addedBy: personLinkSchema.nullable().describe('Who added it (“added by”), an author or not'),
  authors: z.array(personLinkSchema),
  ownershipWarning: z.boolean().describe('The member who added it is not among its authors'),
  categories: z.array(z.string()),
  communities: z.array(placeSchema).describe('The linked communities the caller may know of'),
  backlinks: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string() })).describe('Resources the caller may read that link to this one'),
  notebooks: z.array(z.object({ id: z.string(), title: z.string() })).describe('Notebooks the caller may read that hold it'),
  discussions: z.array(z.object({ postId: z.string(), community: placeSchema, commentCount: z.number().int() })),
  applied: z.object({
    count: z.number().int(),
    mine: z.object({ story: z.string().nullable() }).nullable().describe('The caller’s own application'),
    stories: z.array(personLinkSchema.extend({ story: z.string().nullable(), createdAt: z.number() })).describe('For members: the latest applications')
  }),
  contributors: z.array(personLinkSchema.extend({ revisions: z.number().int() })).describe('Who saved revisions, most first'),
  toc: z.array(z.object({ level: z.number().int(), title: z.string(), slug: z.string(), index: z.number().int() })).describe('For a collective work: its sections; `index` is what PATCH `section` takes'),
  can: z.object({ edit: z.boolean(), moderate: z.boolean(), apply: z.boolean(), discuss: z.boolean() }).describe('What the caller may do'),
  discussIn: z.array(placeSchema).describe('Communities where the caller may open or continue its discussion')
});

export const revisionEntrySchema = z.object({
  number: z.number().int(),
  editor: personLinkSchema.nullable(),
  message: z.string().nullable(),
  createdAt: z.number(),
  current: z.boolean()
});

export const revisionsSchema = pageOf(revisionEntrySchema)
  .extend({ title: z.string(), kind: z.string(), revision: z.number().int().describe('The current revision'), canEdit: z.boolean() })
  .describe('Every revision in one page, newest first: nextCursor is always null');

export const revisionSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  summary: z.string().nullable(),
  body: z.string(),
  language: z.enum(['fr', 'en']),
  licence: z.string(),
  licenceNote: z.string().nullable(),
  visibility: visibilityOut,
  linkUrl: z.string().nullable(),
  reference: cslItemOutSchema.nullable(),
  file: fileSchema.nullable(),
  authors: z.array(z.object({ userId: z.string().nullable().describe('A member, or null for someone outside the instance'), name: z.string() })),
  categories: z.array(z.string())
});

const diffPartSchema = z.object({ text: z.string(), change: z.enum(['same', 'added', 'removed']) });
export const comparisonSchema = z.object({
  title: z.string(),
  revision: z.number().int().describe('The current revision'),
  from: z.number().int(),
  to: z.number().int(),
  fields: z.array(z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable(), parts: z.array(diffPartSchema) })).describe('Only the fields that changed'),
  blocks: z
    .array(
      z.object({
        kind: z.enum(['context', 'change', 'skipped']),
        lines: z.array(z.object({ kind: z.enum(['same', 'added', 'removed', 'changed']), oldNumber: z.number().int().nullable(), newNumber: z.number().int().nullable(), parts: z.array(diffPartSchema) })),
        skipped: z.number().int().optional().describe('For `skipped`: how many unchanged lines are not shown')
      })
    )
    .describe('The body’s changes, line by line with word-level parts')
});

export const notebookCardSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().describe('Markdown'),
  visibility: z.string(),
  itemCount: z.number().int().describe('Among the items the caller may read'),
  updatedAt: z.number()
});

export const notebookViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  descriptionHtml: z.string(),
  visibility: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  categories: z.array(z.string()),
  communities: z.array(placeSchema),
  people: z.array(personLinkSchema.extend({ role: z.enum(['manager', 'contributor']) })).describe('Managers arrange it, contributors add to it'),
  role: z.enum(['manager', 'contributor']).nullable().describe('The caller’s role'),
  can: z.object({ contribute: z.boolean(), manage: z.boolean() }),
  items: z.array(resourceCardSchema.extend({ position: z.number(), addedByMe: z.boolean() })).describe('Only the resources the caller may read'),
  itemCategories: z.array(z.string()).describe('Categories among the items shown, for a filter')
});

const reportLine = z.object({ id: z.string(), title: z.string(), line: z.number().int().describe('Where the entry starts in the text, from 1') });
export const importReportSchema = z.object({
  format: z.string().describe('The format read: bibtex, ris, csl-json, or unknown'),
  imported: z.array(reportLine).describe('New references'),
  merged: z.array(reportLine).describe('Entries whose DOI matched a reference the caller may read: nothing new was made'),
  refused: z
    .array(z.object({ line: z.number().int(), code: z.enum(['syntax', 'missing_title', 'unknown_format', 'empty', 'too_many']), message: z.string(), excerpt: z.string().describe('The start of the entry') }))
    .describe('Entries that were not imported, with their line')
});

export const resourcesQuery = pageQuery.extend({
  ...libraryQuerySchema.shape,
  community: slug.optional().describe('One community’s library (its slug); the caller must be able to read its content'),
  category: libraryQuerySchema.shape.category.describe('A category, compared in lower case'),
  q: libraryQuerySchema.shape.q.describe('Words in the title or summary'),
  sort: libraryQuerySchema.shape.sort.describe('recent: newest first; applied: most applied; discussed: most discussed')
});
export const notebooksQuery = z.object({
  community: slug.optional().describe('The notebooks linked to one community (its slug)'),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('Only the notebooks the caller manages or contributes to')
});
export const notebookQuery = notebookQuerySchema.extend({ sort: notebookQuerySchema.shape.sort.describe('position: the managers’ order; recent; title') });
export const diffQuery = z.object({
  from: z.coerce.number().int().min(1).describe('A revision number'),
  to: z.coerce.number().int().min(1).describe('Another revision number (either order)')
});
export const restoreBody = z.strictObject({
  revision: z.number().int().positive().optional().describe('The current revision the caller saw: a later one answers 409')
});
export const discussBody = z.strictObject({ community: slug.describe('The slug of a linked community the caller may post in') });
export const notebookItemBody = z.strictObject({ resourceId: z.string().trim().min(1).max(64).describe('A resource the caller may read') });
export const moveBody = z.strictObject({ direction: z.enum(['up', 'down']).describe('One place up or down') });
export const roleBody = z.strictObject({ role: z.enum(['manager', 'contributor']) });
export const referencesExportQuery = exportQuerySchema.extend({
  format: exportQuerySchema.shape.format.describe('bibtex, ris, csl-json, or apa (a plain text bibliography)'),
  ids: exportQuerySchema.shape.ids.describe('Resource ids separated by commas (500 at most); those the caller may not read are left out')
});
export const notebookExportFormats = [...exportFormats, 'markdown', 'html'] as const;
export const notebookExportQuery = z.object({
  format: z
    .enum(notebookExportFormats)
    .default('bibtex')
    .describe('A bibliographic format for every resource, or markdown/html: a zip of its notes and collective works with a references.bib')
});

/** The file as stored in a revision, without where it is stored. */
export function revisionOut(revision: Awaited<ReturnType<typeof readRevision>>): z.output<typeof revisionSchema> {
  const { file, ...rest } = revision;
  return { ...rest, file: file ? { name: file.name, mime: file.mime, size: file.size } : null };
}

/** The revisions list in the API's list shape. */
export function revisionsOut(history: Awaited<ReturnType<typeof listRevisions>>): z.output<typeof revisionsSchema> {
  const { revisions, ...rest } = history;
  return { ...rest, items: revisions, nextCursor: null };
}

/** A revision number from the path; anything else names no revision. */
export function revisionNumber(param: string): number {
  if (!/^[1-9]\d{0,8}$/.test(param)) throw notFound();
  return Number(param);
}

/** A community's id for a list filter, once the caller is known to read its content (as its publications: 404 or 403 otherwise). */
export async function readableCommunityId(db: DB, actor: Actor | null, slug: string | undefined): Promise<string | undefined> {
  if (!slug) return undefined;
  const relation = await findCommunity(db, actor, slug);
  assertCan(actor, 'read_content', relation);
  return relation.community.id;
}

/**
 * A resource's JSON, or a `multipart/form-data` body with the JSON in its `data` part and the
 * document in its `file` part (for kind `file`). Refused by its announced length before it is read.
 * Checked against `schema` here; the caller's own input goes on to the domain, which reads it again.
 */
export async function resourceBody<S extends z.ZodType>(request: Request, schema: S): Promise<{ input: z.input<S>; file?: UploadedResourceFile }> {
  const { data, files } = await jsonWithFiles(request, { field: 'file', maxFiles: 1, fallbackName: 'document' });
  schema.parse(data, { reportInput: true });
  return { input: data as z.input<S>, file: files[0] };
}


/**
 * The request bodies as documented: the same schemas, with `visibility` listing the aliases that
 * schemas.ts accepts (its preprocess step is invisible in JSON Schema). Requests are still
 * validated by the domain's own schemas.
 */
const visibilityIn = z.enum([...libraryVisibilities, 'private', 'members', 'community']).describe(visibilitySchema.description ?? '');
const createResourceBody = createResourceSchema.extend({ visibility: visibilityIn });
const updateResourceBody = updateResourceSchema.extend({ visibility: visibilityIn.optional() });
const createNotebookBody = createNotebookSchema.extend({ visibility: visibilityIn });
const updateNotebookBody = updateNotebookSchema.extend({ visibility: visibilityIn.optional() });
const importBody = importSchema.extend({ visibility: visibilityIn.default('instance') });

const resourceTags = ['library'];
const notebookTags = ['notebooks'];
const referenceTags = ['references'];
const created = (description: string) => ({ 201: { description, schema: z.object({ id: z.string() }) } });
const countSchema = z.object({ count: z.number().int().describe('How many members applied it now') });
const multipartNote =
  'Send JSON; for a file (`kind: file`), send `multipart/form-data` instead, with a `data` part holding this same JSON and a `file` part holding the document (its type is read from its bytes; the instance’s upload limit applies).';

export const resourceOperations = [
  defineOperation({
    method: 'get', path: '/resources', operationId: 'listResources', summary: 'The library: resources the caller may read, filtered and sorted',
    description: 'Visitors get public resources. `community` narrows to one community’s library.',
    tags: resourceTags, auth: 'none', query: resourcesQuery, responses: ok('A page of resources', pageOf(resourceCardSchema))
  }),
  defineOperation({
    method: 'post', path: '/resources', operationId: 'createResource', summary: 'Add a resource: a note, a file, a link, a reference or a collective work',
    description: `The smallest body is \`{ "kind", "title", "communities": [slug], "visibility" }\`; the caller must be able to post in each community, and is its author unless \`authors\` says otherwise. ${multipartNote}`,
    tags: resourceTags, auth: 'member', body: createResourceBody, responses: created('Added')
  }),
  defineOperation({
    method: 'get', path: '/resources/{id}', operationId: 'readResource', summary: 'A resource, with who wrote, added, applied and discusses it',
    description: 'A resource the caller may not read answers 404.',
    tags: resourceTags, auth: 'none', params: resourceParams, responses: ok('The resource', resourceViewSchema)
  }),
  defineOperation({
    method: 'patch', path: '/resources/{id}', operationId: 'updateResource', summary: 'Change a resource (its editors); every save is a new revision',
    description: `Send \`revision\`, the one the change started from: if someone saved since, the answer is 409 and nothing changes — except a collective work’s \`section\`, merged when nobody touched that section. ${multipartNote.replace('this same JSON', 'this same JSON, to replace the document')}`,
    tags: resourceTags, auth: 'member', params: resourceParams, body: updateResourceBody, responses: ok('The resource as changed', resourceViewSchema)
  }),
  defineOperation({
    method: 'delete', path: '/resources/{id}', operationId: 'deleteResource', summary: 'Take a resource down (its editors, the animators of a linked community)',
    description: 'It leaves every list and notebook; its revisions are kept for the record.',
    tags: resourceTags, auth: 'member', params: resourceParams, responses: done('Deleted')
  }),
  defineOperation({
    method: 'get', path: '/resources/{id}/revisions', operationId: 'listResourceRevisions', summary: 'A resource’s history: every revision, newest first',
    tags: resourceTags, auth: 'none', params: resourceParams, responses: ok('The history', revisionsSchema)
  }),
  defineOperation({
    method: 'get', path: '/resources/{id}/revisions/{number}', operationId: 'readRevision', summary: 'One revision as it was saved',
    tags: resourceTags, auth: 'none', params: revisionParams, responses: ok('The revision', revisionSchema)
  }),
  defineOperation({
    method: 'post', path: '/resources/{id}/revisions/{number}/restore', operationId: 'restoreRevision', summary: 'Bring an earlier revision back as a new one (its editors)',
    description: 'The linked communities stay as they are now.',
    tags: resourceTags, auth: 'member', params: revisionParams, body: restoreBody,
    responses: ok('The new revision', z.object({ id: z.string(), revision: z.number().int() }))
  }),
  defineOperation({
    method: 'get', path: '/resources/{id}/diff', operationId: 'compareRevisions', summary: 'What changed between two revisions',
    tags: resourceTags, auth: 'none', params: resourceParams, query: diffQuery, responses: ok('The changes', comparisonSchema)
  }),
  defineOperation({
    method: 'post', path: '/resources/{id}/applications', operationId: 'applyResource', summary: 'Say “I applied this”, with a short story; saying it again replaces the story',
    tags: resourceTags, auth: 'member', params: resourceParams, body: applySchema, responses: ok('Recorded', countSchema)
  }),
  defineOperation({
    method: 'delete', path: '/resources/{id}/applications', operationId: 'withdrawApplication', summary: 'Take back the caller’s “I applied this”',
    tags: resourceTags, auth: 'member', params: resourceParams, responses: ok('Withdrawn', countSchema)
  }),
  defineOperation({
    method: 'post', path: '/resources/{id}/discussions', operationId: 'discussResource', summary: 'Open, or find, the publication discussing a resource in one of its communities',
    description: 'Answers 201 when a publication was opened, 200 with the existing one otherwise.',
    tags: resourceTags, auth: 'member', params: resourceParams, body: discussBody,
    responses: {
      201: { description: 'Opened', schema: z.object({ postId: z.string() }) },
      200: { description: 'Already open', schema: z.object({ postId: z.string() }) }
    }
  })
];

export const notebookOperations = [
  defineOperation({
    method: 'get', path: '/notebooks', operationId: 'listNotebooks', summary: 'Notebooks the caller may read: a community’s, the caller’s own, or all',
    tags: notebookTags, auth: 'none', query: notebooksQuery,
    responses: ok('Most recently changed first, in one page (nextCursor is always null)', pageOf(notebookCardSchema))
  }),
  defineOperation({
    method: 'post', path: '/notebooks', operationId: 'createNotebook', summary: 'Start a notebook; the caller manages it',
    tags: notebookTags, auth: 'member', body: createNotebookBody, responses: created('Created')
  }),
  defineOperation({
    method: 'get', path: '/notebooks/{id}', operationId: 'readNotebook', summary: 'A notebook with the items the caller may read',
    tags: notebookTags, auth: 'none', params: notebookParams, query: notebookQuery, responses: ok('The notebook', notebookViewSchema)
  }),
  defineOperation({
    method: 'patch', path: '/notebooks/{id}', operationId: 'updateNotebook', summary: 'Change a notebook (its managers)',
    tags: notebookTags, auth: 'member', params: notebookParams, body: updateNotebookBody, responses: ok('The notebook as changed', notebookViewSchema)
  }),
  defineOperation({
    method: 'delete', path: '/notebooks/{id}', operationId: 'deleteNotebook', summary: 'Delete a notebook (its managers); its resources stay',
    tags: notebookTags, auth: 'member', params: notebookParams, responses: done('Deleted')
  }),
  defineOperation({
    method: 'post', path: '/notebooks/{id}/items', operationId: 'addToNotebook', summary: 'Add a resource at the end (managers and contributors)',
    description: 'Answers 201 when added, 200 when it was there already.',
    tags: notebookTags, auth: 'member', params: notebookParams, body: notebookItemBody,
    responses: {
      201: { description: 'Added', schema: z.object({ added: z.literal(true) }) },
      200: { description: 'Already there', schema: z.object({ added: z.literal(false) }) }
    }
  }),
  defineOperation({
    method: 'delete', path: '/notebooks/{id}/items/{resourceId}', operationId: 'removeFromNotebook', summary: 'Remove a resource (managers; contributors what they added)',
    tags: notebookTags, auth: 'member', params: notebookItemParams, responses: done('Removed')
  }),
  defineOperation({
    method: 'post', path: '/notebooks/{id}/items/{resourceId}/move', operationId: 'moveInNotebook', summary: 'Move a resource one place up or down (managers)',
    tags: notebookTags, auth: 'member', params: notebookItemParams, body: moveBody, responses: done('Moved')
  }),
  defineOperation({
    method: 'put', path: '/notebooks/{id}/people/{handle}', operationId: 'setNotebookMember', summary: 'Make a member a manager or a contributor (managers)',
    tags: notebookTags, auth: 'member', params: notebookPersonParams, body: roleBody, responses: done('Done')
  }),
  defineOperation({
    method: 'delete', path: '/notebooks/{id}/people/{handle}', operationId: 'removeNotebookMember', summary: 'Take a manager or contributor off a notebook (managers); a notebook keeps a manager',
    tags: notebookTags, auth: 'member', params: notebookPersonParams, responses: done('Removed')
  }),
  defineOperation({
    method: 'get', path: '/notebooks/{id}/export', operationId: 'exportNotebook', summary: 'Download a notebook’s resources the caller may read',
    description: 'Answers the file itself (`content-disposition: attachment`): BibTeX, RIS, CSL-JSON, an APA bibliography as text, or a zip of Markdown or HTML files.',
    tags: notebookTags, auth: 'none', params: notebookParams, query: notebookExportQuery, responses: ok('The file')
  })
];

export const referenceOperations = [
  defineOperation({
    method: 'post', path: '/references/import', operationId: 'importReferences', summary: 'Import a BibTeX, RIS or CSL-JSON text as references',
    description:
      'Each entry that reads becomes a reference, or merges with one the caller may read that has the same DOI; each that does not is reported with its line and imports nothing. The format is recognised when left out.',
    tags: referenceTags, auth: 'member', body: importBody, responses: ok('What was imported, merged and refused', importReportSchema)
  }),
  defineOperation({
    method: 'get', path: '/references/export', operationId: 'exportReferences', summary: 'Download a selection of resources as references',
    description: 'Answers the file itself (`content-disposition: attachment`). A resource that is not a reference is cited as a document of this instance.',
    tags: referenceTags, auth: 'none', query: referencesExportQuery, responses: ok('The file')
  })
];

export const libraryOperations = [...resourceOperations, ...notebookOperations, ...referenceOperations];

type PublicFile = z.output<typeof fileSchema>;

// The shapes above must be the domain's own: a field added there without its schema fails here.
export type _SchemasMatchTheDomain = [
  Assert<Same<z.output<typeof cslItemOutSchema>, CslItem>>,
  Assert<Same<z.output<typeof resourceCardSchema>, ResourceCard>>,
  Assert<Same<z.output<typeof resourceViewSchema>, ResourceView>>,
  Assert<Same<z.output<typeof revisionEntrySchema>, RevisionEntry>>,
  Assert<Same<Omit<z.output<typeof revisionsSchema>, 'items' | 'nextCursor'>, Omit<Awaited<ReturnType<typeof listRevisions>>, 'revisions'>>>,
  Assert<Same<z.output<typeof revisionSchema>, Omit<Awaited<ReturnType<typeof readRevision>>, 'file'> & { file: PublicFile | null }>>,
  Assert<Same<z.output<typeof comparisonSchema>, Awaited<ReturnType<typeof compareRevisions>>>>,
  Assert<Same<z.output<typeof notebookCardSchema>, NotebookCard>>,
  Assert<Same<z.output<typeof notebookViewSchema>, NotebookView>>,
  Assert<Same<z.output<typeof importReportSchema>, ImportReport>>
];

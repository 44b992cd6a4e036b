// What a resource and a notebook may contain, checked at every door (forms and API).
import { z } from 'zod';
import { limits } from '../../shared/limits';
import { exportFormats, libraryVisibilities, licences, librarySorts, referenceFormats, resourceKinds, type CslItem } from '../../shared/library';

/** Older or friendlier names callers may use for a visibility: `private` and `members` mean the linked communities' members. */
const visibilityAliases: Record<string, (typeof libraryVisibilities)[number]> = { private: 'communities', members: 'communities', community: 'communities' };

export const visibilitySchema = z
  .preprocess((value) => (typeof value === 'string' && value in visibilityAliases ? visibilityAliases[value] : value), z.enum(libraryVisibilities))
  .describe('public: anyone; instance: anyone signed in; communities (or private): members of the linked communities; authors: its authors only');

const title = z.string().trim().min(1, 'library.errors.title_required').max(limits.resourceTitleMax);
const summary = z.string().trim().max(limits.summaryMax);
const body = z.string().max(limits.resourceBodyMax);
const category = z
  .string()
  .trim()
  .min(1)
  .max(limits.tagMax)
  .transform((value) => value.normalize('NFC').toLowerCase());
const linkUrl = z
  .string()
  .trim()
  .max(limits.linkUrlMax)
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'previews.errors.bad_url');
/** A member as `@handle`, anyone else by name. */
const author = z.string().trim().min(1).max(limits.nameMax * 2);

/** A bibliographic entry in CSL-JSON: a type and a title at least; other fields are kept as given. */
export const cslItemSchema = z
  .looseObject({
    type: z.string().trim().min(1).max(40).default('book'),
    title: z.string().trim().min(1, 'library.errors.title_required').max(limits.resourceTitleMax * 2)
  })
  .transform((item) => item as CslItem);

export const createResourceSchema = z.strictObject({
  kind: z.enum(resourceKinds),
  title: title.optional().describe('Required except for a reference, which takes its entry’s title'),
  summary: summary.optional(),
  body: body.default('').describe('Markdown: the text of a note or a collective work, a description for the other kinds. `[[id]]` or `[[id|text]]` links to another resource'),
  language: z.enum(['fr', 'en']).optional(),
  licence: z.enum(licences).default('all-rights-reserved'),
  licenceNote: z.string().trim().max(limits.summaryMax).optional().describe('For licence `other`: which one'),
  visibility: visibilitySchema,
  communities: z.array(z.string().max(limits.slugMax)).max(limits.shareMax).default([]).describe('Communities (slugs) it belongs to; the caller must be a member'),
  authors: z.array(author).max(limits.authorsMax).optional().describe('`@handle` for a member, a plain name for anyone else; the caller by default'),
  categories: z.array(category).max(limits.tagsMax).default([]),
  linkUrl: linkUrl.optional().describe('For a link: its address'),
  reference: cslItemSchema.optional().describe('For a reference: the entry as CSL-JSON'),
  message: z.string().trim().max(limits.revisionMessageMax).optional()
});
export type CreateResourceInput = z.input<typeof createResourceSchema>;

export const updateResourceSchema = z.strictObject({
  title: title.optional(),
  summary: summary.nullable().optional(),
  body: body.optional(),
  language: z.enum(['fr', 'en']).optional(),
  licence: z.enum(licences).optional(),
  licenceNote: z.string().trim().max(limits.summaryMax).nullable().optional(),
  visibility: visibilitySchema.optional(),
  communities: z.array(z.string().max(limits.slugMax)).max(limits.shareMax).optional(),
  authors: z.array(author).max(limits.authorsMax).optional(),
  categories: z.array(category).max(limits.tagsMax).optional(),
  linkUrl: linkUrl.optional(),
  reference: cslItemSchema.optional(),
  revision: z.number().int().positive().optional().describe('The revision being edited: a later one answers 409 instead of being overwritten'),
  /** A collective work: only this section of `body` was edited (see sections.ts). */
  section: z.number().int().min(0).max(500).optional().describe('For a collective work: `body` is this section only'),
  message: z.string().trim().max(limits.revisionMessageMax).optional()
});
export type UpdateResourceInput = z.input<typeof updateResourceSchema>;

export const applySchema = z.strictObject({
  story: z.string().trim().max(limits.applicationStoryMax).optional()
});

export const libraryQuerySchema = z.object({
  kind: z.enum(resourceKinds).optional(),
  category: category.optional(),
  licence: z.enum(licences).optional(),
  language: z.enum(['fr', 'en']).optional(),
  community: z.string().max(limits.slugMax).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(librarySorts).default('recent')
});
export type LibraryQuery = z.output<typeof libraryQuerySchema>;

export const createNotebookSchema = z.strictObject({
  title,
  description: z.string().max(limits.notebookDescriptionMax).default(''),
  visibility: visibilitySchema,
  communities: z.array(z.string().max(limits.slugMax)).max(limits.shareMax).default([]),
  categories: z.array(category).max(limits.tagsMax).default([])
});
export type CreateNotebookInput = z.input<typeof createNotebookSchema>;

export const updateNotebookSchema = z.strictObject({
  title: title.optional(),
  description: z.string().max(limits.notebookDescriptionMax).optional(),
  visibility: visibilitySchema.optional(),
  communities: z.array(z.string().max(limits.slugMax)).max(limits.shareMax).optional(),
  categories: z.array(category).max(limits.tagsMax).optional()
});
export type UpdateNotebookInput = z.input<typeof updateNotebookSchema>;

export const notebookQuerySchema = z.object({
  kind: z.enum(resourceKinds).optional(),
  category: category.optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(['position', 'recent', 'title']).default('position')
});
export type NotebookQuery = z.output<typeof notebookQuerySchema>;

export const importSchema = z.strictObject({
  text: z.string().min(1, 'library.import.errors.empty').max(limits.importMaxBytes),
  format: z.enum(referenceFormats).optional(),
  visibility: visibilitySchema.default('instance'),
  communities: z.array(z.string().max(limits.slugMax)).max(limits.shareMax).default([]),
  notebook: z.string().max(64).optional().describe('A notebook to add every imported or merged reference to'),
  licence: z.enum(licences).default('all-rights-reserved')
});
export type ImportInput = z.input<typeof importSchema>;

export const exportQuerySchema = z.object({
  format: z.enum(exportFormats).default('bibtex'),
  ids: z
    .string()
    .max(64 * 500)
    .optional()
    .transform((value) => (value ? value.split(',').filter(Boolean).slice(0, 500) : []))
});

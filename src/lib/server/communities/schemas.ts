// The shapes a community is created and changed with, shared by the pages and /api/v1. Field
// names are the API's (camelCase); lengths come from the shared limits.
import { z } from 'zod';
import { limits } from '../../shared/limits';

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => (value === undefined ? undefined : value || null)); // '' clears, absent keeps
const tags = z.array(z.string().trim().min(1).max(limits.tagMax)).max(limits.tagsMax);

export const visibilitySchema = z.enum(['public', 'private', 'hidden']);
export const joinPolicySchema = z.enum(['open', 'request', 'invite']);
export const languagesSchema = z.enum(['fr', 'en', 'fr,en']);
export const roleSchema = z.enum(['member', 'animator', 'steward']);

export const charterSchema = z.object({
  mission: optionalText(limits.charterFieldMax).describe('Why the community exists'),
  vision: optionalText(limits.charterFieldMax).describe('What it hopes to change'),
  values: optionalText(limits.charterFieldMax).describe('What members hold to'),
  objectives: optionalText(limits.charterFieldMax).describe('What it sets out to do'),
  notStatement: optionalText(limits.charterFieldMax).describe('What it is not (e.g. not a lobby)')
});

export const createCommunitySchema = z
  .object({
    name: text(limits.communityNameMax).min(2),
    slug: z.string().trim().toLowerCase().max(limits.slugMax).regex(slugPattern).optional(),
    description: text(limits.summaryMax).optional().describe('Short description, shown in lists'),
    visibility: visibilitySchema,
    joinPolicy: joinPolicySchema.optional(),
    joinQuestion: optionalText(limits.joinQuestionMax),
    languages: languagesSchema.optional(),
    themes: tags.optional(),
    regions: tags.optional(),
    partners: tags.optional().describe('Partner organisations, by name'),
    welcomeMessage: optionalText(limits.welcomeMessageMax)
  })
  .extend(charterSchema.partial().shape);

// No defaults anywhere above: a field left out of an update stays as it was.
export const updateCommunitySchema = createCommunitySchema.omit({ slug: true }).partial();

export type CreateCommunityInput = z.input<typeof createCommunitySchema>;
export type UpdateCommunityInput = z.input<typeof updateCommunitySchema>;

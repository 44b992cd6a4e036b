// What a publication, a comment and a reaction may contain, checked at every door (forms and API).
import { z } from 'zod';
import { limits } from '../../shared/limits';

import { postKinds, reactionEmojis } from '../../shared/posts';
import { pollInputSchema } from '../polls/schemas';

export { postKinds, reactionEmojis };
export const postKindSchema = z.enum(postKinds).describe('discussion, question, shared resource, case discussion, call to all (animators), or topic proposal');

export const reactionSchema = z.enum(reactionEmojis);

const title = z.string().trim().min(1, 'posts.errors.title_required').max(limits.postTitleMax);
const body = z.string().trim().min(1, 'posts.errors.body_required').max(limits.postBodyMax);
const linkUrl = z
  .string()
  .trim()
  .max(limits.linkUrlMax)
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'previews.errors.bad_url');

export const createPostSchema = z.strictObject({
  title,
  body,
  kind: postKindSchema.default('discussion'),
  language: z.enum(['fr', 'en']).optional().describe('The content’s language; the author’s by default'),
  linkUrl: linkUrl.optional().describe('For a shared resource: the address it points to'),
  alsoIn: z.array(z.string().max(limits.slugMax)).max(limits.shareMax).default([]).describe('Other communities (slugs) to share it into'),
  proposalFor: z.enum(['activity', 'resource']).optional().describe('For a topic proposal: what it would become, an activity (the default) or a resource'),
  poll: pollInputSchema.optional().describe('A poll it carries; any kind but a topic proposal')
});
export type CreatePostInput = z.input<typeof createPostSchema>;

export const updatePostSchema = z.strictObject({
  title: title.optional(),
  body: body.optional(),
  language: z.enum(['fr', 'en']).optional(),
  linkUrl: linkUrl.nullable().optional(),
  revision: z.number().int().positive().optional().describe('The revision being edited: a later one answers 409 instead of being overwritten'),
  removeAttachments: z.array(z.string()).max(limits.attachmentsMax).default([])
});
export type UpdatePostInput = z.input<typeof updatePostSchema>;

export const createCommentSchema = z.strictObject({
  body: z.string().trim().min(1, 'posts.errors.body_required').max(limits.commentBodyMax),
  parentId: z.string().max(64).optional().describe('The comment this replies to')
});
export type CreateCommentInput = z.input<typeof createCommentSchema>;

export const updateCommentSchema = z.strictObject({
  body: z.string().trim().min(1, 'posts.errors.body_required').max(limits.commentBodyMax),
  revision: z.number().int().positive().optional()
});
export type UpdateCommentInput = z.input<typeof updateCommentSchema>;

export const feedQuerySchema = z.object({
  scope: z.enum(['all', 'mine']).default('all').describe('`mine`: only the caller’s communities'),
  order: z.enum(['activity', 'newest']).default('activity').describe('Latest activity (a comment brings a publication up) or latest publication')
});
export type FeedQuery = z.output<typeof feedQuerySchema>;

export const communityFeedSchema = z.object({
  kind: postKindSchema.optional(),
  tag: z.string().max(limits.tagMax).optional(),
  unanswered: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('Only questions without an answer'),
  order: z.enum(['activity', 'newest']).default('activity')
});
export type CommunityFeedQuery = z.output<typeof communityFeedSchema>;

// /api/v1 for publications: feeds, a publication and its comments, reactions, answers, follows,
// attachments and moderation. The operations' declarations and the shapes that go out; the type
// checks at the end keep those shapes equal to what the domain returns.
import { z } from 'zod';
import { limits } from '../../shared/limits';
import { config } from '../config';
import { invalid } from '../errors';
import type { FeedItem, PostView, RevisionView, UploadedFile, pageOfComments } from '../posts';
import {
  communityFeedSchema,
  createCommentSchema,
  createPostSchema,
  feedQuerySchema,
  postKindSchema,
  reactionEmojis,
  reactionSchema,
  updateCommentSchema,
  updatePostSchema
} from '../posts/schemas';
import { pageOf, pageQuery } from './pagination';
import { pollSchema } from './polls';
import { defineOperation, ok, done, type Same, type Assert } from './registry';
import { parseQuery } from './validate';

const slugParams = z.object({ slug: z.string().describe('The community’s address, e.g. `reseau-ocean`') });
const postParams = z.object({ id: z.string().describe('The publication’s id') });
const commentParams = postParams.extend({ commentId: z.string().describe('The comment’s id') });
const tagParams = z.object({ tag: z.string().describe('A tag, with or without its #; compared in lower case') });

const personSchema = z.object({
  id: z.string(),
  name: z.string(),
  handle: z.string().nullable(),
  avatarUrl: z.string().nullable().describe('null when there is none or the caller may not see it')
});
const placeSchema = z.object({ slug: z.string(), name: z.string() });
const reactionsSchema = z
  .array(z.object({ emoji: z.string().describe(`One of ${reactionEmojis.join(' ')}`), count: z.number().int(), mine: z.boolean().describe('The caller chose it') }))
  .describe('Only the reactions chosen at least once, in the fixed order');

export const feedItemSchema = z.object({
  id: z.string(),
  kind: postKindSchema,
  title: z.string(),
  excerpt: z.string().describe('The first words of the body, as plain text'),
  language: z.enum(['fr', 'en']),
  author: personSchema.nullable().describe('null once the account is gone'),
  community: placeSchema.nullable().describe('Its own community, or the first one the caller may read'),
  createdAt: z.number().describe('Epoch milliseconds'),
  activityAt: z.number().describe('Epoch milliseconds of the latest comment, or of the publication'),
  edited: z.boolean(),
  commentCount: z.number().int(),
  viewCount: z.number().int().describe('Members who opened it at least once'),
  pinned: z.boolean(),
  locked: z.boolean(),
  answered: z.boolean().describe('For a question: an answer is marked'),
  hasLink: z.boolean(),
  tags: z.array(z.string()),
  unread: z
    .object({ new: z.boolean().describe('Never opened'), comments: z.number().int().describe('Comments since the caller last opened it') })
    .nullable()
    .describe('null for visitors and for the caller’s own publications'),
  proposal: z
    .object({ status: z.enum(['open', 'planned', 'declined']), supportCount: z.number().int() })
    .nullable()
    .describe('For a topic proposal: where it stands and its supports (the rest at /proposals/{id})'),
  poll: pollSchema.nullable().describe('The poll it carries, as GET /posts/{id}/poll gives it')
});

/** A file attached to a publication or a message; `whereToGet` says where its `url` leads. */
export const attachmentSchemaFor = (whereToGet: string) =>
  z.object({
    id: z.string(),
    fileName: z.string(),
    mime: z.string().describe('Pictures are stored as image/webp'),
    kind: z.enum(['image', 'file']),
    size: z.number().int().describe('Bytes'),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    url: z.string().describe(whereToGet)
  });
const attachmentSchema = attachmentSchemaFor('Where to download it (same rules as the publication)');

export const linkPreviewSchema = z.object({
  url: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  imageUrl: z.string().nullable(),
  siteName: z.string().nullable()
});

export const commentSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable().describe('The first comment of its thread, for a reply'),
  author: personSchema.nullable(),
  bodyHtml: z.string().nullable().describe('null once deleted: the thread keeps its place'),
  body: z.string().nullable().describe('The Markdown source; null once deleted'),
  createdAt: z.number(),
  editedAt: z.number().nullable(),
  revision: z.number().int(),
  deleted: z.boolean(),
  isAnswer: z.boolean(),
  reactions: reactionsSchema,
  canEdit: z.boolean(),
  isNew: z.boolean().describe('Arrived since the caller last opened the publication')
});

export const postSchema = z.object({
  id: z.string(),
  kind: postKindSchema,
  title: z.string().describe('Empty once deleted'),
  body: z.string().nullable().describe('The Markdown source; null once deleted'),
  bodyHtml: z.string().nullable().describe('The rendered body (no raw HTML); null once deleted'),
  language: z.enum(['fr', 'en']),
  linkUrl: z.string().nullable(),
  linkPreview: linkPreviewSchema.nullable().describe('Fetched after the publication is saved; null until then'),
  author: personSchema.nullable(),
  community: placeSchema.describe('Where it was written, or the first of its communities the caller may read'),
  sharedIn: z.array(placeSchema).describe('The other communities it is shared into that the caller may read'),
  tags: z.array(z.string()),
  attachments: z.array(attachmentSchema),
  createdAt: z.number(),
  activityAt: z.number(),
  editedAt: z.number().nullable(),
  revision: z.number().int().describe('Send it back with an edit: a later one answers 409'),
  deleted: z.boolean(),
  pinned: z.boolean(),
  locked: z.boolean(),
  answerId: z.string().nullable().describe('For a question: the comment marked as its answer'),
  commentCount: z.number().int(),
  viewCount: z.number().int(),
  reactions: reactionsSchema,
  comments: z.array(commentSchema).describe('In their threads, the first 500; GET …/comments pages through all of them'),
  viewer: z.object({
    canTakePart: z.boolean(),
    canEdit: z.boolean(),
    canModerate: z.boolean(),
    canSeeHistory: z.boolean(),
    canMarkAnswer: z.boolean(),
    following: z.boolean(),
    signedIn: z.boolean()
  })
});

export const commentItemSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  author: personSchema.nullable(),
  body: z.string().nullable(),
  bodyHtml: z.string().nullable(),
  deleted: z.boolean(),
  isAnswer: z.boolean(),
  createdAt: z.number(),
  editedAt: z.number().nullable(),
  revision: z.number().int().describe('Send it back when editing, to detect a concurrent edit')
});

const revisionSchema = z.object({
  number: z.number().int(),
  title: z.string().nullable().describe('null for a comment'),
  body: z.string(),
  editor: z.string().nullable().describe('Who replaced this version; null for the current one'),
  createdAt: z.number(),
  current: z.boolean()
});
const historySchema = z.object({ title: z.string(), revisions: z.array(revisionSchema).describe('Newest first, the current version included') });

export const feedQuery = pageQuery.extend(feedQuerySchema.shape);
export const communityPostsQuery = pageQuery.extend(communityFeedSchema.shape);
export const revisionsQuery = z.object({ comment: z.string().max(64).optional().describe('A comment’s id: its history instead of the publication’s') });
export const attachmentQuery = z.object({ name: z.string().trim().min(1).max(255).describe('The file’s name, e.g. `compte-rendu.pdf`; plain text files are told apart by it') });
export const pinBody = z.strictObject({ pinned: z.boolean() });
export const lockBody = z.strictObject({ locked: z.boolean().describe('A locked publication takes no more comments or reactions') });
export const moveBody = z.strictObject({ community: z.string().trim().min(1).max(limits.slugMax).describe('Slug of a community the caller may post in') });
export const reactionBody = z.strictObject({
  emoji: reactionSchema,
  target: z.string().max(64).optional().describe('A comment’s id; the publication itself when left out')
});
export const answerBody = z.strictObject({ commentId: z.string().max(64).nullable().describe('The answer, or null to unmark it') });
export const followBody = z.strictObject({ following: z.boolean() });

/** The raw body of an attachment upload and its name; refused by its announced length before it is read. */
export async function uploadedFile(request: Request, url: URL): Promise<UploadedFile> {
  const { name } = parseQuery(url, attachmentQuery);
  const announced = Number(request.headers.get('content-length') ?? 0);
  if (announced > config().uploadMaxBytes) throw invalid([{ path: 'body', message: 'attachments.errors.too_large' }]);
  return { bytes: new Uint8Array(await request.arrayBuffer()), fileName: name };
}

const tags = ['posts'];

export const postOperations = [
  defineOperation({
    method: 'get', path: '/feed', operationId: 'getFeed', summary: 'The home feed: the caller’s communities, and public ones unless scope=mine',
    description: 'Visitors get the public communities’ publications.',
    tags, auth: 'none', query: feedQuery, responses: ok('A page of publications', pageOf(feedItemSchema))
  }),
  defineOperation({
    method: 'get', path: '/communities/{slug}/posts', operationId: 'listCommunityPosts', summary: 'A community’s publications, with its filters',
    description: 'Pinned publications come apart in `pinned`, on the first page of an unfiltered feed; with a filter they stay in `items`.',
    tags, auth: 'none', params: slugParams, query: communityPostsQuery,
    responses: ok('A page of publications', pageOf(feedItemSchema).extend({ pinned: z.array(feedItemSchema) }))
  }),
  defineOperation({
    method: 'post', path: '/communities/{slug}/posts', operationId: 'createPost', summary: 'Publish in a community (and share into others)',
    description: 'A call to all (`kind: call`) is for the community’s animators. Attach files afterwards with POST /posts/{id}/attachments.',
    tags, auth: 'member', params: slugParams, body: createPostSchema, responses: { 201: { description: 'Published', schema: postSchema } }
  }),
  defineOperation({
    method: 'get', path: '/tags/{tag}/posts', operationId: 'listTagPosts', summary: 'Publications with a tag, in every community the caller may read',
    tags, auth: 'none', params: tagParams, query: pageQuery,
    responses: ok('A page of publications', pageOf(feedItemSchema).extend({ tag: z.string().describe('The tag as stored') }))
  }),
  defineOperation({
    method: 'get', path: '/posts/{id}', operationId: 'getPost', summary: 'A publication with its comments',
    description: 'Opening it marks it and its comments read for the caller. A deleted publication answers with `deleted: true` and no content.',
    tags, auth: 'none', params: postParams, responses: ok('The publication', postSchema)
  }),
  defineOperation({
    method: 'patch', path: '/posts/{id}', operationId: 'updatePost', summary: 'Edit a publication (its author or animators); the earlier version is kept',
    tags, auth: 'member', params: postParams, body: updatePostSchema, responses: ok('The publication as changed', postSchema)
  }),
  defineOperation({
    method: 'delete', path: '/posts/{id}', operationId: 'deletePost', summary: 'Delete a publication (its author or animators); a tombstone stays',
    tags, auth: 'member', params: postParams, responses: done('Deleted')
  }),
  defineOperation({
    method: 'post', path: '/posts/{id}/attachments', operationId: 'addAttachment', summary: 'Attach a file to a publication (its author or animators)',
    description:
      'The body is the file itself; its type is read from its bytes (pictures, PDF, office documents, audio, video, plain text), pictures are re-encoded as WebP. Counts as an edit of the publication.',
    tags, auth: 'member', params: postParams, query: attachmentQuery, upload: { mediaType: 'application/octet-stream', description: 'The file' },
    responses: { 201: { description: 'The publication with its new attachment', schema: postSchema } }
  }),
  defineOperation({
    method: 'post', path: '/posts/{id}/pin', operationId: 'pinPost', summary: 'Pin or unpin a publication above its community’s feed (animators)',
    tags, auth: 'member', params: postParams, body: pinBody, responses: done('Done')
  }),
  defineOperation({
    method: 'post', path: '/posts/{id}/lock', operationId: 'lockPost', summary: 'Lock or reopen a publication’s discussion (animators)',
    tags, auth: 'member', params: postParams, body: lockBody, responses: done('Done')
  }),
  defineOperation({
    method: 'post', path: '/posts/{id}/move', operationId: 'movePost', summary: 'Move a publication to another community (animators)',
    tags, auth: 'member', params: postParams, body: moveBody, responses: done('Moved')
  }),
  defineOperation({
    method: 'get', path: '/posts/{id}/comments', operationId: 'listComments', summary: 'A publication’s comments, in the order they were written',
    tags, auth: 'none', params: postParams, query: pageQuery, responses: ok('A page of comments', pageOf(commentItemSchema))
  }),
  defineOperation({
    method: 'post', path: '/posts/{id}/comments', operationId: 'addComment', summary: 'Comment, or reply to a comment',
    description: 'A reply to a reply joins the thread of the first comment. Commenting follows the publication, unless the caller stopped following it.',
    tags, auth: 'member', params: postParams, body: createCommentSchema, responses: { 201: { description: 'Added', schema: z.object({ id: z.string() }) } }
  }),
  defineOperation({
    method: 'patch', path: '/posts/{id}/comments/{commentId}', operationId: 'updateComment', summary: 'Edit a comment (its author or animators); the earlier version is kept',
    tags, auth: 'member', params: commentParams, body: updateCommentSchema,
    responses: ok('The comment’s new revision', z.object({ id: z.string(), revision: z.number().int() }))
  }),
  defineOperation({
    method: 'delete', path: '/posts/{id}/comments/{commentId}', operationId: 'deleteComment', summary: 'Delete a comment (its author or animators); a tombstone keeps its place',
    tags, auth: 'member', params: commentParams, responses: done('Deleted')
  }),
  defineOperation({
    method: 'put', path: '/posts/{id}/reactions', operationId: 'toggleReaction', summary: 'Toggle a reaction on the publication or one of its comments',
    description: 'Toggles: choosing a reaction the caller has not chosen adds it (`reacted: true`); choosing it again takes it back (`reacted: false`).',
    tags, auth: 'member', params: postParams, body: reactionBody,
    responses: ok('Whether the caller’s reaction is now there', z.object({ reacted: z.boolean() }))
  }),
  defineOperation({
    method: 'put', path: '/posts/{id}/answer', operationId: 'markAnswer', summary: 'Mark a question’s answer, or unmark it with null (its author or animators)',
    tags, auth: 'member', params: postParams, body: answerBody, responses: done('Marked')
  }),
  defineOperation({
    method: 'put', path: '/posts/{id}/follow', operationId: 'setFollowing', summary: 'Follow a publication, or stop following it',
    description: 'Stopping holds even when the caller comments again.',
    tags, auth: 'member', params: postParams, body: followBody, responses: ok('The caller’s choice', z.object({ following: z.boolean() }))
  }),
  defineOperation({
    method: 'get', path: '/posts/{id}/revisions', operationId: 'listRevisions', summary: 'Every version of a publication or of one comment (their authors and animators)',
    tags, auth: 'member', params: postParams, query: revisionsQuery, responses: ok('The history', historySchema)
  })
];

// The shapes above must be the domain's own: a field added there without its schema fails here.
export type _SchemasMatchTheDomain = [
  Assert<Same<z.output<typeof feedItemSchema>, FeedItem>>,
  Assert<Same<z.output<typeof postSchema>, PostView>>,
  Assert<Same<z.output<typeof commentItemSchema>, Awaited<ReturnType<typeof pageOfComments>>['items'][number]>>,
  Assert<Same<z.output<typeof revisionSchema>, RevisionView>>
];

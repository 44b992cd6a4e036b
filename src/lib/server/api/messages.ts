// /api/v1 for private messages: conversations, their messages and files, leaving one, and blocking a
// member. The type checks at the end keep the shapes equal to what the domain returns.
import { z } from 'zod';
import { handleSchema, postMessageSchema, startConversationSchema, type ConversationCard, type ConversationView, type UploadedFile } from '../messages';
import { limits } from '../../shared/limits';
import { pageOf, pageQuery } from './pagination';
import { defineOperation, done, ok, type Assert, type Same } from './registry';
import { jsonWithFiles } from './validate';
import { attachmentSchemaFor } from './posts';

const tags = ['messages'];
export const conversationParams = z.object({ id: z.string().describe('The conversation’s id') });
export const blockParams = z.object({ handle: handleSchema });
export const messageAttachmentParams = conversationParams.extend({ attachmentId: z.string().describe('The attached file’s id') });

const personSchema = z.object({ handle: z.string().nullable(), name: z.string() });
const participantSchema = personSchema.extend({
  me: z.boolean().describe('The caller'),
  left: z.boolean().describe('Left the conversation: reads it up to then, receives nothing after')
});
const attachmentSchema = attachmentSchemaFor('Where to download it: GET /api/v1/conversations/{id}/attachments/{attachmentId}');
const messageSchema = z.object({
  id: z.string(),
  author: personSchema.nullable().describe('null when the author’s account is gone'),
  mine: z.boolean(),
  body: z.string().describe('The Markdown as written; empty for a message of files alone'),
  bodyHtml: z.string(),
  createdAt: z.number().describe('Epoch milliseconds'),
  attachments: z.array(attachmentSchema).describe('Pictures and documents sent with the message')
});
export const conversationCardSchema = z.object({
  id: z.string(),
  subject: z.string().nullable(),
  others: z.array(participantSchema),
  lastMessageAt: z.number().describe('Epoch milliseconds'),
  excerpt: z.string().nullable().describe('The start of the last message the caller may read'),
  unread: z.boolean().describe('A message from someone else came after the caller last opened it'),
  left: z.boolean()
});
export const conversationViewSchema = z.object({
  id: z.string(),
  subject: z.string().nullable(),
  createdAt: z.number(),
  participants: z.array(participantSchema),
  viewer: z.object({ canPost: z.boolean(), leftAt: z.number().nullable() }),
  messages: pageOf(messageSchema).describe('Newest first; `nextCursor` leads to older messages')
});
const createdSchema = z.object({ id: z.string() });

/** The API's own address for each file, so a script with a token can fetch it (the page's needs a session). */
export function conversationForApi(view: ConversationView): ConversationView {
  const messages = view.messages.items.map((message) => ({
    ...message,
    attachments: message.attachments.map((file) => ({ ...file, url: `/api/v1/conversations/${view.id}/attachments/${file.id}` }))
  }));
  return { ...view, messages: { ...view.messages, items: messages } };
}

/**
 * A message's JSON, or a `multipart/form-data` body with that JSON in its `data` part and up to
 * `attachmentsMax` files in `attachments` parts. Refused by its announced length before it is read;
 * the domain checks the JSON and the files.
 */
export async function messageBody(request: Request): Promise<{ input: unknown; files: UploadedFile[] }> {
  const { data, files } = await jsonWithFiles(request, { field: 'attachments', maxFiles: limits.attachmentsMax, fallbackName: 'file' });
  return { input: data, files };
}

const multipartNote = `Send JSON; to attach files, send \`multipart/form-data\` instead, with a \`data\` part holding this same JSON and one \`attachments\` part per file (at most ${limits.attachmentsMax}; their type is read from their bytes, pictures are re-encoded as WebP, the instance’s upload limit applies to each). With files, \`body\` may be empty. One refused file refuses the whole message, and nothing is sent.`;

export const messageOperations = [
  defineOperation({
    method: 'get', path: '/conversations', operationId: 'listConversations', summary: 'The caller’s conversations, the most recently active first',
    tags, auth: 'member', query: pageQuery, responses: ok('A page of conversations', pageOf(conversationCardSchema))
  }),
  defineOperation({
    method: 'post', path: '/conversations', operationId: 'startConversation', summary: 'Write to one member or a small group',
    description:
      `Allowed with members who share an active community with the caller, or who accept messages from any member; never when either has blocked the other (the refusal does not say why). A message to one member goes into the one-to-one conversation the two already have. ${multipartNote}`,
    tags, auth: 'member', body: startConversationSchema, responses: { 201: { description: 'Sent', schema: createdSchema } }
  }),
  defineOperation({
    method: 'get', path: '/conversations/{id}', operationId: 'getConversation', summary: 'A conversation and a page of its messages; marks it read',
    description: 'Members only; a member who left reads the messages written until then. Anyone else gets 404.',
    tags, auth: 'member', params: conversationParams, query: pageQuery, responses: ok('The conversation', conversationViewSchema)
  }),
  defineOperation({
    method: 'post', path: '/conversations/{id}/messages', operationId: 'postMessage', summary: 'Reply in a conversation (current members)',
    description: multipartNote,
    tags, auth: 'member', params: conversationParams, body: postMessageSchema, responses: { 201: { description: 'Sent', schema: createdSchema } }
  }),
  defineOperation({
    method: 'get', path: '/conversations/{id}/attachments/{attachmentId}', operationId: 'getMessageAttachment', summary: 'Download a file attached to a message',
    description:
      'Answers the file itself (`content-disposition: attachment`, its recorded type). For those who may read the message: its members, and a member who left for what came before; anyone else gets 404.',
    tags, auth: 'member', params: messageAttachmentParams, responses: ok('The file')
  }),
  defineOperation({
    method: 'post', path: '/conversations/{id}/leave', operationId: 'leaveConversation', summary: 'Leave a conversation: its history stays readable up to now',
    tags, auth: 'member', params: conversationParams, responses: done('Left')
  }),
  defineOperation({
    method: 'put', path: '/me/blocks/{handle}', operationId: 'blockMember', summary: 'Block a member: their new messages no longer reach the caller',
    tags, auth: 'member', params: blockParams, responses: done('Blocked')
  }),
  defineOperation({
    method: 'delete', path: '/me/blocks/{handle}', operationId: 'unblockMember', summary: 'Unblock a member',
    tags, auth: 'member', params: blockParams, responses: done('Unblocked')
  })
];

// The shapes above must be the domain's own: a field added there without its schema fails here.
export type _SchemasMatchTheDomain = [
  Assert<Same<z.output<typeof conversationCardSchema>, ConversationCard>>,
  Assert<Same<z.output<typeof conversationViewSchema>, ConversationView>>
];

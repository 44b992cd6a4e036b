// /api/v1 for private messages: conversations, their messages, leaving one, and blocking a member.
// The type checks at the end keep the shapes equal to what the domain returns.
import { z } from 'zod';
import { handleSchema, postMessageSchema, startConversationSchema, type ConversationCard, type ConversationView } from '../messages';
import { pageOf, pageQuery } from './pagination';
import { defineOperation, done, ok, type Assert, type Same } from './registry';

const tags = ['messages'];
export const conversationParams = z.object({ id: z.string().describe('The conversation’s id') });
export const blockParams = z.object({ handle: handleSchema });

const personSchema = z.object({ handle: z.string().nullable(), name: z.string() });
const participantSchema = personSchema.extend({
  me: z.boolean().describe('The caller'),
  left: z.boolean().describe('Left the conversation: reads it up to then, receives nothing after')
});
const messageSchema = z.object({
  id: z.string(),
  author: personSchema.nullable().describe('null when the author’s account is gone'),
  mine: z.boolean(),
  body: z.string().describe('The Markdown as written'),
  bodyHtml: z.string(),
  createdAt: z.number().describe('Epoch milliseconds')
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

export const messageOperations = [
  defineOperation({
    method: 'get', path: '/conversations', operationId: 'listConversations', summary: 'The caller’s conversations, the most recently active first',
    tags, auth: 'member', query: pageQuery, responses: ok('A page of conversations', pageOf(conversationCardSchema))
  }),
  defineOperation({
    method: 'post', path: '/conversations', operationId: 'startConversation', summary: 'Write to one member or a small group',
    description:
      'Allowed with members who share an active community with the caller, or who accept messages from any member; never when either has blocked the other (the refusal does not say why). A message to one member goes into the one-to-one conversation the two already have.',
    tags, auth: 'member', body: startConversationSchema, responses: { 201: { description: 'Sent', schema: createdSchema } }
  }),
  defineOperation({
    method: 'get', path: '/conversations/{id}', operationId: 'getConversation', summary: 'A conversation and a page of its messages; marks it read',
    description: 'Members only; a member who left reads the messages written until then. Anyone else gets 404.',
    tags, auth: 'member', params: conversationParams, query: pageQuery, responses: ok('The conversation', conversationViewSchema)
  }),
  defineOperation({
    method: 'post', path: '/conversations/{id}/messages', operationId: 'postMessage', summary: 'Reply in a conversation (current members)',
    tags, auth: 'member', params: conversationParams, body: postMessageSchema, responses: { 201: { description: 'Sent', schema: createdSchema } }
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

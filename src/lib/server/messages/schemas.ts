// What a conversation and a message may contain, checked at every door (forms and API).
import { z } from 'zod';
import { limits } from '../../shared/limits';

/** Others in one conversation besides its author: a small group, not a mailing list. */
export const recipientsMax = 10;
export const subjectMax = 200;

/** `@lea-gagnon` or `lea-gagnon`: compared in lowercase, without the @. */
export const handleSchema = z
  .string()
  .trim()
  .min(1)
  .max(limits.handleMax + 1)
  .transform((value) => value.replace(/^@/, '').toLowerCase())
  .describe('A member’s handle, with or without its @');

export const messageBodySchema = z
  .string()
  .trim()
  .min(1, 'messages.errors.body_required')
  .max(limits.messageBodyMax)
  .describe(`Markdown (raw HTML is not interpreted), at most ${limits.messageBodyMax} characters`);

/** With files attached, the text may be left empty: a picture or a document can be the whole message. */
const bodyBesideFilesSchema = z
  .string()
  .trim()
  .max(limits.messageBodyMax)
  .default('')
  .describe(`Markdown, at most ${limits.messageBodyMax} characters; may be empty when files are attached`);

export const startConversationSchema = z.strictObject({
  to: z
    .array(handleSchema)
    .min(1, 'messages.errors.to_required')
    .max(recipientsMax, 'messages.errors.too_many')
    .describe(`The other members, by handle (at most ${recipientsMax})`),
  body: messageBodySchema,
  subject: z
    .string()
    .trim()
    .max(subjectMax)
    .nullish()
    .transform((value) => value?.replace(/\s+/g, ' ') || null)
    .describe('Optional, for a group; ignored when an existing one-to-one conversation is reused')
});
export const startConversationWithFilesSchema = startConversationSchema.extend({ body: bodyBesideFilesSchema });
/** What a caller sends; `body` is checked by the schema that fits (required unless files come with it). */
export type StartConversation = z.input<typeof startConversationWithFilesSchema>;

export const postMessageSchema = z.strictObject({ body: messageBodySchema });
export const postMessageWithFilesSchema = postMessageSchema.extend({ body: bodyBesideFilesSchema });
export type PostMessage = z.input<typeof postMessageWithFilesSchema>;

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
export type StartConversation = z.input<typeof startConversationSchema>;

export const postMessageSchema = z.strictObject({ body: messageBodySchema });
export type PostMessage = z.input<typeof postMessageSchema>;

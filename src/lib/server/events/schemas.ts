// What an event, a registration and feedback may contain, checked at every door (forms and API).
// Times are ISO 8601: with an offset (`2026-12-03T17:00:00Z`) they are instants; without one
// (`2026-12-03T12:00`) they are read on the event's own wall clock, in `timeZone`.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { limits } from '../../shared/limits';
import { eventAudiences, eventFormats, eventKinds, registrationAnswers, repeatFrequencies } from '../../shared/events';
import { isTimeZone } from './recurrence';

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((value) => (value ? value : null));
const when = z.string().trim().min(1, 'events.errors.time_required').max(40).describe('ISO 8601; without an offset, read in `timeZone`');
const url = z
  .string()
  .trim()
  .max(limits.linkUrlMax)
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'events.errors.bad_url');

export const timeZoneSchema = z.string().trim().min(1).max(64).refine(isTimeZone, 'events.errors.unknown_time_zone').describe('IANA name, e.g. America/Toronto');

export const presenterSchema = z.strictObject({
  handle: z.string().trim().max(64).optional().describe('A member, by handle; their name comes from their profile'),
  name: text(limits.nameMax).optional().describe('A guest from outside'),
  affiliation: optionalText(200),
  bio: optionalText(limits.presenterBioMax)
});

export const questionSchema = z.strictObject({
  label: text(limits.questionMax).min(1),
  required: z.boolean().default(false)
});

export const repeatSchema = z
  .strictObject({
    freq: z.enum(repeatFrequencies).describe('weekly; monthly on the same date; monthly on the same weekday (e.g. 2nd Tuesday)'),
    interval: z.number().int().min(1).max(12).default(1),
    until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'events.errors.bad_date').nullish(),
    count: z.number().int().min(2).max(60).nullish()
  })
  .refine((rule) => rule.until || rule.count, { message: 'events.errors.repeat_needs_end', path: ['until'] });

// Every field as it may be changed; creation adds the defaults.
const eventFields = {
  title: text(limits.eventTitleMax).min(1, 'events.errors.title_required'),
  description: text(limits.eventDescriptionMax),
  kind: z.enum(eventKinds),
  format: z.enum(eventFormats),
  address: optionalText(limits.addressMax).describe('In person or hybrid'),
  meetingUrl: url.nullish().describe('Online or hybrid: shown only to registered participants'),
  startsAt: when,
  endsAt: when,
  timeZone: timeZoneSchema,
  language: z.enum(['fr', 'en']),
  audience: z.enum(eventAudiences).describe('public; members of the hosting communities; their animators and stewards'),
  capacity: z.number().int().min(1).max(limits.capacityMax).nullish(),
  registrationDeadline: when.nullish(),
  questions: z.array(questionSchema).max(limits.questionsMax),
  reminders: z.array(z.number().int().min(5).max(60 * 24 * 14)).max(4).describe('Minutes before the start; a day and an hour by default'),
  tags: z.array(z.string().trim().min(1).max(limits.tagMax)).max(limits.tagsMax),
  presenters: z.array(presenterSchema).max(limits.presentersMax),
  recordingUrl: url.nullish()
};

export const createEventSchema = z.strictObject({
  communities: z.array(z.string().trim().min(1).max(limits.slugMax)).min(1, 'events.errors.community_required').max(10).describe('Hosting communities (slugs); the first is the main host'),
  ...eventFields,
  description: eventFields.description.default(''),
  kind: eventFields.kind.default('webinar'),
  format: eventFields.format.default('online'),
  language: eventFields.language.optional(),
  audience: eventFields.audience.optional().describe('public by default in a public community, members otherwise'),
  questions: eventFields.questions.default([]),
  reminders: eventFields.reminders.optional(),
  tags: eventFields.tags.default([]),
  presenters: eventFields.presenters.default([]),
  repeat: repeatSchema.nullish().describe('Makes a series: each occurrence has its own registrations'),
  proposal: z.string().trim().max(64).optional().describe('The topic proposal (its publication id) this activity answers: marked planned and linked to it')
});
export type CreateEventInput = z.input<typeof createEventSchema>;

export const updateEventSchema = z
  .strictObject(eventFields)
  .partial()
  .extend({ scope: z.enum(['one', 'following']).default('one').describe('For an occurrence of a series: this one only, or this one and those after it') });
export type UpdateEventInput = z.input<typeof updateEventSchema>;

export const rsvpSchema = z.strictObject({
  status: z.enum(registrationAnswers),
  answers: z.record(z.string().max(64), z.string().trim().max(limits.answerMax)).default({}).describe('Question index (as a string) → answer')
});
export type RsvpInput = z.input<typeof rsvpSchema>;

export const feedbackSchema = z.strictObject({
  rating: z.number().int().min(1, 'events.errors.rating').max(5, 'events.errors.rating'),
  comment: optionalText(limits.feedbackMax)
});
export type FeedbackInput = z.input<typeof feedbackSchema>;

/** An ISO time to epoch ms: with an offset as written, without one on `timeZone`'s clock; null if unreadable. */
export function instant(value: string, timeZone: string): number | null {
  const parsed = DateTime.fromISO(value, { zone: timeZone });
  return parsed.isValid ? parsed.toMillis() : null;
}

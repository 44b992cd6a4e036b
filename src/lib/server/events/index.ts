export * from './events';
export * from './registrations';
export { whenText } from './announce';
export { createEventSchema, updateEventSchema, rsvpSchema, feedbackSchema, type CreateEventInput, type UpdateEventInput, type RsvpInput } from './schemas';
export { isTimeZone, occurrences, toRRule, type SeriesRule } from './recurrence';

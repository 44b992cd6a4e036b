// /api/v1 for activities: the agenda, scheduling and changing events (one occurrence or a series),
// registration with its waitlist, what organisers do after the event, the frequency guard and the
// member's calendar address. The type checks at the end keep the shapes equal to the domain's.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { limits } from '../../shared/limits';
import { eventAudiences, eventFormats, eventKinds } from '../../shared/events';
import type { EventListItem, EventLoad, EventView, FeedbackSummary, Material, Participant } from '../events';
import { createEventSchema, feedbackSchema, rsvpSchema, updateEventSchema } from '../events';
import { instant, timeZoneSchema } from '../events/schemas';
import { config } from '../config';
import { invalid } from '../errors';
import { pageOf, pageQuery } from './pagination';
import { defineOperation, ok, done, type Same, type Assert } from './registry';
import { parseQuery } from './validate';

const eventParams = z.object({ id: z.string().describe('The event’s (or occurrence’s) id') });
const participantParams = eventParams.extend({ userId: z.string().describe('The participant’s user id') });
const materialParams = eventParams.extend({ materialId: z.string().describe('The material’s id') });

const statusSchema = z.enum(['scheduled', 'cancelled']);
const registrationStatusSchema = z.enum(['going', 'maybe', 'not_going', 'waitlisted']);
const myStatusSchema = z.string().nullable().describe('The caller’s registration: going, maybe, not_going, waitlisted; null when none');

/** An ISO 8601 time in a query string, to epoch ms; without an offset it is read in UTC. */
const isoTime = z
  .string()
  .trim()
  .max(40)
  .refine((value) => DateTime.fromISO(value, { zone: 'utc' }).isValid, 'events.errors.bad_time')
  .transform((value) => DateTime.fromISO(value, { zone: 'utc' }).toMillis());

export const eventListItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(eventKinds),
  format: z.enum(eventFormats),
  startsAt: z.number().describe('Epoch milliseconds'),
  endsAt: z.number().describe('Epoch milliseconds'),
  timeZone: z.string().describe('The IANA time zone it is planned in'),
  status: statusSchema,
  audience: z.enum(eventAudiences),
  language: z.enum(['fr', 'en']),
  seriesId: z.string().nullable().describe('The recurring series it belongs to'),
  hosts: z.array(z.object({ slug: z.string(), name: z.string() })).describe('The hosting communities the caller may know of'),
  going: z.number().int(),
  capacity: z.number().int().nullable(),
  myStatus: myStatusSchema
});

export const eventViewSchema = eventListItemSchema.extend({
  description: z.string().describe('The Markdown source'),
  descriptionHtml: z.string(),
  address: z.string().nullable(),
  meetingUrl: z.string().nullable().describe('Only for participants who are going and for those who run the event'),
  registrationDeadline: z.number().nullable(),
  recordingUrl: z.string().nullable(),
  questions: z.array(z.object({ label: z.string(), required: z.boolean() })).describe('Asked at registration; answers are keyed by index'),
  reminders: z.array(z.number()).describe('Minutes before the start'),
  tags: z.array(z.string()),
  presenters: z.array(z.object({ name: z.string(), handle: z.string().nullable(), affiliation: z.string().nullable(), bio: z.string().nullable() })),
  organisers: z.array(z.object({ name: z.string(), handle: z.string().nullable() })),
  maybe: z.number().int(),
  waitlisted: z.number().int(),
  placesLeft: z.number().int().nullable().describe('null without a capacity'),
  series: z.array(z.object({ id: z.string(), startsAt: z.number(), status: statusSchema })).describe('The other occurrences of its series the caller may see, in order'),
  sequence: z.number().int().describe('The iCalendar SEQUENCE: raised by every change participants are told of'),
  viewer: z.object({
    signedIn: z.boolean(),
    canRegister: z.boolean(),
    canManage: z.boolean(),
    canGiveFeedback: z.boolean(),
    status: myStatusSchema,
    answers: z.record(z.string(), z.string()),
    waitlistPosition: z.number().int().nullable().describe('Where the caller stands on the waitlist (1 is next), or null')
  })
});

export const occurrenceSchema = z.object({ id: z.string(), startsAt: z.number(), status: statusSchema });

export const participantSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  handle: z.string().nullable(),
  status: registrationStatusSchema,
  answers: z.record(z.string(), z.string()),
  attended: z.boolean().nullable().describe('null until marked'),
  registeredAt: z.number()
});

export const feedbackSummarySchema = z.object({
  formId: z.string().describe('The event’s feedback form: every answer, with charts and the CSV, at /forms/{id}/results'),
  count: z.number().int(),
  average: z.number().nullable().describe('The satisfaction question’s average, one decimal; null without feedback'),
  ratings: z.array(z.number().int()).describe('How many gave 1, 2, 3, 4 and 5 to the satisfaction question'),
  comments: z.array(z.string()).describe('The answers to “Anything else?”, without names; the other questions are in the form’s results')
});

export const materialSchema = z.object({ id: z.string(), kind: z.enum(['link', 'file']), title: z.string(), url: z.string().describe('The link, or where the file is served'), fileName: z.string().nullable(), size: z.number().int().nullable() });

export const eventLoadSchema = z.object({
  members: z.number().int().describe('Members of the host communities'),
  busiest: z.number().int().describe('The most activities any of them already has within two weeks either side'),
  average: z.number(),
  overLimit: z.number().int().describe('How many are already at or past the threshold'),
  limit: z.number().int().describe('The lowest threshold the host communities set')
});

const createdSchema = z.object({
  id: z.string().describe('The event, or the first occurrence of a series'),
  seriesId: z.string().nullable(),
  occurrences: z.number().int()
});

export const agendaQuery = pageQuery.extend({
  community: z.string().trim().max(limits.slugMax).optional().describe('One community’s agenda (its slug); every event the caller may see otherwise'),
  when: z.enum(['upcoming', 'past']).default('upcoming').describe('upcoming: not ended yet, soonest first; past: latest first'),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('Only the caller’s communities’ events and those they registered for'),
  from: isoTime.optional().describe('ISO 8601: only events ending at or after it (without an offset, UTC)'),
  to: isoTime.optional().describe('ISO 8601: only events starting before it (without an offset, UTC)')
});
export const cancelQuery = z.object({
  scope: z.enum(['one', 'following']).default('one').describe('For an occurrence of a series: this one only, or this one and those after it')
});
export const loadQuery = z.object({
  communities: z
    .string()
    .trim()
    .min(1)
    .max(10 * (limits.slugMax + 1))
    .transform((value) => value.split(',').map((slug) => slug.trim()).filter(Boolean))
    .describe('Host communities’ slugs, separated by commas'),
  startsAt: z.string().trim().min(1).max(40).describe('ISO 8601; without an offset, read in `timeZone`'),
  timeZone: timeZoneSchema.optional().describe('IANA name; the instance’s time zone when left out')
});
export const attendanceBody = z.strictObject({ attended: z.boolean().nullable().describe('null to unmark') });
export const materialBody = z.strictObject({
  title: z.string().trim().min(1, 'events.errors.material_title').max(200),
  url: z.string().trim().max(limits.linkUrlMax).describe('http(s) link to slides, a recording or a resource')
});

/** The frequency guard's question: which communities, and when (on the instance's clock unless told). */
export function loadInput(url: URL): { slugs: string[]; startsAt: number } {
  const query = parseQuery(url, loadQuery);
  const startsAt = instant(query.startsAt, query.timeZone ?? config().timeZone);
  if (startsAt === null) throw invalid([{ path: 'startsAt', message: 'events.errors.bad_time' }]);
  if (query.communities.length === 0) throw invalid([{ path: 'communities', message: 'events.errors.community_required' }]);
  return { slugs: query.communities, startsAt };
}

/** The series an event belongs to as the caller may see it, the event itself included, in order. */
export function occurrencesOf(view: EventView): z.output<typeof occurrenceSchema>[] {
  return [{ id: view.id, startsAt: view.startsAt, status: view.status }, ...view.series].sort((a, b) => a.startsAt - b.startsAt);
}

const tags = ['events'];
const whole = (item: z.ZodType) => pageOf(item).describe('The whole list in one page: nextCursor is always null');

export const eventOperations = [
  defineOperation({
    method: 'get', path: '/events', operationId: 'listEvents', summary: 'The agenda: events the caller may see, upcoming or past',
    description: 'Visitors get public events of communities they may know of. `from`/`to` bound a month view.',
    tags, auth: 'none', query: agendaQuery, responses: ok('A page of events', pageOf(eventListItemSchema))
  }),
  defineOperation({
    method: 'post', path: '/events', operationId: 'createEvent', summary: 'Schedule an event, or a recurring series, in communities the caller animates',
    description: 'Every host community must be animated by the caller (co-hosting). A series makes one event per occurrence, each with its own registrations.',
    tags, auth: 'member', body: createEventSchema, responses: { 201: { description: 'Scheduled', schema: createdSchema } }
  }),
  defineOperation({
    method: 'get', path: '/events/load', operationId: 'getEventLoad', summary: 'The frequency guard: how busy the host communities’ members already are around a date',
    description: 'For animators of every community given. Counts scheduled activities two weeks either side; nothing is refused.',
    tags, auth: 'member', query: loadQuery, responses: ok('The load', eventLoadSchema)
  }),
  defineOperation({
    method: 'get', path: '/events/{id}', operationId: 'getEvent', summary: 'An event',
    description: 'The meeting link is given only to participants who are going and to those who run the event.',
    tags, auth: 'none', params: eventParams, responses: ok('The event', eventViewSchema)
  }),
  defineOperation({
    method: 'patch', path: '/events/{id}', operationId: 'updateEvent', summary: 'Change an event, or an occurrence and those after it (its organisers and animators)',
    description: 'A change of time, place, link or title raises `sequence` and is announced to those registered. A capacity below the number going is refused.',
    tags, auth: 'member', params: eventParams, body: updateEventSchema, responses: ok('The event as changed', eventViewSchema)
  }),
  defineOperation({
    method: 'delete', path: '/events/{id}', operationId: 'cancelEvent', summary: 'Cancel an event, or an occurrence and those after it; those registered are told',
    tags, auth: 'member', params: eventParams, query: cancelQuery, responses: done('Cancelled')
  }),
  defineOperation({
    method: 'get', path: '/events/{id}/occurrences', operationId: 'listOccurrences', summary: 'The occurrences of the event’s series the caller may see, this one included',
    description: 'An event outside a series is its only occurrence.',
    tags, auth: 'none', params: eventParams, responses: ok('The occurrences, in order', whole(occurrenceSchema))
  }),
  defineOperation({
    method: 'put', path: '/events/{id}/rsvp', operationId: 'rsvp', summary: 'Answer: going, maybe or not going',
    description: 'Going when the event is full puts the caller on the waitlist (`position` counts from 1); a place that frees goes to the first waiting. Not going frees the caller’s place.',
    tags, auth: 'member', params: eventParams, body: rsvpSchema,
    responses: ok('The caller’s registration', z.object({ status: registrationStatusSchema, position: z.number().int().nullable().describe('On the waitlist only') }))
  }),
  defineOperation({
    method: 'get', path: '/events/{id}/participants', operationId: 'listParticipants', summary: 'Everyone who answered, with their answers and attendance (organisers and animators)',
    tags, auth: 'member', params: eventParams, responses: ok('Going first, then maybe, waiting and not going', whole(participantSchema))
  }),
  defineOperation({
    method: 'put', path: '/events/{id}/participants/{userId}/attendance', operationId: 'markAttendance', summary: 'Mark whether a participant came (organisers and animators)',
    tags, auth: 'member', params: participantParams, body: attendanceBody, responses: done('Marked')
  }),
  defineOperation({
    method: 'post', path: '/events/{id}/feedback', operationId: 'giveFeedback', summary: 'Rate the event (1–5) with an optional comment; giving it again replaces them',
    description: 'For participants who were going, once it has started. The rating and the comment are the answers to the satisfaction and “Anything else?” questions of the event’s feedback form (see `getFeedbackSummary`’s `formId`); the other answers the participant gave there stay. The whole form is answered with `POST /forms/{id}/responses`.',
    tags, auth: 'member', params: eventParams, body: feedbackSchema, responses: done('Recorded')
  }),
  defineOperation({
    method: 'get', path: '/events/{id}/feedback', operationId: 'getFeedbackSummary', summary: 'The feedback in aggregate, comments without names (organisers and animators)',
    description: 'Makes the event’s feedback form if it has none yet. Every question’s results are at `GET /forms/{formId}/results` and `/forms/{formId}/results.csv`.',
    tags, auth: 'member', params: eventParams, responses: ok('The summary', feedbackSummarySchema)
  }),
  defineOperation({
    method: 'get', path: '/events/{id}/materials', operationId: 'listMaterials', summary: 'Slides, recordings and resources attached to the event',
    tags, auth: 'none', params: eventParams, responses: ok('In the order they were added', whole(materialSchema))
  }),
  defineOperation({
    method: 'post', path: '/events/{id}/materials', operationId: 'addMaterial', summary: 'Attach a link to the event (organisers and animators)',
    tags, auth: 'member', params: eventParams, body: materialBody, responses: { 201: { description: 'Added', schema: z.object({ id: z.string() }) } }
  }),
  defineOperation({
    method: 'delete', path: '/events/{id}/materials/{materialId}', operationId: 'removeMaterial', summary: 'Remove a material (organisers and animators)',
    tags, auth: 'member', params: materialParams, responses: done('Removed')
  }),
  defineOperation({
    method: 'post', path: '/me/calendar', operationId: 'createCalendarFeed', summary: 'A new secret address for the caller’s calendar feed; the previous one stops working',
    description: 'The feed holds the caller’s communities’ events and those they registered for. The address is shown once.',
    tags, auth: 'member', responses: { 201: { description: 'Made', schema: z.object({ url: z.string().describe('The .ics address to subscribe to') }) } }
  }),
  defineOperation({
    method: 'delete', path: '/me/calendar', operationId: 'revokeCalendarFeed', summary: 'End the caller’s calendar feed address',
    tags, auth: 'member', responses: done('Revoked')
  })
];

// The shapes above must be the domain's own: a field added there without its schema fails here.
export type _SchemasMatchTheDomain = [
  Assert<Same<z.output<typeof eventListItemSchema>, EventListItem>>,
  Assert<Same<z.output<typeof eventViewSchema>, EventView>>,
  Assert<Same<z.output<typeof participantSchema>, Participant>>,
  Assert<Same<z.output<typeof feedbackSummarySchema>, FeedbackSummary>>,
  Assert<Same<z.output<typeof materialSchema>, Material>>,
  Assert<Same<z.output<typeof eventLoadSchema>, EventLoad>>
];

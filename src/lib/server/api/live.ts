// /api/v1 for an activity's live questions (issue 18, use 4): the session as the caller may see it,
// its stream of Server-Sent Events, the animator's questions and moves, and a participant's answer.
// The type check at the end keeps the shape equal to what the domain returns.
import { z } from 'zod';
import { liveScorings } from '../../shared/live';
import { answerSchema, controlSchema, questionSchema, type LiveView } from '../quiz';
import { defineOperation, ok, type Assert, type Same } from './registry';

const eventParams = z.object({ id: z.string().describe('The event’s id') });
const questionParams = eventParams.extend({ questionId: z.string() });

const question = z.object({
  id: z.string(),
  number: z.number().int().describe('Its place among the questions, from 1'),
  prompt: z.string(),
  options: z.array(z.string()),
  kind: z.enum(['quiz', 'poll']).describe('quiz: it has a right answer; poll: it has none')
});

export const liveSchema = z.object({
  eventId: z.string(),
  eventTitle: z.string(),
  status: z.enum(['none', 'draft', 'running', 'finished']).describe('none until a question is written'),
  scoring: z.enum(liveScorings).describe('named: the scoreboard shows first names; anonymous: each participant sees only their own score'),
  questionCount: z.number().int(),
  current: question
    .extend({
      phase: z.enum(['answering', 'revealed']),
      myChoice: z.number().int().nullable(),
      answerCount: z.number().int().nullable().describe('null for participants until revealed'),
      counts: z.array(z.number().int()).nullable().describe('Answers per choice; null for participants until revealed'),
      correct: z.number().int().nullable().describe('The right choice of a quiz question: null for participants until revealed')
    })
    .nullable()
    .describe('The question shown; null before the start'),
  score: z.object({ points: z.number().int(), of: z.number().int() }).nullable().describe('The caller’s right answers over the quiz questions revealed so far'),
  board: z.array(z.object({ name: z.string().describe('First name'), points: z.number().int() })).nullable().describe('The best ten, with named scoring only'),
  questions: z.array(question.extend({ correct: z.number().int().nullable() })).nullable().describe('Every question, for whoever runs it only'),
  participants: z.number().int().nullable().describe('How many answered at least once, for whoever runs it only'),
  can: z.object({ answer: z.boolean(), run: z.boolean() })
});

const tags = ['events'];
const asNow = ok('The session as it is now, as the caller may see it', liveSchema);

export const liveOperations = [
  defineOperation({
    method: 'get', path: '/events/{id}/live', operationId: 'getLive', summary: 'An activity’s live questions, as the caller may see them',
    tags, auth: 'none', params: eventParams, responses: ok('The session', liveSchema)
  }),
  defineOperation({
    method: 'get', path: '/events/{id}/live/stream', operationId: 'streamLive', summary: 'The live questions as Server-Sent Events',
    description: 'A `live` event carrying the session (as GET …/live answers it, for the caller) when the stream opens and after every change; a comment line every 25 s keeps it open. Whoever may not see the event gets 404.',
    tags, auth: 'none', params: eventParams, responses: { 200: { description: 'text/event-stream: `event: live` with the session as data' } }
  }),
  defineOperation({
    method: 'post', path: '/events/{id}/live/questions', operationId: 'addLiveQuestion', summary: 'Add a question at the end (whoever runs the event)',
    description: 'The session is made with its first question. A finished session takes no more (409).',
    tags, auth: 'member', params: eventParams, body: questionSchema, responses: asNow
  }),
  defineOperation({
    method: 'delete', path: '/events/{id}/live/questions/{questionId}', operationId: 'removeLiveQuestion', summary: 'Remove a question not shown yet',
    tags, auth: 'member', params: questionParams, responses: asNow
  }),
  defineOperation({
    method: 'post', path: '/events/{id}/live/control', operationId: 'controlLive', summary: 'Start, reveal, move to the next question, or finish',
    description: 'A move the session is not ready for (revealing twice, next after the last question) is refused with 409 and the reason.',
    tags, auth: 'member', params: eventParams, body: controlSchema, responses: asNow
  }),
  defineOperation({
    method: 'put', path: '/events/{id}/live/answer', operationId: 'answerLive', summary: 'Answer the question shown, replacing one’s answer until it is revealed',
    description: 'For a participant: registered as going, or a member of a host community. An answer to a question no longer shown is refused (409).',
    tags, auth: 'member', params: eventParams, body: answerSchema, responses: asNow
  })
];

export type _SchemasMatchTheDomain = [Assert<Same<z.output<typeof liveSchema>, LiveView>>];

// /api/v1 for the poll a publication may carry (issue 18, use 3): reading it, voting (PUT replaces
// the caller's vote, DELETE takes it back) and its counts as a stream of Server-Sent Events. A poll
// is written with its publication (`poll` in POST /communities/{slug}/posts). The type check at the
// end keeps the shape equal to what the domain returns.
import { z } from 'zod';
import { pollResultsVisibilities } from '../../shared/polls';
import { voteSchema, type PollView } from '../polls';
import { pollsPerStream } from '../polls/stream';
import { defineOperation, ok, type Assert, type Same } from './registry';

const postParams = z.object({ id: z.string().describe('The publication’s id') });

export const pollSchema = z.object({
  postId: z.string().describe('The publication carrying it'),
  options: z
    .array(z.object({ id: z.string(), label: z.string(), votes: z.number().int().nullable().describe('null unless the caller may see the counts') }))
    .describe('In their order'),
  multiple: z.boolean().describe('Several options may be chosen'),
  closesAt: z.number().nullable().describe('Epoch milliseconds; null while it stays open'),
  closed: z.boolean(),
  resultsVisibility: z.enum(pollResultsVisibilities).describe('Counts shown to those who voted, or to everyone once closed; its community’s animators always see them'),
  voterCount: z.number().int().nullable().describe('Members who voted; null unless the caller may see the counts'),
  myChoice: z.array(z.string()).describe('The options the caller chose'),
  canVote: z.boolean().describe('Open, and the caller may take part in the publication'),
  resultsVisible: z.boolean().describe('Whether the counts are given to the caller')
});

const tags = ['posts'];

export const pollOperations = [
  defineOperation({
    method: 'get', path: '/posts/{id}/poll', operationId: 'getPoll', summary: 'The poll a publication carries, with the counts the caller may see',
    tags, auth: 'none', params: postParams, responses: ok('The poll', pollSchema)
  }),
  defineOperation({
    method: 'put', path: '/posts/{id}/poll/vote', operationId: 'votePoll', summary: 'Vote, replacing the caller’s earlier vote; changeable until it closes',
    description: 'One option for a single-choice poll. A closed poll (or a locked publication) takes no more votes (403).',
    tags, auth: 'member', params: postParams, body: voteSchema, responses: ok('The poll as it is now', pollSchema)
  }),
  defineOperation({
    method: 'delete', path: '/posts/{id}/poll/vote', operationId: 'withdrawPollVote', summary: 'Take back one’s vote while the poll is open',
    tags, auth: 'member', params: postParams, responses: ok('The poll as it is now', pollSchema)
  }),
  defineOperation({
    method: 'get', path: '/posts/{id}/poll/stream', operationId: 'streamPoll', summary: 'The poll’s counts, live, as Server-Sent Events',
    description:
      'A `poll` event carrying the poll (as GET …/poll answers it, for the caller) when the stream opens and after every vote; a comment line every 25 s keeps it open. Whoever may not read the publication gets 404.',
    tags, auth: 'none', params: postParams,
    responses: { 200: { description: 'text/event-stream: `event: poll` with the poll as data' } }
  }),
  defineOperation({
    method: 'get', path: '/polls/stream', operationId: 'streamPolls', summary: 'Several polls’ counts, live, on one connection',
    description: `For a page showing several polls (a feed): a \`poll\` event for each when the stream opens, then one for each poll after it takes a vote. The data is the poll as GET /posts/{id}/poll gives it. Publications the caller may not read, or carrying no poll, are left out. 1 to ${pollsPerStream} publications.`,
    tags, auth: 'none', query: z.object({ posts: z.string().describe('Publication ids, separated by commas') }),
    responses: { 200: { description: 'text/event-stream: `event: poll` with one poll as data' } }
  })
];

export type _SchemasMatchTheDomain = [Assert<Same<z.output<typeof pollSchema>, PollView>>];

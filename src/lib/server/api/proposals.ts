// /api/v1 for topic proposals (issue 18): a community's proposals, proposing one, one proposal,
// supporting it and offering to help, the animators' decision and the community's support limit.
// A proposal is a publication: editing, deleting and commenting stay on /posts/{id}. The type
// checks at the end keep the shapes equal to what the domain returns.
import { z } from 'zod';
import { createPostSchema } from '../posts/schemas';
import { decisionSchema, listProposalsSchema, proposalStatuses, proposalTargetSchema, supportLimitSchema, type ProposalSummary } from '../proposals';
import type { ProposalDetail } from '../proposals/detail';
import { pageOf } from './pagination';
import { defineOperation, ok, type Assert, type Same } from './registry';

const slugParams = z.object({ slug: z.string().describe('The community’s address, e.g. `reseau-ocean`') });
const proposalParams = z.object({ id: z.string().describe('The proposal’s id: its publication’s') });

const statusSchema = z.enum(proposalStatuses);
const authorSchema = z.object({ id: z.string(), name: z.string() }).nullable().describe('null once the account is gone');

export const proposalSummarySchema = z.object({
  postId: z.string().describe('The publication’s id'),
  title: z.string(),
  target: proposalTargetSchema,
  status: statusSchema,
  supportCount: z.number().int(),
  volunteerCount: z.number().int(),
  commentCount: z.number().int(),
  author: authorSchema,
  createdAt: z.number().describe('Epoch milliseconds'),
  decisionReason: z.string().nullable().describe('Why it was declined'),
  eventId: z.string().nullable().describe('The event made of it, once planned'),
  supported: z.boolean().describe('The caller supports it')
});

export const proposalSchema = z.object({
  postId: z.string().describe('The publication’s id: its comments are at /posts/{id}/comments'),
  title: z.string(),
  body: z.string().describe('Markdown'),
  bodyHtml: z.string(),
  language: z.enum(['fr', 'en']),
  author: authorSchema,
  community: z.object({ slug: z.string(), name: z.string() }).describe('Where it was proposed, or the first of its communities the caller may read'),
  createdAt: z.number().describe('Epoch milliseconds'),
  commentCount: z.number().int(),
  locked: z.boolean().describe('A locked publication takes no more supports'),
  target: proposalTargetSchema,
  status: statusSchema,
  decisionReason: z.string().nullable().describe('Why it was declined, told to the proposer'),
  decidedAt: z.number().nullable().describe('Epoch milliseconds'),
  event: z.object({ id: z.string(), title: z.string(), startsAt: z.number() }).nullable().describe('The event made of it, when planned and readable by the caller'),
  supportCount: z.number().int(),
  volunteerCount: z.number().int(),
  supported: z.boolean().describe('The caller supports it'),
  volunteered: z.boolean().describe('The caller offered to help'),
  volunteers: z.array(z.object({ id: z.string(), name: z.string() })).describe('Who offered to help, first first (50 at most); who supports stays a count'),
  supportLimit: z.number().int().nullable().describe('Open proposals each member may support at once in its community; null for no limit'),
  supportsLeft: z.number().int().nullable().describe('How many more the caller may support; null without a limit'),
  can: z.object({ support: z.boolean().describe('Support it or offer to help: open, and the caller may take part'), decide: z.boolean() })
});

/** What proposing takes: a publication's words, of kind `proposal`. */
export const proposeBody = createPostSchema.pick({ title: true, body: true, language: true, proposalFor: true });
const supportLimitAnswer = z.object({ limit: z.number().int().nullable() });

const tags = ['proposals'];
const answer = (description: string) => ok(description, proposalSchema);

export const proposalOperations = [
  defineOperation({
    method: 'get', path: '/communities/{slug}/proposals', operationId: 'listProposals', summary: 'A community’s topic proposals of one status, most supported (or newest) first',
    description: 'For those who may read the community’s content.',
    tags, auth: 'none', params: slugParams, query: listProposalsSchema, responses: ok('A page of proposals', pageOf(proposalSummarySchema))
  }),
  defineOperation({
    method: 'post', path: '/communities/{slug}/proposals', operationId: 'createProposal', summary: 'Propose a topic for a future activity or resource',
    description: 'Written as a publication of kind `proposal` (the same as `POST /communities/{slug}/posts` with that kind): its members may support it and comment on it.',
    tags, auth: 'member', params: slugParams, body: proposeBody, responses: { 201: { description: 'Proposed', schema: proposalSchema } }
  }),
  defineOperation({
    method: 'put', path: '/communities/{slug}/proposal-settings', operationId: 'setProposalSettings', summary: 'How many open proposals each member may support at once (animators)',
    description: 'With no limit (null) it is approval voting; with a limit, each member picks their favourites. Supports already given stay.',
    tags, auth: 'member', params: slugParams, body: supportLimitSchema, responses: ok('The limit now', supportLimitAnswer)
  }),
  defineOperation({
    method: 'get', path: '/proposals/{id}', operationId: 'getProposal', summary: 'A topic proposal, its supports, volunteers and decision',
    tags, auth: 'none', params: proposalParams, responses: answer('The proposal')
  }),
  defineOperation({
    method: 'put', path: '/proposals/{id}/support', operationId: 'supportProposal', summary: 'Support an open proposal; once per member, however often it is sent',
    description: 'Beyond the community’s limit of open supports per member, 409. A decided proposal takes no more supports (403).',
    tags, auth: 'member', params: proposalParams, responses: answer('The proposal as it is now')
  }),
  defineOperation({
    method: 'delete', path: '/proposals/{id}/support', operationId: 'withdrawSupport', summary: 'Take one’s support back, whatever the proposal’s status',
    tags, auth: 'member', params: proposalParams, responses: answer('The proposal as it is now')
  }),
  defineOperation({
    method: 'put', path: '/proposals/{id}/volunteer', operationId: 'volunteerForProposal', summary: 'Offer to help with an open proposal; the caller’s name is shown to its readers',
    tags, auth: 'member', params: proposalParams, responses: answer('The proposal as it is now')
  }),
  defineOperation({
    method: 'delete', path: '/proposals/{id}/volunteer', operationId: 'withdrawVolunteer', summary: 'Take back one’s offer to help',
    tags, auth: 'member', params: proposalParams, responses: answer('The proposal as it is now')
  }),
  defineOperation({
    method: 'post', path: '/proposals/{id}/decision', operationId: 'decideProposal', summary: 'Plan, decline or reopen a proposal (its community’s animators)',
    description: 'Planned may name the event made of it, which its community must host; declined needs a reason, told to the proposer. To plan it with a new event, create the event with `proposal`.',
    tags, auth: 'member', params: proposalParams, body: decisionSchema, responses: answer('The proposal as decided')
  })
];

export type _SchemasMatchTheDomain = [
  Assert<Same<z.output<typeof proposalSummarySchema>, ProposalSummary>>,
  Assert<Same<z.output<typeof proposalSchema>, ProposalDetail>>
];

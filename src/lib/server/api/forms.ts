// /api/v1 for the forms engine (issue 18): a community's forms, one form with its questions, drafting
// and changing one, opening and closing it, answering it, one's own answer, the results and the CSV.
// The type checks at the end keep the shapes equal to what the domain returns.
import { z } from 'zod';
import { createFormSchema, listFormsSchema, resultsFilterSchema, updateFormSchema, answersInput, definitionSchema, type FormResults, type FormSummary, type FormView, type WelcomePrompt } from '../forms';
import { pageOf } from './pagination';
import { defineOperation, done, ok, type Assert, type Same } from './registry';

const formParams = z.object({ id: z.string().describe('The form’s id') });
const communityParams = z.object({ slug: z.string().describe('The community’s slug') });

export const formSummarySchema = z.object({
  id: z.string(),
  community: z.object({ slug: z.string(), name: z.string() }),
  purpose: z.enum(['survey', 'welcome', 'feedback', 'poll', 'quiz']),
  title: z.string(),
  status: z.enum(['draft', 'open', 'closed']),
  accepting: z.boolean().describe('Open and within its dates: answers are taken now'),
  anonymous: z.boolean().describe('Responses are stored without who gave them'),
  audience: z.enum(['members', 'public']),
  opensAt: z.number().nullable().describe('Epoch milliseconds'),
  closesAt: z.number().nullable().describe('Epoch milliseconds'),
  responses: z.number().int(),
  createdAt: z.number()
});

export const formViewSchema = formSummarySchema.extend({
  description: z.string().describe('Markdown'),
  descriptionHtml: z.string(),
  language: z.enum(['fr', 'en']),
  resultsVisibleTo: z.enum(['animators', 'respondents']),
  version: z.number().int().describe('The version now asked; responses keep the version they answered'),
  remindedAt: z.number().nullable().describe('When those who had not answered were reminded (once per form), epoch milliseconds'),
  definition: definitionSchema.describe('The questions'),
  responded: z.boolean().describe('The caller answered (for an anonymous form, only that they did)'),
  subject: z
    .object({ kind: z.literal('event'), id: z.string() })
    .nullable()
    .describe('What a feedback form is about: the event (its participants who went answer it, its organisers read the results); null for a survey'),
  may: z.object({ respond: z.boolean(), manage: z.boolean(), results: z.boolean() })
});

const choiceCountSchema = z.object({ id: z.string(), label: z.string(), count: z.number().int(), share: z.number().describe('Of those who answered the question, 0 to 1') });
export const welcomePromptSchema = z
  .object({
    formId: z.string(),
    title: z.string(),
    askedAgain: z.boolean().describe('Put off once already: this is the last time it is asked')
  })
  .nullable();

export const formResultsSchema = z.object({
  responses: z.number().int(),
  suppressed: z.boolean().describe('The filtered group is smaller than `smallestGroup`: nothing of it is shown'),
  questions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['section', 'single', 'multiple', 'scale', 'ranking', 'short_text', 'long_text', 'yes_no', 'date']),
      label: z.string(),
      answered: z.number().int(),
      counts: z.array(choiceCountSchema).describe('Choices, yes/no, or each value of a scale'),
      average: z.number().nullable().describe('A scale’s mean'),
      ranks: z.array(z.object({ id: z.string(), label: z.string(), meanRank: z.number() })).describe('A ranking’s choices by mean rank, first first'),
      texts: z.array(z.string()).describe('Free-text answers and “other” texts, newest first, at most 200'),
      textCount: z.number().int()
    })
  ),
  segments: z.object({
    role: z.array(z.object({ value: z.string(), count: z.number().int() })),
    region: z.array(z.object({ value: z.string(), count: z.number().int() })),
    organisation: z.array(z.object({ value: z.string(), count: z.number().int() }))
  }).describe('The values one may filter by: only groups of at least `smallestGroup`'),
  smallestGroup: z.number().int()
});

const myResponseSchema = z
  .object({
    answers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.number()])),
    other: z.record(z.string(), z.string()),
    submittedAt: z.number(),
    updatedAt: z.number()
  })
  .nullable();

export const statusBody = z.strictObject({ status: z.enum(['open', 'closed']) });
export const respondBody = answersInput.extend({ website: z.string().max(200).optional().describe('Leave empty (a field hidden from people, filled by robots)') });
const resultsQuery = resultsFilterSchema;

const tags = ['forms'];

export const formOperations = [
  defineOperation({
    method: 'get', path: '/communities/{slug}/forms', operationId: 'listForms', summary: 'A community’s surveys and forms, newest first',
    description: 'Drafts only for its animators; a private community’s forms only for its members.',
    tags, auth: 'none', params: communityParams, query: listFormsSchema, responses: ok('A page of forms', pageOf(formSummarySchema))
  }),
  defineOperation({
    method: 'post', path: '/communities/{slug}/forms', operationId: 'createForm', summary: 'Draft a survey (animators)',
    description: 'It starts as a draft: open it with `PUT /forms/{id}/status`. `audience: public` needs a public community.',
    tags, auth: 'member', params: communityParams, body: createFormSchema, responses: { 201: { description: 'Drafted', schema: z.object({ id: z.string() }) } }
  }),
  defineOperation({
    method: 'get', path: '/communities/{slug}/welcome-survey', operationId: 'readWelcomeSurvey', summary: 'The welcome survey to ask the caller now, or null',
    description: 'A community’s open welcome survey is asked of each member who joined after it was written, until they answer it or put it off twice (the second time a week after the first).',
    tags, auth: 'member', params: communityParams, responses: ok('The survey to ask, or null', welcomePromptSchema)
  }),
  defineOperation({
    method: 'post', path: '/forms/{id}/skip', operationId: 'skipWelcomeSurvey', summary: 'Put off a welcome survey (“not now”)',
    description: 'Asked again a week later, once; after the second time it is not asked again. Only for a welcome survey the caller is asked (409 otherwise).',
    tags, auth: 'member', params: formParams, responses: done('Put off')
  }),
  defineOperation({
    method: 'get', path: '/forms/{id}', operationId: 'readForm', summary: 'A form with its questions and what the caller may do',
    tags, auth: 'none', params: formParams, responses: ok('The form', formViewSchema)
  }),
  defineOperation({
    method: 'patch', path: '/forms/{id}', operationId: 'updateForm', summary: 'Change a form (animators); fields left out stay as they are',
    description: 'Changing the questions of a form someone answered makes a new version; older responses keep theirs. Whether it is anonymous cannot change once answered (409).',
    tags, auth: 'member', params: formParams, body: updateFormSchema, responses: ok('The form as changed', formViewSchema)
  }),
  defineOperation({
    method: 'delete', path: '/forms/{id}', operationId: 'deleteForm', summary: 'Delete a form and its responses (animators)',
    tags, auth: 'member', params: formParams, responses: done('Deleted')
  }),
  defineOperation({
    method: 'put', path: '/forms/{id}/status', operationId: 'setFormStatus', summary: 'Open a form to responses, or close it (animators)',
    tags, auth: 'member', params: formParams, body: statusBody, responses: done('Done')
  }),
  defineOperation({
    method: 'post', path: '/forms/{id}/reminders', operationId: 'remindFormNonRespondents', summary: 'Remind the members who have not answered (animators, once per form)',
    description: 'Only while the form takes answers. Each member is told through their notification choices and weekly email ceiling; a second reminder is refused (409).',
    tags, auth: 'member', params: formParams, responses: ok('Sent', z.object({ remindedAt: z.number() }))
  }),
  defineOperation({
    method: 'post', path: '/forms/{id}/responses', operationId: 'respondToForm', summary: 'Answer a form; answering again replaces a named response',
    description:
      'Each answer is a choice id, several (multiple choice), a number (scale), every choice id in order (ranking), a text, `yes`/`no`, or a date YYYY-MM-DD; `other` holds the text of “other, please specify”. An anonymous form takes one response per member (409 the second time). Visitors may answer public forms, 20 an hour per address.',
    tags, auth: 'none', params: formParams, body: respondBody, responses: ok('Recorded', z.object({ replaced: z.boolean() }))
  }),
  defineOperation({
    method: 'get', path: '/forms/{id}/responses/mine', operationId: 'readMyResponse', summary: 'The caller’s own named response, or null',
    description: 'An anonymous response is never linked to its author: null.',
    tags, auth: 'member', params: formParams, responses: ok('The response', myResponseSchema)
  }),
  defineOperation({
    method: 'get', path: '/forms/{id}/results', operationId: 'readFormResults', summary: 'Counts, shares, averages and free-text answers per question',
    description: 'Animators and stewards; respondents too when the form says so. A filter that leaves fewer than five responses shows nothing.',
    tags, auth: 'none', params: formParams, query: resultsQuery, responses: ok('The results', formResultsSchema)
  }),
  defineOperation({
    method: 'get', path: '/forms/{id}/results.csv', operationId: 'exportFormResponses', summary: 'Every response as CSV, one column per question',
    description: 'UTF-8 with a byte-order mark, as spreadsheet programs expect; a named form has a member column, an anonymous one never.',
    tags, auth: 'none', params: formParams, responses: ok('The file (`text/csv`, as an attachment)')
  })
];

export type _SchemasMatchTheDomain = [
  Assert<Same<z.output<typeof formSummarySchema>, FormSummary>>,
  Assert<Same<z.output<typeof formViewSchema>, FormView>>,
  Assert<Same<z.output<typeof formResultsSchema>, FormResults>>,
  Assert<Same<z.output<typeof welcomePromptSchema>, WelcomePrompt | null>>
];

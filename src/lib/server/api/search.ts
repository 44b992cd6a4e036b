// /api/v1/search: declaration and shapes.
import { z } from 'zod';
import { helpersQuery, searchQuery } from '../search';
import { defineOperation } from './registry';

const hitSchema = z.object({
  type: z.enum(['post', 'comment', 'resource', 'event', 'initiative', 'member', 'community', 'message']),
  id: z.string(),
  url: z.string().describe('The page of the result, relative to the instance (a comment’s ends in #comment-{id})'),
  title: z.string().describe('Plain text; for a comment, the title of its publication'),
  titleHtml: z.string().describe('The title, HTML-escaped, matching words in <mark>'),
  excerptHtml: z.string().describe('Part of the text around the first match, HTML-escaped, matching words in <mark>'),
  community: z.object({ slug: z.string(), name: z.string() }).nullable().describe('A community it belongs to that the caller may read'),
  author: z.object({ handle: z.string(), name: z.string() }).nullable(),
  at: z.number().describe('When it was written (for an activity: when it starts), epoch milliseconds'),
  language: z.enum(['fr', 'en']).nullable(),
  answered: z.boolean().describe('A question with an accepted answer, or that answer'),
  postKind: z.string().nullable()
});

export const searchOperations = [
  defineOperation({
    method: 'get',
    path: '/search',
    operationId: 'search',
    summary: 'Full-text search over what the caller may read',
    description:
      'Accents and case do not matter and words match their other forms in French and English ("formations" finds "formation"). All words must match; "a phrase" matches in that order; -word leaves out what contains it; the last word also matches as the beginning of a word. Results come only from what the caller may read, so every page is full. Private messages are searched only with type=messages. A query left with nothing to look for (only very common words) answers `empty: true` with a note.',
    tags: ['search'],
    auth: 'none',
    query: searchQuery,
    responses: {
      200: {
        description: 'A page of results, best first (or newest first with sort=newest)',
        schema: z.object({
          items: z.array(hitSchema),
          nextCursor: z.string().nullable(),
          notes: z.array(z.enum(['only_common_words', 'too_long', 'only_exclusions'])).describe('How the query was read differently from what was typed'),
          empty: z.boolean().describe('True when nothing was left to look for')
        })
      }
    }
  })
,
  defineOperation({
    method: 'get',
    path: '/helpers',
    operationId: 'suggestHelpers',
    summary: 'Who can help: members suggested for a question or a need',
    description:
      'From the caller’s readable content that matches the need: accepted answers and well-received replies, resources authored, activities hosted, and the expertise or interests their profile shows the caller. Only members who agreed to be suggested (by default, animators); `canWrite` says whether the caller may write to them.',
    tags: ['search'],
    auth: 'member',
    query: helpersQuery,
    responses: {
      200: {
        description: 'The members, most relevant first, with their reasons',
        schema: z.object({
          topic: z.string().describe('The words the need was read as being about'),
          items: z.array(
            z.object({
              handle: z.string(),
              name: z.string(),
              avatarUrl: z.string().nullable(),
              organisation: z.string().nullable(),
              score: z.number(),
              canWrite: z.boolean().describe('The caller may write to them (their message settings allow it)'),
              reasons: z.array(
                z.discriminatedUnion('kind', [
                  z.object({ kind: z.literal('accepted_answers'), count: z.number() }),
                  z.object({ kind: z.literal('replies'), count: z.number() }),
                  z.object({ kind: z.literal('resources'), count: z.number() }),
                  z.object({ kind: z.literal('events'), count: z.number() }),
                  z.object({ kind: z.literal('expertise'), tags: z.array(z.string()) })
                ])
              )
            })
          )
        })
      }
    }
  })
];

// /api/v1 for the initiative map (cartographie): the list by region, the map's points, one
// initiative, and describing, changing and taking one down. The type checks at the end keep the
// shapes equal to what the domain returns.
import { z } from 'zod';
import { libraryVisibilities } from '../../shared/library';
import { createInitiativeSchema, listInitiativesSchema, updateInitiativeSchema, type InitiativeSummary, type InitiativeView, type mapPoints } from '../initiatives';
import { visibilitySchema } from '../library/schemas';
import { pageOf } from './pagination';
import { defineOperation, done, ok, type Assert, type Same } from './registry';

const initiativeParams = z.object({ id: z.string().describe('The initiative’s id') });

export const initiativeSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  region: z.string().describe('As people name it; lists are grouped by it'),
  place: z.string().nullable().describe('An address or a place name'),
  latitude: z.number().nullable().describe('WGS 84 degrees; null when it is not on the map'),
  longitude: z.number().nullable(),
  themes: z.array(z.string()).describe('In lower case, alphabetical'),
  visibility: z.enum(libraryVisibilities),
  organisation: z.string().nullable().describe('The organisation it is described on behalf of')
});

export const initiativeViewSchema = initiativeSummarySchema.extend({
  description: z.string().describe('The Markdown source'),
  descriptionHtml: z.string(),
  language: z.enum(['fr', 'en']),
  communities: z.array(z.object({ slug: z.string(), name: z.string() })).describe('The communities it belongs to that the caller may know of'),
  contact: z.object({ id: z.string(), handle: z.string(), name: z.string() }).nullable().describe('Whom to write to about it, through the platform’s messages'),
  author: z.object({ handle: z.string(), name: z.string() }).nullable(),
  onBehalfOfOrganisation: z.boolean(),
  createdAt: z.number().describe('Epoch milliseconds'),
  updatedAt: z.number().describe('Epoch milliseconds'),
  may: z.object({ edit: z.boolean(), delete: z.boolean(), contact: z.boolean() }).describe('What the caller may do')
});

export const mapPointsSchema = z.object({
  points: z.array(initiativeSummarySchema).describe('Newest first'),
  capped: z.boolean().describe('More initiatives match than the map shows: narrow the filters')
});

export const initiativesQuery = listInitiativesSchema.extend({
  community: listInitiativesSchema.shape.community.describe('Only those of this community (its slug); one the caller may not see answers 404'),
  theme: listInitiativesSchema.shape.theme.describe('A theme, compared in lower case'),
  region: listInitiativesSchema.shape.region.describe('A region, exactly as the list names it')
});
export const mapQuery = initiativesQuery.omit({ cursor: true, limit: true });

/** The documented bodies: `visibility` lists the aliases the domain's schema accepts (its preprocess step is invisible in JSON Schema). */
const visibilityIn = z.enum([...libraryVisibilities, 'private', 'members', 'community']).describe(visibilitySchema.description ?? '');
const createInitiativeBody = createInitiativeSchema.extend({ visibility: visibilityIn });
const updateInitiativeBody = updateInitiativeSchema.extend({ visibility: visibilityIn.optional() });

const tags = ['initiatives'];

export const initiativeOperations = [
  defineOperation({
    method: 'get', path: '/initiatives', operationId: 'listInitiatives', summary: 'The initiatives the caller may read, by region then title',
    description: 'Visitors get public initiatives; signed-in members also those of the instance, of their communities and their own.',
    tags, auth: 'none', query: initiativesQuery, responses: ok('A page of initiatives', pageOf(initiativeSummarySchema))
  }),
  defineOperation({
    method: 'post', path: '/initiatives', operationId: 'createInitiative', summary: 'Describe an initiative; the caller is its author and contact',
    description:
      'The smallest body is `{ "title", "description", "region", "visibility" }`. Coordinates go together or not at all. `communities` must be communities the caller may post in; `visibility: communities` needs one. `onBehalfOfOrganisation` needs an organisation on the caller’s profile.',
    tags, auth: 'member', body: createInitiativeBody, responses: { 201: { description: 'Described', schema: z.object({ id: z.string() }) } }
  }),
  defineOperation({
    method: 'get', path: '/initiatives/map', operationId: 'mapInitiatives', summary: 'The map’s points: readable initiatives with coordinates',
    description: 'The same filters as the list, in one answer without pages; at most 2,000 points.',
    tags, auth: 'none', query: mapQuery, responses: ok('The points', mapPointsSchema)
  }),
  defineOperation({
    method: 'get', path: '/initiatives/{id}', operationId: 'readInitiative', summary: 'An initiative, with its communities and whom to contact',
    description: 'An initiative the caller may not read answers 404.',
    tags, auth: 'none', params: initiativeParams, responses: ok('The initiative', initiativeViewSchema)
  }),
  defineOperation({
    method: 'patch', path: '/initiatives/{id}', operationId: 'updateInitiative', summary: 'Change an initiative (its author); fields left out stay as they are',
    description: 'Send `latitude` and `longitude` as null to take it off the map. `communities`, when sent, replaces the list.',
    tags, auth: 'member', params: initiativeParams, body: updateInitiativeBody, responses: ok('The initiative as changed', initiativeViewSchema)
  }),
  defineOperation({
    method: 'delete', path: '/initiatives/{id}', operationId: 'deleteInitiative', summary: 'Take an initiative down (its author, the animators of one of its communities, administrators)',
    description: 'It leaves the lists, the map and search at once.',
    tags, auth: 'member', params: initiativeParams, responses: done('Deleted')
  })
];

// The shapes above must be the domain's own: a field added there without its schema fails here.
export type _SchemasMatchTheDomain = [
  Assert<Same<z.output<typeof initiativeSummarySchema>, InitiativeSummary>>,
  Assert<Same<z.output<typeof initiativeViewSchema>, InitiativeView>>,
  Assert<Same<z.output<typeof mapPointsSchema>, Awaited<ReturnType<typeof mapPoints>>>>
];

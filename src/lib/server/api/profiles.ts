// /api/v1/users/{handle}, /me/profile, /organisations and /directory: declarations and shapes.
import { z } from 'zod';
import { organisationInput, organisationTypes } from '../organisations';
import { profileFields, profileUpdate, visibilityLevels } from '../profiles';
import { directoryQuery } from '../profiles/directory';
import { mergeBody, organisationUpdate } from '../organisations/admin';
import { pageOf } from './pagination';
import { defineOperation } from './registry';

const organisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(organisationTypes),
  region: z.string().nullable(),
  website: z.string().nullable()
});

export const profileSchema = z.object({
  userId: z.string(),
  handle: z.string(),
  name: z.string(),
  avatarUrl: z.string().nullable().describe('Address of the avatar (WebP), or null'),
  pronouns: z.string().nullable(),
  organisation: organisationSchema.nullable(),
  discipline: z.string().nullable(),
  region: z.string().nullable(),
  languages: z.array(z.string()),
  expertise: z.array(z.string()),
  interests: z.array(z.string()),
  bio: z.string().nullable(),
  links: z.array(z.string()),
  suggestMe: z.boolean().nullable().describe('Only in one’s own profile: whether “who can help me?” may suggest you; null is the default (yes for animators)'),
  visibility: z
    .record(z.enum(profileFields), z.enum(visibilityLevels))
    .nullable()
    .describe('Each field’s level; only in one’s own profile')
}).describe('Fields the caller may not see are null or empty');

export const organisationQuery = z.object({ q: z.string().max(160).default('').describe('Part of the name') });

const tags = ['profiles'];

export const profileOperations = [
  defineOperation({
    method: 'get', path: '/users/{handle}', operationId: 'getUser', summary: 'A member’s profile, as the caller may see it',
    tags, auth: 'none', params: z.object({ handle: z.string() }), responses: { 200: { description: 'The profile', schema: profileSchema } }
  }),
  defineOperation({
    method: 'get', path: '/me/profile', operationId: 'getMyProfile', summary: 'The caller’s own profile, with every field and its level',
    tags, auth: 'member', responses: { 200: { description: 'The profile', schema: profileSchema } }
  }),
  defineOperation({
    method: 'patch', path: '/me/profile', operationId: 'updateMyProfile', summary: 'Change one’s profile; only the fields given change',
    tags, auth: 'member', body: profileUpdate, responses: { 200: { description: 'The profile as changed', schema: profileSchema } }
  }),
  defineOperation({
    method: 'get', path: '/organisations', operationId: 'searchOrganisations', summary: 'Organisations by name',
    tags, auth: 'none', query: organisationQuery, responses: { 200: { description: 'Up to 20 organisations', schema: z.object({ items: z.array(organisationSchema) }) } }
  }),
  defineOperation({
    method: 'post', path: '/organisations', operationId: 'createOrganisation', summary: 'Add an organisation (or find the one with that name)',
    tags, auth: 'member', body: organisationInput, responses: { 201: { description: 'The organisation', schema: organisationSchema } }
  }),
  defineOperation({
    method: 'get', path: '/directory', operationId: 'listDirectory', summary: 'Members of the instance or of one community, filtered',
    tags, auth: 'member', query: directoryQuery, responses: { 200: { description: 'A page of profiles', schema: pageOf(profileSchema) } }
  }),
  defineOperation({
    method: 'put', path: '/me/avatar', operationId: 'setMyAvatar', summary: 'Set one’s avatar',
    description: 'The body is the image itself (JPEG, PNG, WebP, GIF or AVIF, 8 MB at most); it is cut to a square and re-encoded.',
    tags, auth: 'member', upload: { mediaType: 'image/*', description: 'The image' },
    responses: { 200: { description: 'The profile with its new avatar', schema: profileSchema } }
  }),
  defineOperation({
    method: 'delete', path: '/me/avatar', operationId: 'removeMyAvatar', summary: 'Remove one’s avatar',
    tags, auth: 'member', responses: { 204: { description: 'Removed' } }
  }),
  defineOperation({
    method: 'patch', path: '/organisations/{id}', operationId: 'updateOrganisation', summary: 'Correct an organisation (administrators)',
    description: 'A name another organisation already has is refused: merge them instead.',
    tags, auth: 'member', params: z.object({ id: z.string() }), body: organisationUpdate,
    responses: { 200: { description: 'The organisation as changed', schema: organisationSchema } }
  }),
  defineOperation({
    method: 'post', path: '/organisations/{id}/merge', operationId: 'mergeOrganisation', summary: 'Merge this organisation into another (administrators)',
    description: 'Its members and partnerships move to `into`, then it is deleted.',
    tags, auth: 'member', params: z.object({ id: z.string() }), body: mergeBody,
    responses: { 200: { description: 'How many members and partnerships moved', schema: z.object({ members: z.number(), communities: z.number() }) } }
  })
];

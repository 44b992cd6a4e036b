// /api/v1/communities and what hangs off it: the operations' declarations (they validate the
// requests and describe them in the OpenAPI document) and the shapes that go out.
import { z } from 'zod';
import { limits } from '../../shared/limits';
import {
  createCommunitySchema,
  joinPolicySchema,
  roleSchema,
  updateCommunitySchema,
  visibilitySchema
} from '../communities/schemas';
import { pageOf, pageQuery } from './pagination';
import { defineOperation, ok } from './registry';

const slugParams = z.object({ slug: z.string().describe('The community’s address, e.g. `reseau-ocean`') });
const memberParams = slugParams.extend({ userId: z.string().describe('The member’s id') });

export const communitySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  logoUrl: z.string().nullable().describe('Address of the logo (WebP), or null'),
  visibility: visibilitySchema,
  joinPolicy: joinPolicySchema,
  joinQuestion: z.string().nullable(),
  languages: z.array(z.enum(['fr', 'en'])),
  themes: z.array(z.string()),
  regions: z.array(z.string()),
  partners: z.array(z.string()),
  status: z.enum(['pending', 'active', 'archived']),
  createdAt: z.number().describe('Epoch milliseconds'),
  charter: z
    .object({
      mission: z.string().nullable(),
      vision: z.string().nullable(),
      values: z.string().nullable(),
      objectives: z.string().nullable(),
      notStatement: z.string().nullable()
    })
    .nullable()
    .describe('Only for those who may read the community’s content'),
  welcomeMessage: z.string().nullable().describe('Only for its animators'),
  viewer: z.object({
    role: roleSchema.nullable(),
    status: z.string().nullable(),
    canJoin: z.boolean(),
    canPost: z.boolean().describe('May publish and comment here'),
    canManage: z.boolean(),
    canSteer: z.boolean(),
    welcome: z
      .object({ message: z.string().nullable(), sentAt: z.number() })
      .nullable()
      .describe('The welcome message for a new member, until they put it away')
  })
});

const memberSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  handle: z.string().nullable(),
  avatarUrl: z.string().nullable().describe('null when there is none or the caller may not see it'),
  role: roleSchema
});

export const listQuery = pageQuery.extend({
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('Only the communities the caller belongs to')
});

export const addMemberBody = z.strictObject({ email: z.string().trim().max(limits.emailMax), role: roleSchema.optional() });
export const changeMemberBody = z.strictObject({ role: roleSchema });
export const removeMemberQuery = z.object({
  ban: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('Also keep them from joining again')
});
export const joinBody = z.strictObject({ message: z.string().trim().max(limits.requestMessageMax).optional() });
export const decideBody = z.strictObject({
  approve: z.boolean(),
  message: z.string().trim().max(limits.requestMessageMax).optional().describe('Sent with the decision')
});
export const inviteBody = z.strictObject({
  emails: z
    .union([z.array(z.string().max(limits.emailMax)).max(limits.invitationsMax), z.string().max(100_000)])
    .describe('A list of addresses, or pasted text / CSV containing them'),
  role: roleSchema.optional()
});
export const handoverBody = z.strictObject({
  toUserId: z.string(),
  note: z.string().trim().max(limits.handoverNoteMax).optional(),
  stay: z.boolean().optional().describe('Keep the animator role beside the newcomer')
});
export const deleteQuery = z.object({ confirm: z.string().describe('The community’s slug, repeated') });

const tags = ['communities'];

export const communityOperations = [
  defineOperation({
    method: 'get', path: '/communities', operationId: 'listCommunities', summary: 'Communities the caller may see',
    tags, auth: 'none', query: listQuery, responses: ok('A page of communities', pageOf(communitySchema))
  }),
  defineOperation({
    method: 'post', path: '/communities', operationId: 'createCommunity', summary: 'Create a community; the caller becomes its animator',
    tags, auth: 'member', body: createCommunitySchema, responses: { 201: { description: 'Created', schema: communitySchema } }
  }),
  defineOperation({
    method: 'get', path: '/communities/{slug}', operationId: 'getCommunity', summary: 'A community, with its charter',
    tags, auth: 'none', params: slugParams, responses: ok('The community', communitySchema)
  }),
  defineOperation({
    method: 'patch', path: '/communities/{slug}', operationId: 'updateCommunity', summary: 'Change settings or charter (animators)',
    tags, auth: 'member', params: slugParams, body: updateCommunitySchema, responses: ok('The community as changed', communitySchema)
  }),
  defineOperation({
    method: 'delete', path: '/communities/{slug}', operationId: 'deleteCommunity', summary: 'Delete a community and all it holds (administrators)',
    tags, auth: 'member', params: slugParams, query: deleteQuery, responses: { 204: { description: 'Deleted' } }
  }),
  defineOperation({
    method: 'get', path: '/communities/{slug}/members', operationId: 'listMembers', summary: 'Active members, in the order they joined',
    tags, auth: 'none', params: slugParams, query: pageQuery, responses: ok('A page of members', pageOf(memberSchema))
  }),
  defineOperation({
    method: 'post', path: '/communities/{slug}/members', operationId: 'addMember',
    summary: 'Add a member by email (animators): an account joins at once, anyone else is invited',
    tags, auth: 'member', params: slugParams, body: addMemberBody,
    responses: { 201: { description: 'Added or invited', schema: z.object({ id: z.string(), status: z.enum(['active', 'invited']), userId: z.string().nullable() }) } }
  }),
  defineOperation({
    method: 'patch', path: '/communities/{slug}/members/{userId}', operationId: 'changeMemberRole', summary: 'Change a member’s role (animators)',
    tags, auth: 'member', params: memberParams, body: changeMemberBody, responses: { 204: { description: 'Changed' } }
  }),
  defineOperation({
    method: 'delete', path: '/communities/{slug}/members/{userId}', operationId: 'removeMember', summary: 'Remove or ban a member (animators)',
    tags, auth: 'member', params: memberParams, query: removeMemberQuery, responses: { 204: { description: 'Removed' } }
  }),
  defineOperation({
    method: 'post', path: '/communities/{slug}/join', operationId: 'joinCommunity', summary: 'Join, or ask to join',
    tags, auth: 'member', params: slugParams, body: joinBody,
    responses: ok('Joined at once, or the request is waiting', z.object({ status: z.enum(['joined', 'requested']) }))
  }),
  defineOperation({
    method: 'post', path: '/communities/{slug}/leave', operationId: 'leaveCommunity', summary: 'Leave the community',
    tags, auth: 'member', params: slugParams, responses: { 204: { description: 'Left' } }
  }),
  defineOperation({
    method: 'post', path: '/communities/{slug}/requests/{userId}', operationId: 'decideRequest', summary: 'Approve or decline a request to join (animators)',
    tags, auth: 'member', params: memberParams, body: decideBody, responses: { 204: { description: 'Decided' } }
  }),
  defineOperation({
    method: 'post', path: '/communities/{slug}/invitations', operationId: 'inviteMembers', summary: 'Invite by email, one or many (animators)',
    tags, auth: 'member', params: slugParams, body: inviteBody,
    responses: ok('What was sent, skipped (already members or invited) and invalid', z.object({ sent: z.array(z.string()), skipped: z.array(z.string()), invalid: z.array(z.string()) }))
  }),
  defineOperation({
    method: 'post', path: '/communities/{slug}/handover', operationId: 'handOver', summary: 'Hand the animator role to another member',
    tags, auth: 'member', params: slugParams, body: handoverBody, responses: { 204: { description: 'Handed over' } }
  }),
  defineOperation({
    method: 'put', path: '/communities/{slug}/logo', operationId: 'setCommunityLogo', summary: 'Set the community’s logo (animators)',
    description: 'The body is the image itself (JPEG, PNG, WebP, GIF or AVIF, 8 MB at most); its type is read from its bytes and it is re-encoded.',
    tags, auth: 'member', params: slugParams, upload: { mediaType: 'image/*', description: 'The image' },
    responses: ok('The community with its new logo', communitySchema)
  }),
  defineOperation({
    method: 'delete', path: '/communities/{slug}/logo', operationId: 'removeCommunityLogo', summary: 'Remove the community’s logo (animators)',
    tags, auth: 'member', params: slugParams, responses: { 204: { description: 'Removed' } }
  })
];

// /api/v1/me/preferences: how each kind of notification reaches the member, their digests per
// community, the digest's day and hour, and their weekly email ceiling.
import { z } from 'zod';
import { channels, notificationKinds, type NotificationKind } from '../preferences';
import { digestFrequencies, digestSettingsInput } from '../digests/settings';
import { defineOperation } from './registry';

const kindSchemas = Object.fromEntries((Object.keys(notificationKinds) as NotificationKind[]).map((kind) => [kind, z.enum(channels)])) as Record<NotificationKind, z.ZodEnum<{ [K in (typeof channels)[number]]: K }>>;

export const preferencesSchema = z.object({
  kinds: z.object(kindSchemas).describe('Channel per kind of notification: app (in the app only), email (also by email at once), digest (in the digest), off'),
  digests: z
    .array(z.object({ community: z.string().describe('The community’s slug'), name: z.string(), frequency: z.enum(digestFrequencies) }))
    .describe('One per community the member belongs to; weekly unless they chose'),
  digestWeekday: z.number().int().describe('Day of the weekly digest: 0 Sunday … 6 Saturday'),
  digestHour: z.number().int().describe('Hour of the digests on the member’s clock, 0–23'),
  emailBudget: z.number().int().nullable().describe('The member’s weekly email ceiling; null: the instance’s default'),
  defaultEmailBudget: z.number().int().describe('The instance’s default weekly ceiling'),
  emailsThisWeek: z.number().int().describe('Emails sent to the member in the last seven days'),
  timeZone: z.string().describe('The clock the digest hour is read on')
});

const tags = ['account'];

export const preferenceOperations = [
  defineOperation({
    method: 'get', path: '/me/preferences', operationId: 'getMyPreferences', summary: 'My notification, digest and email preferences',
    tags, auth: 'member', responses: { 200: { description: 'Every choice, defaults filled in', schema: preferencesSchema } }
  }),
  defineOperation({
    method: 'put', path: '/me/preferences', operationId: 'updateMyPreferences', summary: 'Change my notification, digest and email preferences',
    description: 'Only the fields given change. `digests` maps a community’s slug to none, daily or weekly; a community one is not a member of is refused.',
    tags, auth: 'member', body: digestSettingsInput, responses: { 200: { description: 'The preferences after the change', schema: preferencesSchema } }
  })
];

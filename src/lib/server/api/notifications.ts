// The caller's notifications: the grouped list, marking read, and the live stream.
import { z } from 'zod';
import type { NotificationGroup } from '../notifications';
import { notificationKinds } from '../preferences';
import { defineOperation, ok, type Assert, type Operation, type Same } from './registry';

const tags = ['notifications'];

export const notificationGroupSchema = z.object({
  id: z.string().describe('The newest notification of the group; marking it read marks the group'),
  kind: z.enum(Object.keys(notificationKinds) as [keyof typeof notificationKinds]),
  groupKey: z.string(),
  count: z.number().int().describe('How many notifications the group holds (unread ones beyond the newest)'),
  unread: z.boolean(),
  actors: z.array(z.string()).describe('Up to three names, newest first'),
  otherActors: z.number().int(),
  title: z.string().nullable().describe('What it is about, as the caller may see it now'),
  href: z.string().describe('Where it leads on this instance'),
  change: z.string().nullable().describe('For activities: changed, cancelled or promoted; for proposals: planned or declined'),
  createdAt: z.number().int()
});

export const notificationListSchema = z.object({
  groups: z.array(notificationGroupSchema),
  unread: z.number().int(),
  more: z.boolean().describe('Older notifications exist: ask again with ?before= the last group’s createdAt')
});

export const notificationsQuery = z.object({
  before: z.coerce.number().int().positive().optional().describe('Only notifications older than this time (epoch ms)')
});

export const markReadBody = z.union([z.strictObject({ id: z.string().min(1).max(64) }), z.strictObject({ all: z.literal(true) })]);

export const notificationOperations: Operation[] = [
  defineOperation({
    method: 'get', path: '/notifications', operationId: 'listNotifications', summary: 'The caller’s notifications, similar ones grouped, newest first',
    tags, auth: 'member', query: notificationsQuery, responses: ok('The groups and the unread count', notificationListSchema)
  }),
  defineOperation({
    method: 'post', path: '/notifications/read', operationId: 'markNotificationsRead', summary: 'Mark one group (`{ id }`) or everything (`{ all: true }`) read',
    tags, auth: 'member', body: markReadBody, responses: ok('The unread count after', z.object({ unread: z.number().int() }))
  }),
  defineOperation({
    method: 'get', path: '/stream', operationId: 'stream', summary: 'Live updates as Server-Sent Events',
    description:
      'A `text/event-stream` that sends `event: notifications` with `{ "unread": N }` (unread notifications) and `event: messages` with `{ "unread": N }` (conversations with unread messages) when it opens and each time they change, from any web process. It carries counts only: read the list again to see what changed (access is checked then). A comment line is sent every 25 seconds to keep the connection open.',
    tags, auth: 'member', responses: { 200: { description: 'The event stream' } }
  })
];

export type _SchemasMatchTheDomain = [Assert<Same<z.output<typeof notificationGroupSchema>, NotificationGroup>>];

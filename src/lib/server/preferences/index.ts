// Each member chooses, per kind of notification, how it reaches them: in the app only, by email at
// once (and in the app), gathered in their digest, or not at all. Every kind has a default chosen
// not to overwhelm: what concerns the member personally shows in the app, a call to all and changes
// to an activity they registered for come by email, the flow of new things waits for the digest.
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { Executor } from '../jobs/queue';
import { requireMember } from '../access';
import { now } from '../ids';
import { invalid } from '../errors';

export const channels = ['app', 'email', 'digest', 'off'] as const;
export type Channel = (typeof channels)[number];

/** Every kind with its default: what a member gets until they choose. */
export const notificationKinds = {
  mention: 'app',
  reply: 'app',
  comment: 'app',
  answer: 'app',
  private_message: 'app',
  call_to_all: 'email',
  event_updates: 'email',
  join_request: 'app',
  request_approved: 'app',
  notebook_resource: 'digest',
  new_publication: 'digest',
  community_welcome: 'email',
  survey_reminder: 'email',
  // Someone who proposed a topic, or offered to help with it, is waiting for the answer.
  proposal_decided: 'email'
} as const satisfies Record<string, Channel>;
export type NotificationKind = keyof typeof notificationKinds;

export const preferencesInput = z.partialRecord(z.enum(Object.keys(notificationKinds) as [NotificationKind]), z.enum(channels));

/** Every kind's channel for this member, defaults filled in. */
export async function preferencesOf(db: Executor, userId: string): Promise<Record<NotificationKind, Channel>> {
  const rows = await db.selectFrom('notification_preferences').select(['kind', 'channel']).where('user_id', '=', userId).execute();
  return withDefaults(new Map(rows.map((row) => [row.kind, row.channel])));
}

/** The same for many members in a few queries (a call to all reaches a whole community). */
export async function preferencesOfMany(db: Executor, userIds: string[]): Promise<Map<string, Record<NotificationKind, Channel>>> {
  const chosen = new Map<string, Map<string, string>>();
  const ids = [...new Set(userIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('notification_preferences').select(['user_id', 'kind', 'channel']).where('user_id', 'in', ids.slice(i, i + 500)).execute();
    for (const row of rows) chosen.set(row.user_id, (chosen.get(row.user_id) ?? new Map()).set(row.kind, row.channel));
  }
  return new Map(ids.map((id) => [id, withDefaults(chosen.get(id) ?? new Map())]));
}

function withDefaults(chosen: Map<string, string>): Record<NotificationKind, Channel> {
  return Object.fromEntries(
    Object.entries(notificationKinds).map(([kind, fallback]) => {
      const channel = chosen.get(kind);
      return [kind, channels.includes(channel as Channel) ? channel : fallback];
    })
  ) as Record<NotificationKind, Channel>;
}

export async function wantsEmail(db: Executor, userId: string, kind: NotificationKind): Promise<boolean> {
  return (await preferencesOf(db, userId))[kind] === 'email';
}

export async function savePreferences(db: Executor, actor: Actor | null, raw: z.input<typeof preferencesInput>): Promise<void> {
  const member = requireMember(actor);
  const input = preferencesInput.parse(raw);
  for (const [kind, channel] of Object.entries(input)) {
    await db
      .insertInto('notification_preferences')
      .values({ user_id: member.id, kind, channel, updated_at: now() })
      .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ channel, updated_at: now() }))
      .execute();
  }
}

/** The member's own clock for activity times (an IANA name), or null to read each activity's own only. */
export async function setDisplayTimeZone(db: Executor, actor: Actor | null, zone: string | null): Promise<void> {
  const member = requireMember(actor);
  const chosen = zone?.trim() || null;
  if (chosen !== null) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: chosen });
    } catch {
      throw invalid([{ path: 'timeZone', message: 'events.errors.unknown_time_zone' }]);
    }
  }
  await db.updateTable('users').set({ time_zone: chosen }).where('id', '=', member.id).execute();
}

// Everything a member chooses about what reaches them, read and saved in one piece for the
// preferences page and /api/v1/me/preferences: a channel per kind of notification, a digest frequency
// per community, the digest's day and hour, and their weekly email ceiling.
import { z } from 'zod';
import type { DB } from '../db';
import type { Actor } from '../auth/actor';
import type { DigestFrequency } from '../db/schema';
import { requireMember } from '../access';
import { config } from '../config';
import { invalid } from '../errors';
import { now } from '../ids';
import { channels, notificationKinds, preferencesInput, preferencesOf, savePreferences, type Channel, type NotificationKind } from '../preferences';
import { emailsThisWeek } from './budget';
import { defaultDigestHour, defaultDigestWeekday } from './send';

export const digestFrequencies = ['none', 'daily', 'weekly'] as const satisfies readonly DigestFrequency[];
/** The highest weekly ceiling a member may set. */
export const emailBudgetMax = 100;

export type NotificationSettings = {
  kinds: Record<NotificationKind, Channel>;
  digests: { community: string; name: string; frequency: DigestFrequency }[];
  digestWeekday: number;
  digestHour: number;
  /** The member's own ceiling, or null for the instance's. */
  emailBudget: number | null;
  defaultEmailBudget: number;
  emailsThisWeek: number;
  /** The clock the digest hour is read on. */
  timeZone: string;
};

export const digestSettingsInput = z
  .strictObject({
    kinds: preferencesInput.optional().describe('Channel per kind of notification: app, email, digest or off; kinds left out keep theirs'),
    digests: z
      .record(z.string().min(1).max(100), z.enum(digestFrequencies))
      .optional()
      .describe('Digest frequency per community, keyed by the community’s slug; communities left out keep theirs'),
    digestWeekday: z.number().int().min(0).max(6).optional().describe('Day of the weekly digest: 0 Sunday … 6 Saturday'),
    digestHour: z.number().int().min(0).max(23).optional().describe('Hour of the digest on the member’s clock, 0–23'),
    emailBudget: z.number().int().min(0).max(emailBudgetMax).nullable().optional().describe('Most emails a week before non-urgent ones wait for the digest; null: the instance’s default')
  })
  .describe('Only the fields given change');
export type DigestSettingsInput = z.input<typeof digestSettingsInput>;

export async function readNotificationSettings(db: DB, actor: Actor | null): Promise<NotificationSettings> {
  const member = requireMember(actor);
  const [kinds, user, communities, sent] = await Promise.all([
    preferencesOf(db, member.id),
    db.selectFrom('users').select(['digest_weekday', 'digest_hour', 'email_budget', 'time_zone']).where('id', '=', member.id).executeTakeFirstOrThrow(),
    db
      .selectFrom('memberships')
      .innerJoin('communities', 'communities.id', 'memberships.community_id')
      .leftJoin('digest_subscriptions as ds', (join) => join.onRef('ds.community_id', '=', 'memberships.community_id').on('ds.user_id', '=', member.id))
      .select(['communities.slug', 'communities.name', 'ds.frequency'])
      .where('memberships.user_id', '=', member.id)
      .where('memberships.status', '=', 'active')
      .where('communities.status', '!=', 'pending')
      .orderBy('communities.name')
      .execute(),
    emailsThisWeek(db, member.id)
  ]);
  return {
    kinds,
    digests: communities.map((c) => ({ community: c.slug, name: c.name, frequency: c.frequency ?? 'weekly' })),
    digestWeekday: user.digest_weekday ?? defaultDigestWeekday,
    digestHour: user.digest_hour ?? defaultDigestHour,
    emailBudget: user.email_budget,
    defaultEmailBudget: config().emailBudget,
    emailsThisWeek: sent,
    timeZone: user.time_zone ?? config().timeZone
  };
}

export async function saveNotificationSettings(db: DB, actor: Actor | null, raw: DigestSettingsInput): Promise<NotificationSettings> {
  const member = requireMember(actor);
  const input = digestSettingsInput.parse(raw);
  const slugs = Object.keys(input.digests ?? {});
  const communities = slugs.length
    ? await db
        .selectFrom('memberships')
        .innerJoin('communities', 'communities.id', 'memberships.community_id')
        .select(['communities.id', 'communities.slug'])
        .where('memberships.user_id', '=', member.id)
        .where('memberships.status', '=', 'active')
        .where('communities.slug', 'in', slugs)
        .execute()
    : [];
  // Only one's own communities: a slug that is not one of them reads as a mistake, not as a secret.
  const unknown = slugs.filter((slug) => !communities.some((c) => c.slug === slug));
  if (unknown.length) throw invalid(unknown.map((slug) => ({ path: `digests.${slug}`, message: 'preferences.errors.not_member' })));
  await db.transaction().execute(async (trx) => {
    if (input.kinds) await savePreferences(trx, member, input.kinds);
    for (const community of communities) {
      const frequency = input.digests![community.slug]!;
      await trx
        .insertInto('digest_subscriptions')
        .values({ user_id: member.id, community_id: community.id, frequency, updated_at: now() })
        .onConflict((oc) => oc.columns(['user_id', 'community_id']).doUpdateSet({ frequency, updated_at: now() }))
        .execute();
    }
    const user = {
      ...(input.digestWeekday !== undefined ? { digest_weekday: input.digestWeekday } : {}),
      ...(input.digestHour !== undefined ? { digest_hour: input.digestHour } : {}),
      ...(input.emailBudget !== undefined ? { email_budget: input.emailBudget } : {})
    };
    if (Object.keys(user).length) await trx.updateTable('users').set(user).where('id', '=', member.id).execute();
  });
  return readNotificationSettings(db, member);
}

export { channels, notificationKinds };

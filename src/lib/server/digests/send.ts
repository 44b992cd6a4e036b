// Sending the digests that are due: each member's at their hour (daily) or their weekday and hour
// (weekly) on their own clock, Monday 8 h unless they chose. One member at a time, in capped batches:
// the digest is built, queued in the outbox and the watermark advanced in one transaction, so a crash
// at any point either leaves both undone (the next run sends it) or both done (it is never sent again).
import { DateTime } from 'luxon';
import type { DB } from '../db';
import { config } from '../config';
import { now } from '../ids';
import { log } from '../log';
import { queueEmail } from '../mail/outbox';
import { buildDigest, type DigestFrequencySent } from './build';
import { digestEmail } from './render';
import { unsubscribeUrl } from './unsubscribe';

export const DIGESTS_JOB = 'digests.send';
/** Members looked at per run; the rest wait for the next hour's run. */
export const digestBatch = 200;
export const defaultDigestWeekday = 1;
export const defaultDigestHour = 8;
const hour = 60 * 60 * 1000;

type Candidate = { id: string; email_verified: boolean | number; time_zone: string | null; digest_weekday: number | null; digest_hour: number | null; covered_until: number | null };

/** The latest moment at or before `at` when this member's digest of this frequency was scheduled. */
export function lastSlot(at: number, frequency: DigestFrequencySent, member: Pick<Candidate, 'time_zone' | 'digest_weekday' | 'digest_hour'>): number {
  const zone = member.time_zone ?? config().timeZone;
  const local = DateTime.fromMillis(at, { zone });
  let slot = local.set({ hour: member.digest_hour ?? defaultDigestHour, minute: 0, second: 0, millisecond: 0 });
  if (frequency === 'weekly') {
    // Luxon numbers Monday 1 … Sunday 7; ours are 0 Sunday … 6 Saturday.
    const weekday = member.digest_weekday ?? defaultDigestWeekday;
    slot = slot.plus({ days: (weekday - (slot.weekday % 7) + 7) % 7 });
    if (slot.toMillis() > at) slot = slot.minus({ weeks: 1 });
  } else if (slot.toMillis() > at) slot = slot.minus({ days: 1 });
  return slot.toMillis();
}

/**
 * Due when the last scheduled moment is not yet covered. Someone who never had a digest gets their
 * first one only within the hour of its slot, not the moment they join.
 */
export function isDue(at: number, frequency: DigestFrequencySent, member: Candidate): boolean {
  const slot = lastSlot(at, frequency, member);
  if (member.covered_until === null) return at - slot < hour;
  return member.covered_until < slot;
}

async function candidates(db: DB, frequency: DigestFrequencySent): Promise<Candidate[]> {
  return db
    .selectFrom('users')
    .leftJoin('digest_watermarks as wm', (join) => join.onRef('wm.user_id', '=', 'users.id').on('wm.frequency', '=', frequency))
    .select(['users.id', 'users.email_verified', 'users.time_zone', 'users.digest_weekday', 'users.digest_hour', 'wm.covered_until'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships')
          .leftJoin('digest_subscriptions as ds', (join) => join.onRef('ds.community_id', '=', 'memberships.community_id').onRef('ds.user_id', '=', 'memberships.user_id'))
          .select('memberships.id')
          .whereRef('memberships.user_id', '=', 'users.id')
          .where('memberships.status', '=', 'active')
          .where((inner) => (frequency === 'weekly' ? inner.or([inner('ds.frequency', 'is', null), inner('ds.frequency', '=', 'weekly')]) : inner('ds.frequency', '=', 'daily')))
      )
    )
    // Those waiting longest first, so a backlog larger than a batch drains fairly.
    .orderBy('wm.covered_until', 'asc')
    .orderBy('users.id')
    .execute();
}

/** Test seam: runs inside the transaction, after the email is queued and before the watermark moves. */
export type SendHooks = { beforeMark?: (userId: string) => Promise<void> | void };

/**
 * One member's digest: queued and marked together, or neither. Returns whether an email was queued.
 * The watermark only moves from the value read (or is created if still absent), so two workers racing
 * for the same member cannot both queue: the loser's transaction is rolled back.
 */
export async function sendDigest(db: DB, userId: string, frequency: DigestFrequencySent, at: number, previous: number | null, hooks: SendHooks = {}): Promise<boolean> {
  const digest = await buildDigest(db, userId, frequency, at, previous ?? undefined);
  const unsubscribe = digest ? await unsubscribeUrl(db, userId, { kind: 'digest', frequency }) : null;
  return db.transaction().execute(async (trx) => {
    if (digest && unsubscribe) await queueEmail(trx, digestEmail(digest, unsubscribe));
    await hooks.beforeMark?.(userId);
    const sentAt = digest ? at : undefined;
    const moved =
      previous === null
        ? await trx
            .insertInto('digest_watermarks')
            .values({ user_id: userId, frequency, covered_until: at, sent_at: sentAt ?? null })
            .onConflict((oc) => oc.columns(['user_id', 'frequency']).doNothing())
            .executeTakeFirst()
            .then((r) => Number(r.numInsertedOrUpdatedRows ?? 0))
        : await trx
            .updateTable('digest_watermarks')
            .set({ covered_until: at, ...(sentAt ? { sent_at: sentAt } : {}) })
            .where('user_id', '=', userId)
            .where('frequency', '=', frequency)
            .where('covered_until', '=', previous)
            .executeTakeFirst()
            .then((r) => Number(r.numUpdatedRows));
    if (moved === 0) throw new DigestTaken();
    return digest !== null;
  });
}

class DigestTaken extends Error {}

/** Sends the digests due at `at`; returns how many were queued (and how many members were looked at). */
export async function sendDueDigests(db: DB, at = now(), options: { batch?: number; hooks?: SendHooks } = {}): Promise<{ sent: number; checked: number; failed: number }> {
  const batch = options.batch ?? digestBatch;
  let sent = 0;
  let checked = 0;
  let failed = 0;
  for (const frequency of ['daily', 'weekly'] as const) {
    for (const member of await candidates(db, frequency)) {
      if (checked >= batch) return { sent, checked, failed };
      // An address never confirmed may not be the member's: nothing is sent to it.
      if (!member.email_verified || !isDue(at, frequency, member)) continue;
      checked++;
      try {
        if (await sendDigest(db, member.id, frequency, at, member.covered_until, options.hooks)) sent++;
      } catch (error) {
        if (error instanceof DigestTaken) continue;
        failed++;
        log('digest_failed', { userId: member.id, frequency, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return { sent, checked, failed };
}

// Sending the digests that are due: each member's at their hour (daily) or their weekday and hour
// (weekly) on their own clock, Monday 8 h unless they chose. One member at a time, in capped batches:
// the digest is built, queued in the outbox and the watermark advanced in one transaction, so a crash
// at any point either leaves both undone (the next run sends it) or both done (it is never sent again).
// A run builds a few members' digests, then queues and marks them in one transaction, each member in
// a savepoint of its own: still all or nothing per member, but one commit (one fsync) per group.
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { DB } from '../db';
import type { Database } from '../db/schema';
import { config } from '../config';
import { now } from '../ids';
import { log } from '../log';
import { queueEmail } from '../mail/outbox';
import { buildDigest, digestPeriods, digestRun, type Digest, type DigestFrequencySent, type DigestRun } from './build';
import { digestEmail } from './render';
import { unsubscribeUrl } from './unsubscribe';

export const DIGESTS_JOB = 'digests.send';
/** Members looked at per run; the rest wait for the next hour's run. */
export const digestBatch = 200;
/** Members queued and marked per transaction. */
export const digestGroup = 20;
/** Digests built at the same time, within a group. */
const digestsAtOnce = 4;
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
  const built = await prepare(db, userId, frequency, at, previous);
  return db.transaction().execute((trx) => queueAndMark(trx, built, hooks));
}

type Prepared = { userId: string; frequency: DigestFrequencySent; at: number; previous: number | null; digest: Digest | null; unsubscribe: string | null };

/** The digest and its unsubscribe address, built outside any transaction (reads only). */
async function prepare(db: DB, userId: string, frequency: DigestFrequencySent, at: number, previous: number | null, run?: DigestRun): Promise<Prepared> {
  const digest = await buildDigest(db, userId, frequency, at, previous ?? undefined, run);
  const unsubscribe = digest ? await unsubscribeUrl(db, userId, { kind: 'digest', frequency }) : null;
  return { userId, frequency, at, previous, digest, unsubscribe };
}

/** Inside a transaction: the email queued, then the watermark moved from the value read; DigestTaken if another run moved it. */
async function queueAndMark(trx: Kysely<Database>, { userId, frequency, at, previous, digest, unsubscribe }: Prepared, hooks: SendHooks): Promise<boolean> {
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
}

class DigestTaken extends Error {}

/**
 * Sends a batch of the digests due at `at`; returns how many were queued, how many members were looked
 * at, and whether more are due after this batch (a full batch that got somewhere): the job runner
 * then queues the next batch at once, `ruche digests send` goes on.
 */
export async function sendDueDigests(db: DB, at = now(), options: { batch?: number; hooks?: SendHooks } = {}): Promise<{ sent: number; checked: number; failed: number; more: boolean }> {
  const batch = options.batch ?? digestBatch;
  const hooks = options.hooks ?? {};
  const due: { member: Candidate; frequency: DigestFrequencySent }[] = [];
  collect: for (const frequency of ['daily', 'weekly'] as const) {
    for (const member of await candidates(db, frequency)) {
      if (due.length >= batch) break collect;
      // An address never confirmed may not be the member's: nothing is sent to it.
      if (member.email_verified && isDue(at, frequency, member)) due.push({ member, frequency });
    }
  }
  const failure = (userId: string, frequency: DigestFrequencySent, error: unknown) =>
    log('digest_failed', { userId, frequency, reason: error instanceof Error ? error.message : String(error) });
  // Where the earliest of these digests starts (as buildDigest reckons it), for what the run reads once.
  const from = due.reduce((earliest, { member, frequency }) => Math.min(earliest, member.covered_until ?? at - digestPeriods[frequency]), at);
  const run = digestRun(from, at);
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < due.length; i += digestGroup) {
    const group: Prepared[] = [];
    const members = due.slice(i, i + digestGroup);
    // A few at a time: PostgreSQL answers them on several connections (SQLite's one takes them in turn).
    for (let j = 0; j < members.length; j += digestsAtOnce) {
      const built = await Promise.all(
        members.slice(j, j + digestsAtOnce).map(({ member, frequency }) =>
          prepare(db, member.id, frequency, at, member.covered_until, run).catch((error: unknown) => {
            failed++;
            failure(member.id, frequency, error);
            return null;
          })
        )
      );
      for (const one of built) if (one) group.push(one);
    }
    if (group.length === 0) continue;
    try {
      const outcome = await db.transaction().execute(async (trx) => {
        let queued = 0;
        let lost = 0;
        for (const [k, built] of group.entries()) {
          // Each member alone: a failure takes back their email and keeps the others'.
          await sql.raw(`savepoint digest_${k}`).execute(trx);
          try {
            if (await queueAndMark(trx, built, hooks)) queued++;
          } catch (error) {
            await sql.raw(`rollback to savepoint digest_${k}`).execute(trx);
            if (!(error instanceof DigestTaken)) {
              lost++;
              failure(built.userId, built.frequency, error);
            }
          }
          await sql.raw(`release savepoint digest_${k}`).execute(trx);
        }
        return { queued, lost };
      });
      sent += outcome.queued;
      failed += outcome.lost;
    } catch (error) {
      // The commit itself failed: nothing of the group was queued or marked; the next run sends them.
      failed += group.length;
      for (const built of group) failure(built.userId, built.frequency, error);
    }
  }
  return { sent, checked: due.length, failed, more: due.length >= batch && failed < due.length };
}

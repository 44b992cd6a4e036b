// Every job kind and schedule the instance knows. Later domains add their handlers here, so that
// the web process, `ruche worker` and the tests all run the same set.
import { z } from 'zod';
import { log } from '../log';
import { SEND_EMAIL_JOB } from '../mail/outbox';
import { recordEmailGivenUp, sendQueuedEmail } from '../mail/send';
import { CLEANUP_JOB, cleanupExpired } from './cleanup';
import { PermanentJobError, registerJobHandler } from './registry';
import { registerSchedule } from './schedule';
import { enqueueJob } from './queue';
import { LINK_PREVIEW_JOB, refreshLinkPreview } from '../posts/posts';
import { REMINDERS_JOB, sendDueReminders } from '../events/reminders';
import { RESOURCE_PREVIEW_JOB, refreshResourcePreview } from '../library/resources';
import { DIGESTS_JOB, sendDueDigests } from '../digests/send';
import { FANOUT_JOB, fanOut } from '../notifications/fanout';
import { REINDEX_JOB, reindexAll } from '../search/reindex';

const emailPayload = z.object({ emailId: z.string().min(1) });

function parseEmailPayload(payload: unknown): string {
  const parsed = emailPayload.safeParse(payload);
  if (!parsed.success) throw new PermanentJobError('invalid email.send payload');
  return parsed.data.emailId;
}

let registered = false;

export function registerBuiltInJobs(): void {
  if (registered) return;
  registered = true;

  registerJobHandler(
    SEND_EMAIL_JOB,
    async (payload, { db }) => {
      await sendQueuedEmail(db, parseEmailPayload(payload));
    },
    {
      onGiveUp: async (payload, { db }, reason) => {
        const parsed = emailPayload.safeParse(payload);
        if (parsed.success) await recordEmailGivenUp(db, parsed.data.emailId, reason);
      }
    }
  );

  registerJobHandler(CLEANUP_JOB, async (_payload, { db }) => {
    log('cleanup', await cleanupExpired(db));
  });
  registerJobHandler(LINK_PREVIEW_JOB, async (payload, { db }) => {
    const parsed = z.object({ postId: z.string().min(1) }).safeParse(payload);
    if (!parsed.success) throw new PermanentJobError('invalid posts.link_preview payload');
    await refreshLinkPreview(db, parsed.data.postId);
  });

  registerJobHandler(RESOURCE_PREVIEW_JOB, async (payload, { db }) => {
    const parsed = z.object({ resourceId: z.string().min(1) }).safeParse(payload);
    if (!parsed.success) throw new PermanentJobError('invalid library.link_preview payload');
    await refreshResourcePreview(db, parsed.data.resourceId);
  });

  // Until nothing is pending: a burst of entries is fanned out by one run.
  registerJobHandler(FANOUT_JOB, async (_payload, { db }) => {
    while ((await fanOut(db)) > 0);
  });
  // A safety net: entries left by a run that failed are taken up within the minute.
  registerSchedule('notifications-fanout', '* * * * *', FANOUT_JOB);

  // Queued by the migration that brought search to an instance with content; resumes if interrupted.
  registerJobHandler(REINDEX_JOB, async (_payload, { db }) => {
    log('search.reindex', await reindexAll(db));
  });

  registerJobHandler(REMINDERS_JOB, async (_payload, { db }) => {
    const sent = await sendDueReminders(db);
    if (sent) log('event_reminders', { sent });
  });
  // Every five minutes: a reminder "an hour before" leaves within five minutes of its time.
  registerSchedule('event-reminders', '*/5 * * * *', REMINDERS_JOB);

  registerJobHandler(DIGESTS_JOB, async (_payload, { db }) => {
    const result = await sendDueDigests(db);
    if (result.checked) log('digests', result);
    // Capped batches: when more are due (5,000 members on a Monday morning), the next batch is queued
    // now, behind the emails this one queued, instead of waiting an hour.
    if (result.more) await enqueueJob(db, { kind: DIGESTS_JOB, payload: {} });
  });
  // Hourly, a few minutes past: each member's digest is due at a whole hour on their own clock.
  registerSchedule('digests', '3 * * * *', DIGESTS_JOB);

  // 03:17 UTC: a quiet hour on this side of the Atlantic, off the round hour other cron jobs favour.
  registerSchedule('daily-cleanup', '17 3 * * *', CLEANUP_JOB);
}

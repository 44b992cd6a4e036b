import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import type { Actor } from '../auth/actor';
import { DomainError } from '../errors';
import { queueEmail } from '../mail/outbox';
import { getOutboxEmail, listOutbox, readEmlFile, resendEmail } from '../mail/admin';
import { listJobs, retryJob } from '../jobs/admin';
import { enqueueJob } from '../jobs/queue';
import { registerBuiltInJobs } from '../jobs/handlers';
import { registerJobHandler } from '../jobs/registry';
import { drainJobs } from '../jobs/runner';
import { adminOverview } from './overview';

const instance = useTestInstance();
const admin: Actor = { id: 'a', name: 'Awa', email: 'awa@example.org', role: 'admin', locale: 'fr', emailVerified: true };
const member: Actor = { ...admin, id: 'm', name: 'Marc', email: 'marc@example.org', role: 'member' };

beforeAll(() => {
  registerBuiltInJobs();
  registerJobHandler('test.broken', async () => {
    throw new Error('disk full');
  });
});

const mail = (subject: string) => queueEmail(instance.db, { to: 'lea@example.org', locale: 'fr', subject, text: 'Bonjour' });

async function expectNotFound(work: Promise<unknown>) {
  await expect(work).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'not_found');
}

describe('admin pages for anyone else', () => {
  it('answer not found to members and visitors, whatever they ask for', async () => {
    const emailId = await mail('Secret');
    const jobId = (await enqueueJob(instance.db, { kind: 'test.nothing' }))!;
    for (const actor of [member, null]) {
      await expectNotFound(adminOverview(instance.db, actor));
      await expectNotFound(listOutbox(instance.db, actor, { limit: 10 }));
      await expectNotFound(getOutboxEmail(instance.db, actor, emailId));
      await expectNotFound(readEmlFile(instance.db, actor, emailId));
      await expectNotFound(resendEmail(instance.db, actor, emailId));
      await expectNotFound(listJobs(instance.db, actor, { limit: 10 }));
      await expectNotFound(retryJob(instance.db, actor, jobId));
    }
    const email = await instance.db.selectFrom('emails').select('status').where('id', '=', emailId).executeTakeFirstOrThrow();
    expect(email.status).toBe('pending');
  });
});

describe('admin pages for admins', () => {
  it('list the outbox newest first, page by page, filtered by status', async () => {
    const ids: string[] = [];
    for (const subject of ['Un', 'Deux', 'Trois']) ids.push(await mail(subject));
    const first = await listOutbox(instance.db, admin, { limit: 2 });
    expect(first.items.map((e) => e.subject)).toEqual(['Trois', 'Deux']);
    const second = await listOutbox(instance.db, admin, { limit: 2, cursor: first.nextCursor! });
    expect(second.items[0]?.subject).toBe('Un');

    await drainJobs(instance.db);
    const sent = await listOutbox(instance.db, admin, { limit: 50, status: 'sent' });
    expect(sent.items.map((e) => e.id)).toEqual(expect.arrayContaining(ids));
    expect((await listOutbox(instance.db, admin, { limit: 50, status: 'pending' })).items).toEqual([]);

    const detail = await getOutboxEmail(instance.db, admin, ids[0]!);
    expect(detail).toMatchObject({ subject: 'Un', status: 'sent', emlAvailable: true, canResend: false, text: expect.stringContaining('Bonjour') });
    expect((await readEmlFile(instance.db, admin, ids[0]!)).toString()).toContain('Subject: Un');
  });

  it('resend a failed email after confirmation, and refuse to resend one already sent', async () => {
    const id = await mail('Relance');
    await drainJobs(instance.db);
    await expect(resendEmail(instance.db, admin, id)).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'conflict');

    await instance.db.updateTable('emails').set({ status: 'failed', last_error: 'boom' }).where('id', '=', id).execute();
    await resendEmail(instance.db, admin, id);
    expect((await getOutboxEmail(instance.db, admin, id)).status).toBe('pending');
    await drainJobs(instance.db);
    expect((await getOutboxEmail(instance.db, admin, id)).status).toBe('sent');
  });

  it('show failed jobs with their error and retry them', async () => {
    const id = (await enqueueJob(instance.db, { kind: 'test.broken', maxAttempts: 1 }))!;
    await drainJobs(instance.db);
    const failed = await listJobs(instance.db, admin, { limit: 50, status: 'failed' });
    expect(failed.items.find((j) => j.id === id)).toMatchObject({ kind: 'test.broken', lastError: 'disk full', attempts: 1 });

    await retryJob(instance.db, admin, id);
    const pending = await listJobs(instance.db, admin, { limit: 50, status: 'pending' });
    expect(pending.items.find((j) => j.id === id)).toMatchObject({ status: 'pending', attempts: 0 });
    await expect(retryJob(instance.db, admin, id)).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'conflict');

    const overview = await adminOverview(instance.db, admin);
    expect(overview.jobs.pending).toBeGreaterThanOrEqual(1);
    expect(overview.emails.sent).toBeGreaterThanOrEqual(1);
    expect(overview.members).toBe(0);
  });
});

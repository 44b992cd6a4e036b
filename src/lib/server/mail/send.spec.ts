import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type Mail from 'nodemailer/lib/mailer';
import { useTestInstance } from '../../../../tests/setup/instance';
import { registerBuiltInJobs } from '../jobs/handlers';
import { drainJobs } from '../jobs/runner';
import { queueEmail } from './outbox';
import { mailFrom } from './message';
import { sendQueuedEmail } from './send';
import { emlPath, fileTransport, outboxDir, setMailTransport, type MailTransport } from './transport';

const instance = useTestInstance({ ORIGIN: 'https://ruche.example.org', RUCHE_NAME: 'Ruche du Nord' });

beforeAll(() => registerBuiltInJobs());
afterEach(() => setMailTransport(null));

const email = (overrides: Partial<Parameters<typeof queueEmail>[1]> = {}) =>
  queueEmail(instance.db, { to: 'lea@example.org', locale: 'fr', subject: 'Bienvenue', text: 'Bonjour Léa', html: '<p>Bonjour Léa</p>', ...overrides });

async function emailRow(id: string) {
  return instance.db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The file transport, counting how many times it actually writes. */
function countingFiles(): MailTransport & { writes: number } {
  const real = fileTransport();
  const counting = {
    ...real,
    writes: 0,
    async deliver(message: Mail.Options, id: string) {
      counting.writes += 1;
      await real.deliver(message, id);
    }
  };
  return counting;
}

/** A stand-in SMTP server that records what it accepted, or fails as told. */
function fakeSmtp(fail?: () => Error): MailTransport & { accepted: Mail.Options[] } {
  const accepted: Mail.Options[] = [];
  return {
    kind: 'smtp',
    accepted,
    async deliver(message) {
      if (fail) throw fail();
      accepted.push(message);
    },
    wasDelivered: async () => null
  };
}

function emlFiles(): string[] {
  return fs.existsSync(outboxDir()) ? fs.readdirSync(outboxDir()) : [];
}

describe('email delivery', () => {
  it('writes one .eml with a plain-text part, the HTML, a stable Message-ID and the language', async () => {
    const id = await email();
    await drainJobs(instance.db);

    const row = await emailRow(id);
    expect(row.status).toBe('sent');
    expect(row.sent_at).toBeGreaterThan(0);
    const raw = fs.readFileSync(emlPath(id), 'utf8');
    expect(raw).toContain(`Message-ID: ${row.message_id}`);
    expect(row.message_id).toBe(`<${id}@ruche.example.org>`);
    expect(raw).toContain('Content-Language: fr');
    expect(raw).toMatch(/^From: Ruche du Nord <no-reply@ruche\.example\.org>/m);
    expect(raw).toContain('text/plain');
    expect(raw).toContain('text/html');
    expect(emlFiles().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes exactly one .eml even when the send job runs twice, one after the other or at once', async () => {
    const files = countingFiles();
    setMailTransport(files);
    const id = await email();
    const racing = await Promise.allSettled([sendQueuedEmail(instance.db, id), sendQueuedEmail(instance.db, id)]);
    const again = await sendQueuedEmail(instance.db, id);

    expect(files.writes).toBe(1);
    expect(racing.filter((r) => r.status === 'fulfilled' && r.value === 'sent')).toHaveLength(1);
    expect(again).toBe('already_sent');
    expect(emlFiles().filter((f) => f.startsWith(id))).toEqual([`${id}.eml`]);
    expect((await emailRow(id)).status).toBe('sent');
  });

  it('does not write again after a crash between writing the file and marking the email sent', async () => {
    const files = countingFiles();
    setMailTransport(files);
    const id = await email();
    await sendQueuedEmail(instance.db, id);
    // The crash: the file is there but the row never left `sending`.
    await instance.db.updateTable('emails').set({ status: 'sending', sent_at: null }).where('id', '=', id).execute();
    const before = fs.statSync(emlPath(id)).mtimeMs;

    expect(await sendQueuedEmail(instance.db, id)).toBe('already_sent');
    expect(files.writes).toBe(1);
    expect(fs.statSync(emlPath(id)).mtimeMs).toBe(before);
    expect((await emailRow(id)).status).toBe('sent');
  });

  it('writes the file when the crash happened before it was written', async () => {
    const files = countingFiles();
    setMailTransport(files);
    const id = await email();
    await instance.db.updateTable('emails').set({ status: 'sending' }).where('id', '=', id).execute();

    expect(await sendQueuedEmail(instance.db, id)).toBe('sent');
    expect(files.writes).toBe(1);
    expect(fs.existsSync(emlPath(id))).toBe(true);
  });

  it('over SMTP, marks an interrupted email unknown instead of sending it again', async () => {
    const smtp = fakeSmtp();
    setMailTransport(smtp);
    const id = await email();
    await instance.db.updateTable('emails').set({ status: 'sending' }).where('id', '=', id).execute();

    await drainJobs(instance.db);
    expect(smtp.accepted).toHaveLength(0);
    const row = await emailRow(id);
    expect(row.status).toBe('unknown');
    expect(row.last_error).toMatch(/may or may not/);
    await drainJobs(instance.db);
    expect(smtp.accepted).toHaveLength(0);
  });

  it('sends over SMTP to the one recipient, from the configured sender', async () => {
    const smtp = fakeSmtp();
    setMailTransport(smtp);
    const id = await email({ to: 'Léa Tremblay <lea@example.org>' });
    await drainJobs(instance.db);
    expect((await emailRow(id)).status).toBe('sent');
    expect(smtp.accepted).toHaveLength(1);
    expect(smtp.accepted[0]?.envelope).toEqual({ from: 'no-reply@ruche.example.org', to: ['lea@example.org'] });
  });

  it('retries a transient SMTP error later and keeps the email pending with the reason', async () => {
    setMailTransport(fakeSmtp(() => Object.assign(new Error('421 try again later'), { responseCode: 421 })));
    const id = await email();
    await drainJobs(instance.db);

    expect(await emailRow(id)).toMatchObject({ status: 'pending', attempts: 1, last_error: '421 try again later' });
    const job = await instance.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', `email:${id}`).executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.run_at).toBeGreaterThan(Date.now());
  });

  it('marks the email failed with the reason when the server refuses it for good', async () => {
    setMailTransport(fakeSmtp(() => Object.assign(new Error('550 no such user'), { responseCode: 550 })));
    const id = await email();
    await drainJobs(instance.db);
    expect(await emailRow(id)).toMatchObject({ status: 'failed', last_error: '550 no such user' });
  });

  it('marks the email failed once the last attempt fails', async () => {
    setMailTransport(fakeSmtp(() => new Error('connection refused')));
    const id = await email();
    await instance.db.updateTable('jobs').set({ max_attempts: 2 }).where('dedupe_key', '=', `email:${id}`).execute();
    await drainJobs(instance.db);
    await instance.db.updateTable('jobs').set({ run_at: Date.now() - 1 }).where('dedupe_key', '=', `email:${id}`).execute();
    await drainJobs(instance.db);
    expect(await emailRow(id)).toMatchObject({ status: 'failed', attempts: 2, last_error: 'connection refused' });
  });
});

describe('header injection', () => {
  it('keeps CR/LF in a subject from adding a header', async () => {
    const id = await email({ subject: 'Bonjour\r\nBcc: intrus@example.com' });
    // Also when the row itself holds the line break (written by something other than queueEmail).
    const raw = await email();
    await instance.db.updateTable('emails').set({ subject: 'Salut\r\nBcc: intrus@example.com\r\n' }).where('id', '=', raw).execute();
    await drainJobs(instance.db);

    for (const emailId of [id, raw]) {
      const eml = fs.readFileSync(emlPath(emailId), 'utf8');
      expect(eml).not.toMatch(/^bcc:/im);
    }
  });

  it('never sends to a recipient carrying an injected header', async () => {
    const smtp = fakeSmtp();
    setMailTransport(smtp);
    const id = await email({ to: 'lea@example.org\r\nBcc: intrus@example.com' });
    const raw = await email();
    await instance.db.updateTable('emails').set({ to_address: 'lea@example.org\r\nBcc: intrus@example.com' }).where('id', '=', raw).execute();
    await drainJobs(instance.db);

    expect(smtp.accepted).toHaveLength(0);
    for (const emailId of [id, raw]) {
      expect(await emailRow(emailId)).toMatchObject({ status: 'failed', last_error: 'the recipient is not a single valid address' });
    }
  });

  it('reads the sender from RUCHE_MAIL_FROM without letting it add a header', () => {
    expect(mailFrom({ RUCHE_MAIL_FROM: '"Équipe Ruche" <bonjour@ruche.example.org>' })).toEqual({ name: 'Équipe Ruche', address: 'bonjour@ruche.example.org' });
    expect(mailFrom({ RUCHE_MAIL_FROM: 'bonjour@ruche.example.org\r\nBcc: intrus@example.com' }).address).toBe('no-reply@ruche.example.org');
  });
});

// Keeps path checks honest: an id from elsewhere never becomes a path outside the outbox.
describe('outbox files', () => {
  it('refuses an id that is not an email id', () => {
    expect(() => emlPath('../../etc/passwd')).toThrow();
    expect(path.dirname(emlPath('0190f1a2-0000-7000-8000-000000000000'))).toBe(outboxDir());
  });
});

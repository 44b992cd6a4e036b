// Where emails go: an SMTP server when SMTP_URL is set, otherwise one .eml file per email in
// $DATA_DIR/outbox/. Both sit behind one small interface so the send job does not care which.
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { config } from '../config';
import { writeFileAtomically } from '../files';

export type MailTransport = {
  kind: 'file' | 'smtp';
  deliver(message: Mail.Options, emailId: string): Promise<void>;
  /**
   * After an interrupted attempt: true when that attempt provably delivered, false when it
   * provably did not, null when there is no way to know (SMTP).
   */
  wasDelivered(emailId: string): Promise<boolean | null>;
};

export function outboxDir(): string {
  return path.join(config().dataDir, 'outbox');
}

const emailIdPattern = /^[0-9a-f-]{36}$/i;

/** The .eml file of an email; ids come from the database, the check keeps paths inside the outbox. */
export function emlPath(emailId: string): string {
  if (!emailIdPattern.test(emailId)) throw new Error('invalid email id');
  return path.join(outboxDir(), `${emailId}.eml`);
}

export async function emlExists(emailId: string): Promise<boolean> {
  try {
    await fs.access(emlPath(emailId));
    return true;
  } catch {
    return false;
  }
}

/** Renders the raw message exactly as an SMTP server would receive it. */
export async function renderRaw(message: Mail.Options): Promise<Buffer> {
  const renderer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await renderer.sendMail(message);
  return info.message as Buffer;
}

export function fileTransport(): MailTransport {
  return {
    kind: 'file',
    async deliver(message, emailId) {
      const raw = await renderRaw(message);
      // The .eml either exists whole or not at all, which is what lets a retry after a crash tell
      // whether the email went out.
      await writeFileAtomically(emlPath(emailId), raw);
    },
    wasDelivered: (emailId) => emlExists(emailId)
  };
}

export function smtpTransport(url: string): MailTransport {
  // Bounded waits keep one send well inside the job's lease, so a slow server cannot make the
  // runner believe the worker died while it is still talking to it.
  const transporter = nodemailer.createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    kind: 'smtp',
    async deliver(message) {
      await transporter.sendMail(message);
    },
    wasDelivered: async () => null
  };
}

let override: MailTransport | null = null;
let cached: { key: string; transport: MailTransport } | null = null;

export function mailTransport(): MailTransport {
  if (override) return override;
  const key = config().smtpUrl ?? `file:${outboxDir()}`;
  if (cached?.key !== key) {
    cached = { key, transport: config().smtpUrl ? smtpTransport(config().smtpUrl!) : fileTransport() };
  }
  return cached.transport;
}

/** Tests put a fake SMTP server in place; null restores the configured transport. */
export function setMailTransport(next: MailTransport | null): void {
  override = next;
}

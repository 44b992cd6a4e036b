// Turns an outbox row into the message nodemailer sends: one plain recipient, a fixed Message-ID,
// header values that cannot start a new header line.
import addressparser from 'nodemailer/lib/addressparser';
import type Mail from 'nodemailer/lib/mailer';
import { config } from '../config';
import type { Email } from '../db/schema';
import { headerSafe } from './outbox';

export type Sender = { name: string; address: string };

const plainAddress = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/** Exactly one plain mailbox, or null for anything else (several addresses, a group, an injected header). */
function singleMailbox(value: string): Sender | null {
  const parsed = addressparser(headerSafe(value));
  const [entry] = parsed;
  // Groups parse with no address of their own.
  if (parsed.length !== 1 || !entry?.address || !plainAddress.test(entry.address)) return null;
  return { name: entry.name, address: entry.address };
}

/**
 * RUCHE_MAIL_FROM (`"Name" <address>` or a bare address), else "<instance name>" <no-reply@origin
 * host>. A value that is not one mailbox is ignored rather than trusted.
 */
export function mailFrom(env: NodeJS.ProcessEnv = process.env): Sender {
  const configured = env.RUCHE_MAIL_FROM?.trim() ? singleMailbox(env.RUCHE_MAIL_FROM) : null;
  if (configured) return { name: configured.name || config().instanceName, address: configured.address };
  const host = new URL(config().origin).hostname || 'localhost';
  return { name: config().instanceName, address: `no-reply@${host}` };
}

/** The single address an email goes to, or null: such an email is never sent. */
export function singleRecipient(to: string): string | null {
  return singleMailbox(to)?.address ?? null;
}

/** Names an email may add: list headers and our own; never one that addresses or describes the message. */
const extraHeaderName = /^(List-[A-Za-z-]+|X-Ruche-[A-Za-z-]+)$/;

/** The extra headers stored with an email, each name checked and each value unable to start a new line. */
function extraHeaders(stored: string | null): Record<string, string> {
  if (!stored) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object') return {};
  return Object.fromEntries(
    Object.entries(parsed).filter((entry): entry is [string, string] => extraHeaderName.test(entry[0]) && typeof entry[1] === 'string').map(([name, value]) => [name, headerSafe(value)])
  );
}

export function buildMessage(email: Email, from: Sender = mailFrom()): Mail.Options | null {
  const to = singleRecipient(email.to_address);
  if (!to) return null;
  const language = email.locale === 'en' ? 'en' : 'fr';
  return {
    from,
    to,
    // The envelope is set explicitly so no header value can ever add a recipient.
    envelope: { from: from.address, to: [to] },
    subject: headerSafe(email.subject),
    messageId: email.message_id,
    date: new Date(email.created_at),
    text: email.text_body,
    html: email.html_body ?? undefined,
    icalEvent: email.calendar ? { method: 'REQUEST', filename: 'invitation.ics', content: email.calendar } : undefined,
    headers: { ...extraHeaders(email.headers), 'Content-Language': language }
  };
}

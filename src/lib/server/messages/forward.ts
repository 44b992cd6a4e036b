// A private message forwarded by email to a member who chose it (account settings): the text as
// written and a link back to the conversation, in the recipient's language. Names and subjects go
// through headerSafe, so a display name with a line break can never add a header. Attached files are
// only named: they stay behind the conversation's rules, never in a mailbox nor behind a bare link.
import { isLocale } from '../../i18n';
import { config } from '../config';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import { unsubscribeHeaders } from '../digests/render';
import { unsubscribeUrl } from '../digests/unsubscribe';
import { composeEmail } from '../mail/compose';
import { headerSafe, queueEmail } from '../mail/outbox';

export type Forwarded = {
  conversationId: string;
  subject: string | null;
  authorName: string;
  body: string;
  /** Names of the files attached to the message, if any. */
  fileNames?: string[];
  recipient: { id: string; email: string; name: string; locale: string };
};

export async function forwardByEmail(db: Executor, message: Forwarded): Promise<void> {
  const locale = isLocale(message.recipient.locale) ? message.recipient.locale : 'fr';
  const subject = message.subject ? headerSafe(message.subject) : null;
  const fileNames = message.fileNames ?? [];
  // Like every notification email: one click stops the forwarding (RFC 8058).
  const unsubscribe = await unsubscribeUrl(db as DB, message.recipient.id, { kind: 'notification', notification: 'private_message' });
  await queueEmail(db, {
    headers: unsubscribeHeaders(unsubscribe),
    ...composeEmail(message.recipient.email, locale, {
      subject: subject ? 'messages.email.subject_about' : 'messages.email.subject',
      paragraphs: fileNames.length > 0 ? ['messages.email.body', 'messages.attachments.email_files'] : ['messages.email.body'],
      params: { author: headerSafe(message.authorName), name: headerSafe(message.recipient.name), subject: subject ?? '', count: fileNames.length, files: fileNames.join(', ') },
      quote: message.body,
      action: { label: 'messages.email.action', url: `${config().origin}/messages/${message.conversationId}` }
    })
  });
}

// The account emails (verification, change of address, password reset, magic link, "you already
// have an account"). They go through the outbox in the recipient's saved language, never directly.
import type { DB } from '../db';
import { config } from '../config';
import { composeEmail } from '../mail/compose';
import { queueEmail } from '../mail/outbox';
import { isLocale, type Locale } from '../../i18n';

type Recipient = { id: string; email: string };

async function savedAccount(db: DB, where: { id: string } | { email: string }) {
  let query = db.selectFrom('users').select(['id', 'email', 'name', 'locale']);
  query = 'id' in where ? query.where('id', '=', where.id) : query.where('email', '=', where.email.toLowerCase());
  const row = await query.executeTakeFirst();
  return row ? { ...row, locale: (isLocale(row.locale) ? row.locale : 'fr') as Locale } : null;
}

function link(path: string, token: string): string {
  return `${config().origin}${path}?token=${encodeURIComponent(token)}`;
}

/**
 * better-auth calls this both after sign-up and when a member asks to change address; in the second
 * case the recipient is the new address while the saved one is still the old.
 */
export async function sendVerification(db: DB, user: Recipient, token: string): Promise<void> {
  const account = await savedAccount(db, { id: user.id });
  if (!account) return;
  const changing = account.email !== user.email.toLowerCase();
  const params = { name: account.name, email: user.email };
  const content = changing
    ? {
        subject: 'email.auth_change_subject' as const,
        paragraphs: ['email.auth_change_body' as const, 'email.auth_change_ignore' as const],
        params,
        action: { label: 'email.auth_change_action' as const, url: link('/verify-email', token) }
      }
    : {
        subject: 'email.auth_verify_subject' as const,
        paragraphs: ['email.auth_verify_body' as const, 'email.auth_verify_ignore' as const],
        params,
        action: { label: 'email.auth_verify_action' as const, url: link('/verify-email', token) }
      };
  await queueEmail(db, composeEmail(user.email, account.locale, content));
}

export async function sendPasswordReset(db: DB, user: Recipient, token: string): Promise<void> {
  const account = await savedAccount(db, { id: user.id });
  if (!account) return;
  await queueEmail(
    db,
    composeEmail(account.email, account.locale, {
      subject: 'email.auth_reset_subject',
      paragraphs: ['email.auth_reset_body', 'email.auth_reset_ignore'],
      params: { name: account.name },
      action: { label: 'email.auth_reset_action', url: link('/reset-password', token) }
    })
  );
}

/** Unknown addresses get nothing: the page answers the same either way, and we do not mail strangers. */
export async function sendMagicLink(db: DB, email: string, token: string): Promise<void> {
  const account = await savedAccount(db, { email });
  if (!account) return;
  await queueEmail(
    db,
    composeEmail(account.email, account.locale, {
      subject: 'email.auth_magic_subject',
      paragraphs: ['email.auth_magic_body', 'email.auth_magic_ignore'],
      params: { name: account.name },
      action: { label: 'email.auth_magic_action', url: link('/login/link', token) }
    })
  );
}

/** Sign-up with a registered address: the page says "check your inbox", the inbox says why. */
export async function sendAlreadyRegistered(db: DB, user: Recipient): Promise<void> {
  const account = await savedAccount(db, { id: user.id });
  if (!account) return;
  await queueEmail(
    db,
    composeEmail(account.email, account.locale, {
      subject: 'email.auth_exists_subject',
      paragraphs: ['email.auth_exists_body', 'email.auth_exists_ignore'],
      params: { name: account.name },
      action: { label: 'email.auth_exists_action', url: `${config().origin}/login` }
    })
  );
}

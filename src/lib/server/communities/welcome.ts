// The welcome message the animators write once, sent by email to each new member in their own
// language. (Members will choose, with the notifications, whether they also want it by email.)
import type { Executor } from '../jobs/queue';
import type { Community } from '../db/schema';
import { config } from '../config';
import { composeEmail } from '../mail/compose';
import { queueEmail } from '../mail/outbox';
import { isLocale } from '../../i18n';

/** Tells a requester that their request was declined, with the animators' message if they wrote one. */
export async function sendDeclined(db: Executor, community: Community, userId: string, message: string | null): Promise<void> {
  const user = await db.selectFrom('users').select(['email', 'name', 'locale']).where('id', '=', userId).executeTakeFirst();
  if (!user) return;
  const locale = isLocale(user.locale) ? user.locale : 'fr';
  await queueEmail(
    db,
    composeEmail(user.email, locale, {
      subject: 'email.request_declined_subject',
      paragraphs: message ? ['email.request_declined_body', 'email.request_approved_note'] : ['email.request_declined_body'],
      params: { name: user.name, community: community.name },
      quote: message ?? undefined
    })
  );
}

/** The welcome email; an approval's message from the animators, if any, comes before the welcome. */
export async function sendWelcome(db: Executor, community: Community, userId: string, note: string | null = null): Promise<void> {
  const user = await db.selectFrom('users').select(['email', 'name', 'locale']).where('id', '=', userId).executeTakeFirst();
  if (!user) return;
  const locale = isLocale(user.locale) ? user.locale : 'fr';
  const email = composeEmail(user.email, locale, {
    subject: 'email.community_welcome_subject',
    paragraphs: community.welcome_message ? ['email.community_welcome_body'] : ['email.community_welcome_body', 'email.community_welcome_default'],
    params: { name: user.name, community: community.name },
    quote: [note, community.welcome_message].filter(Boolean).join('\n\n') || undefined,
    action: { label: 'email.community_welcome_action', url: `${config().origin}/c/${community.slug}` }
  });
  await queueEmail(db, email);
}

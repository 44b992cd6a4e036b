// The welcome message the animators write once, sent by email to each new member in their own
// language. (Members will choose, with the notifications, whether they also want it by email.)
import type { Executor } from '../jobs/queue';
import type { Community } from '../db/schema';
import { config } from '../config';
import { composeEmail } from '../mail/compose';
import { queueEmail } from '../mail/outbox';
import { isLocale } from '../../i18n';

export async function sendWelcome(db: Executor, community: Community, userId: string): Promise<void> {
  const user = await db.selectFrom('users').select(['email', 'name', 'locale']).where('id', '=', userId).executeTakeFirst();
  if (!user) return;
  const locale = isLocale(user.locale) ? user.locale : 'fr';
  const email = composeEmail(user.email, locale, {
    subject: 'email.community_welcome_subject',
    paragraphs: community.welcome_message ? ['email.community_welcome_body'] : ['email.community_welcome_body', 'email.community_welcome_default'],
    params: { name: user.name, community: community.name },
    quote: community.welcome_message ?? undefined,
    action: { label: 'email.community_welcome_action', url: `${config().origin}/c/${community.slug}` }
  });
  await queueEmail(db, email);
}

// The welcome message the animators write once, given to each new member in the app (the
// community's page shows it until they put it away) and by email in their own language, unless they
// chose to have it in the app only (account settings).
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import type { Community } from '../db/schema';
import { findCommunity, requireMember } from '../access';
import { now } from '../ids';
import { config } from '../config';
import { composeEmail } from '../mail/compose';
import { queueEmail } from '../mail/outbox';
import { isLocale } from '../../i18n';
import { wantsEmail } from '../preferences';
import { mayEmail } from '../digests/budget';
import { unsubscribeHeaders } from '../digests/render';
import { unsubscribeUrl } from '../digests/unsubscribe';

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
  if (!user || !(await wantsEmail(db, userId, 'community_welcome'))) return;
  // Not urgent: past the member's weekly ceiling, the in-app welcome is enough.
  if (!(await mayEmail(db, userId, { urgent: false }))) return;
  const locale = isLocale(user.locale) ? user.locale : 'fr';
  const email = composeEmail(user.email, locale, {
    subject: 'email.community_welcome_subject',
    paragraphs: community.welcome_message ? ['email.community_welcome_body'] : ['email.community_welcome_body', 'email.community_welcome_default'],
    params: { name: user.name, community: community.name },
    quote: [note, community.welcome_message].filter(Boolean).join('\n\n') || undefined,
    action: { label: 'email.community_welcome_action', url: `${config().origin}/c/${community.slug}` }
  });
  const stop = await unsubscribeUrl(db, userId, { kind: 'notification', notification: 'community_welcome' });
  await queueEmail(db, { ...email, headers: unsubscribeHeaders(stop) });
}

/** The new member puts the in-app welcome away; it does not come back (until they join again). */
export async function dismissWelcome(db: DB, actor: Actor | null, slug: string): Promise<void> {
  const member = requireMember(actor);
  const { community } = await findCommunity(db, member, slug);
  await db
    .updateTable('memberships')
    .set({ welcome_seen_at: now() })
    .where('community_id', '=', community.id)
    .where('user_id', '=', member.id)
    .where('welcome_seen_at', 'is', null)
    .execute();
}

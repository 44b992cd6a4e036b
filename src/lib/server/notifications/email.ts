// A notification by email, for the kinds a member chose to receive that way: sent at once while
// their weekly budget allows, otherwise left for their next digest, which gathers the notifications
// of those kinds that no email carried. A private message they asked to have forwarded is urgent and
// always goes.
import type { Notification } from '../db/schema';
import type { Executor } from '../jobs/queue';
import { translate, isLocale, type Locale, type MessageKey } from '../../i18n';
import { config } from '../config';
import { queueEmail } from '../mail/outbox';
import { notificationKinds, preferencesOf, type NotificationKind } from '../preferences';
import { mayEmail } from '../digests/budget';
import { escapeHtml, unsubscribeHeaders } from '../digests/render';
import { unsubscribeUrl } from '../digests/unsubscribe';

/**
 * Kinds whose email is the notification's own (sent by the fan-out, or folded into the digest past
 * the budget). Activity changes, welcomes and forwarded messages have their own emails, sent where
 * they happen: never twice, and never again in the digest.
 */
export const emailedAsNotifications: ReadonlySet<NotificationKind> = new Set(['mention', 'reply', 'comment', 'answer', 'call_to_all', 'join_request', 'request_approved', 'notebook_resource', 'survey_reminder', 'proposal_decided']);

/** Kinds that cannot wait for a digest once the member asked for them by email. */
const urgentKinds: ReadonlySet<NotificationKind> = new Set(['private_message']);

function targetUrl(notification: Notification): string {
  const origin = config().origin;
  if (notification.post_id) return `${origin}/p/${notification.post_id}`;
  if (notification.event_id) return `${origin}/e/${notification.event_id}`;
  if (notification.resource_id) return `${origin}/r/${notification.resource_id}`;
  if (notification.conversation_id) return `${origin}/messages/${notification.conversation_id}`;
  const formId = formOf(notification.payload);
  if (formId) return `${origin}/f/${formId}`;
  return `${origin}/notifications`;
}

/** One text field of a notification's payload, or null when it has none (or the payload is unreadable). */
function payloadText(payload: string, field: string): string | null {
  try {
    const value = (JSON.parse(payload) as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The survey a reminder is about. */
export const formOf = (payload: string): string | null => payloadText(payload, 'formId');

function titleOf(payload: string): string | null {
  return payloadText(payload, 'title')?.trim() || null;
}

/**
 * What an email or a digest line says happened: the kind's name, except for a decision on a
 * proposal, which says which decision — "planned" and "declined" are not news of the same weight.
 */
export function whatHappened(kind: NotificationKind, payload: string): MessageKey {
  const status = kind === 'proposal_decided' ? payloadText(payload, 'status') : null;
  if (status === 'planned' || status === 'declined') return `digests.kinds.proposal_${status}`;
  return `digests.kinds.${kind}`;
}

function compose(locale: Locale, name: string, whatKey: MessageKey, title: string | null, actor: string | null, url: string, unsubscribe: string) {
  const instance = config().instanceName;
  const what = translate(locale, whatKey);
  const subject = translate(locale, 'digests.notification_subject', { what: title ? `${what} — ${title}` : what, instance });
  const lines = [
    translate(locale, 'digests.greeting', { name }),
    actor ? translate(locale, 'digests.notification_by', { what, actor }) : `${what}.`,
    ...(title ? [title] : [])
  ];
  const action = translate(locale, 'digests.notification_action', { instance });
  const why = translate(locale, 'digests.notification_why');
  const stop = translate(locale, 'digests.notification_stop');
  const preferences = translate(locale, 'digests.preferences');
  const preferencesUrl = `${config().origin}/account/notifications`;
  const text = [...lines, `${action}\n${url}`, '--', why, `${preferences}: ${preferencesUrl}`, `${stop}: ${unsubscribe}`].join('\n\n');
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;line-height:1.6;color:#1f1a14">
${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#92400e;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(action)}</a></p>
<hr style="border:none;border-top:1px solid #d9d2c5"><p style="font-size:13px;color:#5b5348">${escapeHtml(why)}<br><a href="${escapeHtml(preferencesUrl)}" style="color:#92400e">${escapeHtml(preferences)}</a> · <a href="${escapeHtml(unsubscribe)}" style="color:#92400e">${escapeHtml(stop)}</a></p>
</body></html>`;
  return { subject, text, html };
}

/**
 * Emails one notification when its recipient wants its kind by email: 'sent' (queued in the outbox
 * with the caller's executor), 'folded' (the budget is spent; the digest will carry it) or 'skipped'
 * (the member wants it another way, or is gone).
 */
export async function emailNotification(db: Executor, notification: Notification): Promise<'sent' | 'folded' | 'skipped'> {
  if (!Object.hasOwn(notificationKinds, notification.kind)) return 'skipped';
  const kind = notification.kind as NotificationKind;
  const user = await db.selectFrom('users').select(['id', 'name', 'email', 'locale', 'email_verified']).where('id', '=', notification.user_id).executeTakeFirst();
  if (!user || !user.email_verified) return 'skipped';
  if ((await preferencesOf(db, user.id))[kind] !== 'email') return 'skipped';
  if (!(await mayEmail(db, user.id, { urgent: urgentKinds.has(kind) }))) return 'folded';
  const actor = notification.actor_id ? await db.selectFrom('users').select('name').where('id', '=', notification.actor_id).executeTakeFirst() : undefined;
  const locale: Locale = isLocale(user.locale) ? user.locale : 'fr';
  const unsubscribe = await unsubscribeUrl(db, user.id, { kind: 'notification', notification: kind });
  await queueEmail(db, {
    to: user.email,
    locale,
    ...compose(locale, user.name, whatHappened(kind, notification.payload), titleOf(notification.payload), actor?.name ?? null, targetUrl(notification), unsubscribe),
    // The id tells the digest this one went by email (and lets a mail program thread or filter it).
    headers: { ...unsubscribeHeaders(unsubscribe), 'X-Ruche-Notification': notification.id }
  });
  return 'sent';
}

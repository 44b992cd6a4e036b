// Builds a plain-text and an HTML body from translated pieces, in the recipient's language.
import { translate, type Locale, type MessageKey, type MessageParams } from '../../i18n';
import { config } from '../config';
import type { OutgoingEmail } from './outbox';

export type EmailContent = {
  subject: MessageKey;
  paragraphs: MessageKey[];
  params?: MessageParams;
  action?: { label: MessageKey; url: string };
  /** A member's own words (a welcome message, a note), quoted after the paragraphs as written. */
  quote?: string;
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function composeEmail(to: string, locale: Locale, content: EmailContent): OutgoingEmail {
  const params = { instance: config().instanceName, ...content.params };
  const subject = translate(locale, content.subject, params);
  const paragraphs = content.paragraphs.map((key) => translate(locale, key, params));
  const footer = translate(locale, 'email.footer', params);
  const action = content.action
    ? { label: translate(locale, content.action.label, params), url: content.action.url }
    : null;

  const quote = content.quote?.trim() || null;
  const text = [
    ...paragraphs,
    ...(quote ? [quote.split('\n').map((line) => `> ${line}`).join('\n')] : []),
    ...(action ? [`${action.label}\n${action.url}`] : []),
    '--',
    footer
  ].join('\n\n');

  const html = `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;line-height:1.6;color:#1f1a14">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${quote ? `<blockquote style="margin:0;padding:0 0 0 12px;border-left:3px solid #d9d2c5;white-space:pre-line">${escapeHtml(quote)}</blockquote>` : ''}
${action ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#92400e;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>\n<p style="font-size:13px;color:#5b5348">${escapeHtml(action.url)}</p>` : ''}
<hr style="border:none;border-top:1px solid #d9d2c5"><p style="font-size:13px;color:#5b5348">${escapeHtml(footer)}</p>
</body></html>`;

  return { to, locale, subject, text, html };
}

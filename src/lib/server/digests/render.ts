// A digest as an email: a plain-text part and a simple HTML part (inline styles, one table, no image,
// no script) that common mail programs show alike, in the member's language, with a link to their
// preferences and a one-click unsubscribe (RFC 8058).
import { translate, type Locale, type MessageKey } from '../../i18n';
import { config } from '../config';
import type { OutgoingEmail } from '../mail/outbox';
import type { Digest, DigestItem, DigestSection } from './build';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The two headers that make a one-click unsubscribe, and the unsubscribe address by email when there is one. */
export function unsubscribeHeaders(url: string, mailto?: string): Record<string, string> {
  const targets = [`<${url}>`, ...(mailto ? [`<mailto:${mailto}?subject=unsubscribe>`] : [])];
  return { 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

type Block = { heading: string; lines: { text: string; url: string; detail: string | null }[]; more: string | null; moreUrl: string };

// One formatter per language, zone and style for a whole run: building one costs far more than using it
// (and ICU keeps its memory outside V8's heap). Few members' zones differ, so the map stays small.
const formatters = new Map<string, Intl.DateTimeFormat>();

function when(locale: Locale, at: number, timeZone: string, withTime: boolean): string {
  const key = `${locale}|${timeZone}|${withTime}`;
  let format = formatters.get(key);
  if (!format) {
    if (formatters.size >= 200) formatters.clear();
    format = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', withTime ? { dateStyle: 'full', timeStyle: 'short', timeZone } : { dateStyle: 'long', timeZone });
    formatters.set(key, format);
  }
  return format.format(at);
}

function blocks(digest: Digest): Block[] {
  const { locale, timeZone } = digest.recipient;
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const from = (heading: MessageKey, section: DigestSection, detail: (item: DigestItem) => string | null): Block => ({
    heading: tr(heading),
    lines: section.items.map((item) => ({ text: item.title, url: item.url, detail: detail(item) })),
    more: section.more > 0 ? tr('digests.more', { count: section.more }) : null,
    moreUrl: section.moreUrl
  });
  const inCommunity = (item: DigestItem) => (item.community ? tr('digests.in_community', { community: item.community }) : null);
  const all: Block[] = [
    {
      heading: tr('digests.sections.notifications'),
      lines: digest.notifications.items.map((n) => ({
        text: n.title ? `${tr(n.what)} — ${n.title}` : tr(n.what),
        url: n.url,
        detail: n.actor
      })),
      more: digest.notifications.more > 0 ? tr('digests.more', { count: digest.notifications.more }) : null,
      moreUrl: digest.notifications.moreUrl
    },
    from('digests.sections.publications', digest.publications, inCommunity),
    from('digests.sections.answers', digest.answers, inCommunity),
    from('digests.sections.resources', digest.resources, () => null),
    from('digests.sections.events', digest.events, (item) => when(locale, item.at, timeZone, true))
  ];
  return all.filter((block) => block.lines.length > 0);
}

/** Subject, text and HTML of the digest; `unsubscribe` is the signed one-click address. */
export function renderDigest(digest: Digest, unsubscribe: string): { subject: string; text: string; html: string } {
  const { locale, name } = digest.recipient;
  const instance = config().instanceName;
  const origin = config().origin;
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const subject = tr(`digests.subject_${digest.frequency}`, { instance });
  const greeting = tr('digests.greeting', { name });
  const intro = tr(`digests.intro_${digest.frequency}`, { since: when(locale, digest.since, digest.recipient.timeZone, false) });
  const preferencesUrl = `${origin}/account/notifications`;
  const preferences = tr('digests.preferences');
  const stop = tr(`digests.unsubscribe_${digest.frequency}`);
  const footer = tr('digests.footer', { instance });
  const parts = blocks(digest);

  const text = [
    greeting,
    intro,
    ...parts.map((block) =>
      [
        block.heading.toUpperCase(),
        ...block.lines.map((line) => `- ${line.text}${line.detail ? ` (${line.detail})` : ''}\n  ${line.url}`),
        ...(block.more ? [`${block.more}: ${block.moreUrl}`] : [])
      ].join('\n')
    ),
    '--',
    footer,
    `${preferences}: ${preferencesUrl}`,
    `${stop}: ${unsubscribe}`
  ].join('\n\n');

  const muted = 'font-size:13px;color:#5b5348';
  const link = 'color:#92400e';
  const rows = parts
    .map(
      (block) => `<tr><td style="padding:16px 0 4px"><h2 style="margin:0;font-size:18px">${escapeHtml(block.heading)}</h2></td></tr>
${block.lines
  .map(
    (line) =>
      `<tr><td style="padding:6px 0;border-bottom:1px solid #ece6da"><a href="${escapeHtml(line.url)}" style="${link};font-weight:600">${escapeHtml(line.text)}</a>${line.detail ? `<br><span style="${muted}">${escapeHtml(line.detail)}</span>` : ''}</td></tr>`
  )
  .join('\n')}
${block.more ? `<tr><td style="padding:6px 0"><a href="${escapeHtml(block.moreUrl)}" style="${link}">${escapeHtml(block.more)}</a></td></tr>` : ''}`
    )
    .join('\n');

  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#faf7f2">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#faf7f2"><tr><td align="center" style="padding:16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;padding:8px 20px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1f1a14">
<tr><td style="padding:16px 0 0"><p style="margin:0 0 8px">${escapeHtml(greeting)}</p><p style="margin:0">${escapeHtml(intro)}</p></td></tr>
${rows}
<tr><td style="padding:24px 0 16px;${muted}"><p style="margin:0 0 8px">${escapeHtml(footer)}</p>
<p style="margin:0"><a href="${escapeHtml(preferencesUrl)}" style="${link}">${escapeHtml(preferences)}</a> · <a href="${escapeHtml(unsubscribe)}" style="${link}">${escapeHtml(stop)}</a></p></td></tr>
</table></td></tr></table>
</body></html>`;

  return { subject, text, html };
}

/** The digest ready for the outbox, carrying its unsubscribe headers. */
export function digestEmail(digest: Digest, unsubscribe: string): OutgoingEmail {
  return { to: digest.recipient.email, locale: digest.recipient.locale, ...renderDigest(digest, unsubscribe), headers: unsubscribeHeaders(unsubscribe) };
}

// Dates as members read them, in their language (Canadian French or English conventions).
import type { Locale } from '.';

const formats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(locale: Locale, epochMs: number, style: 'date' | 'datetime' = 'datetime'): string {
  const key = `${locale}:${style}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = style === 'date' ? { dateStyle: 'long' } : { dateStyle: 'medium', timeStyle: 'short' };
    format = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', options);
    formats.set(key, format);
  }
  return format.format(epochMs);
}

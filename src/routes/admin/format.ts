// Dates in admin tables, in the reader's language.
import type { Locale } from '$lib/i18n';

export function formatWhen(locale: Locale, epochMs: number | null): string {
  if (epochMs === null) return '—';
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

export function isoWhen(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

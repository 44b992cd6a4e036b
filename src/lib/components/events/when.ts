// When an activity happens, read on its own clock with the zone named, in the reader's language.
import type { Locale } from '$lib/i18n';

const tag = (locale: Locale) => (locale === 'fr' ? 'fr-CA' : 'en-CA');

/** "jeudi 3 décembre 2026, 12 h 00 – 13 h 30 (America/Toronto)". */
export function eventWhen(locale: Locale, startsAt: number, endsAt: number, timeZone: string): string {
  const day = new Intl.DateTimeFormat(tag(locale), { dateStyle: 'full', timeZone });
  const time = new Intl.DateTimeFormat(tag(locale), { timeStyle: 'short', timeZone });
  const sameDay = day.format(startsAt) === day.format(endsAt);
  const end = sameDay ? time.format(endsAt) : `${day.format(endsAt)}, ${time.format(endsAt)}`;
  return `${day.format(startsAt)}, ${time.format(startsAt)} – ${end} (${timeZone.replace(/_/g, ' ')})`;
}

/**
 * The same start on the reader's own clock, when they chose one that differs from the activity's:
 * "12 h 00 (Europe/Paris)", with the date when it is another day there. Null otherwise.
 */
export function readerWhen(locale: Locale, startsAt: number, timeZone: string, readerZone: string | null | undefined): string | null {
  if (!readerZone || readerZone === timeZone) return null;
  const inZone = (zone: string) => new Intl.DateTimeFormat(tag(locale), { dateStyle: 'full', timeZone: zone }).format(startsAt);
  const time = new Intl.DateTimeFormat(tag(locale), { timeStyle: 'short', timeZone: readerZone }).format(startsAt);
  if (time === new Intl.DateTimeFormat(tag(locale), { timeStyle: 'short', timeZone }).format(startsAt) && inZone(readerZone) === inZone(timeZone)) return null;
  const day = inZone(readerZone) === inZone(timeZone) ? '' : `${inZone(readerZone)}, `;
  return `${day}${time} (${readerZone.replace(/_/g, ' ')})`;
}

/** A short date and time on the activity's clock, for lists of sessions. */
export function shortWhen(locale: Locale, at: number, timeZone: string): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at);
}

/** The time of day only, for the month grid. */
export function timeOfDay(locale: Locale, at: number, timeZone: string): string {
  return new Intl.DateTimeFormat(tag(locale), { timeStyle: 'short', timeZone }).format(at);
}

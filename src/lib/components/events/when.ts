// When an activity happens, read on its own clock with the zone named, in the reader's language.
import type { Locale } from '$lib/i18n';

const tag = (locale: Locale) => (locale === 'fr' ? 'fr-CA' : 'en-CA');

type Style = 'day' | 'time' | 'short';
const styles: Record<Style, Intl.DateTimeFormatOptions> = { day: { dateStyle: 'full' }, time: { timeStyle: 'short' }, short: { dateStyle: 'medium', timeStyle: 'short' } };
const cache = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per language, style and zone, made once: building an Intl.DateTimeFormat is costly,
 * and its ICU memory lives outside the JavaScript heap, so making several per event on every page
 * grew the server's memory by hundreds of megabytes under load (the benchmark's agenda scenario).
 */
function formatter(locale: Locale, style: Style, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${style}|${timeZone}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag(locale), { ...styles[style], timeZone });
    cache.set(key, format);
  }
  return format;
}

/** "jeudi 3 décembre 2026, 12 h 00 – 13 h 30 (America/Toronto)". */
export function eventWhen(locale: Locale, startsAt: number, endsAt: number, timeZone: string): string {
  const day = formatter(locale, 'day', timeZone);
  const time = formatter(locale, 'time', timeZone);
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
  const inZone = (zone: string) => formatter(locale, 'day', zone).format(startsAt);
  const time = formatter(locale, 'time', readerZone).format(startsAt);
  if (time === formatter(locale, 'time', timeZone).format(startsAt) && inZone(readerZone) === inZone(timeZone)) return null;
  const day = inZone(readerZone) === inZone(timeZone) ? '' : `${inZone(readerZone)}, `;
  return `${day}${time} (${readerZone.replace(/_/g, ' ')})`;
}

/** A short date and time on the activity's clock, for lists of sessions. */
export function shortWhen(locale: Locale, at: number, timeZone: string): string {
  return formatter(locale, 'short', timeZone).format(at);
}

/** The time of day only, for the month grid. */
export function timeOfDay(locale: Locale, at: number, timeZone: string): string {
  return formatter(locale, 'time', timeZone).format(at);
}

// Recurring series, in the wall-clock time of their time zone: a webinar "every second Tuesday at
// noon in Toronto" stays at noon across daylight-saving changes. Luxon does the time-zone arithmetic;
// the same rule is written as an RFC 5545 RRULE for calendars.
import { DateTime } from 'luxon';
import { maxOccurrences } from '../../shared/events';

export type SeriesRule = {
  freq: 'weekly' | 'monthly_date' | 'monthly_weekday';
  /** Every `interval` weeks or months. */
  interval: number;
  /** The last day an occurrence may start on (yyyy-mm-dd, in the series' time zone), or… */
  until?: string | null;
  /** …how many occurrences in all. */
  count?: number | null;
};

const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** Is this an IANA time zone name the server knows? */
export function isTimeZone(name: string): boolean {
  return DateTime.now().setZone(name).isValid;
}

/** Which week of its month a date falls in: 1 to 4, or -1 for the last one (a 5th is "last"). */
function weekOfMonth(date: DateTime): number {
  const nth = Math.ceil(date.day / 7);
  return nth === 5 ? -1 : nth;
}

/** The `nth` (or last, -1) `weekday` of the month holding `month`, at the time of `time`. */
function nthWeekday(month: DateTime, weekday: number, nth: number, time: DateTime): DateTime | null {
  const base = month.set({ day: 1, hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
  if (nth === -1) {
    const last = base.endOf('month').set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
    return last.minus({ days: (last.weekday - weekday + 7) % 7 });
  }
  const first = base.plus({ days: (weekday - base.weekday + 7) % 7 });
  const found = first.plus({ weeks: nth - 1 });
  return found.month === base.month ? found : null;
}

/**
 * The starts (epoch ms) of every occurrence, the first one included, in order. `first` is the first
 * start; each occurrence keeps its wall-clock time in `timeZone`.
 */
export function occurrences(first: number, timeZone: string, rule: SeriesRule): number[] {
  const start = DateTime.fromMillis(first, { zone: timeZone });
  const limit = Math.min(rule.count ?? maxOccurrences, maxOccurrences);
  const until = rule.until ? DateTime.fromISO(rule.until, { zone: timeZone }).endOf('day') : null;
  const found: number[] = [];
  for (let step = 0; found.length < limit && step < maxOccurrences * 2; step++) {
    let next: DateTime | null;
    if (rule.freq === 'weekly') next = start.plus({ weeks: step * rule.interval });
    else if (rule.freq === 'monthly_date') {
      next = start.plus({ months: step * rule.interval });
      // A 31st does not fall in a 30-day month: that month has no occurrence, as in RFC 5545.
      if (next.day !== start.day) next = null;
    } else next = nthWeekday(start.plus({ months: step * rule.interval }), start.weekday, weekOfMonth(start), start);
    if (!next) continue;
    if (until && next > until) break;
    found.push(next.toMillis());
  }
  return found;
}

/** The rule as an RRULE value (without "RRULE:"), for a series whose first start is `first`. */
export function toRRule(first: number, timeZone: string, rule: SeriesRule): string {
  const start = DateTime.fromMillis(first, { zone: timeZone });
  const day = weekdays[start.weekday - 1];
  const parts = [`INTERVAL=${rule.interval}`];
  if (rule.freq === 'weekly') parts.unshift('FREQ=WEEKLY', `BYDAY=${day}`);
  else if (rule.freq === 'monthly_date') parts.unshift('FREQ=MONTHLY', `BYMONTHDAY=${start.day}`);
  else parts.unshift('FREQ=MONTHLY', `BYDAY=${weekOfMonth(start)}${day}`);
  // The same number of occurrences as were made, so calendars and Ruche agree.
  const made = occurrences(first, timeZone, rule);
  parts.push(`COUNT=${made.length}`);
  return parts.join(';');
}

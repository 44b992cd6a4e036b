// The agenda pages (everything the reader may see, or "mine"): a list, upcoming or past, a page at a
// time; or a month grid, whose days are read on each activity's own clock.
import { DateTime } from 'luxon';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { config } from '../config';
import { listEvents, type EventListItem } from '../events';
import { pageQuery } from '../api/pagination';

export type AgendaDay = { date: string; day: number; inMonth: boolean; events: EventListItem[] };

export type Agenda =
  | { view: 'list'; when: 'upcoming' | 'past'; items: EventListItem[]; nextCursor: string | null }
  | { view: 'month'; month: string; previous: string; next: string; weeks: AgendaDay[][]; empty: boolean };

export async function loadAgenda(db: DB, actor: Actor | null, url: URL, mine: boolean): Promise<Agenda> {
  if (url.searchParams.get('view') !== 'month') {
    const when = url.searchParams.get('when') === 'past' ? 'past' : 'upcoming';
    const page = pageQuery.catch({ limit: 20 }).parse({ cursor: url.searchParams.get('cursor') ?? undefined });
    const result = await listEvents(db, actor, { mine, when }, page);
    return { view: 'list', when, items: result.items, nextCursor: result.nextCursor };
  }
  const zone = config().timeZone;
  const asked = url.searchParams.get('month') ?? '';
  let first = /^\d{4}-\d{2}$/.test(asked) ? DateTime.fromFormat(asked, 'yyyy-LL', { zone }) : DateTime.now().setZone(zone).startOf('month');
  if (!first.isValid) first = DateTime.now().setZone(zone).startOf('month');
  const end = first.plus({ months: 1 });
  // A day either side, so an activity near midnight on its own clock still falls in its cell.
  const range = { from: first.minus({ days: 1 }).toMillis(), to: end.plus({ days: 1 }).toMillis() };
  const [past, upcoming] = await Promise.all([
    listEvents(db, actor, { mine, when: 'past', ...range }, { limit: 100 }),
    listEvents(db, actor, { mine, when: 'upcoming', ...range }, { limit: 100 })
  ]);
  const events = [...past.items, ...upcoming.items].sort((a, b) => a.startsAt - b.startsAt);
  const byDate = new Map<string, EventListItem[]>();
  for (const event of events) {
    const date = DateTime.fromMillis(event.startsAt, { zone: event.timeZone }).toISODate()!;
    byDate.set(date, [...(byDate.get(date) ?? []), event]);
  }
  const weeks: AgendaDay[][] = [];
  let day = first.startOf('week');
  let shown = 0;
  while (day < end) {
    const week: AgendaDay[] = [];
    for (let i = 0; i < 7; i++, day = day.plus({ days: 1 })) {
      const date = day.toISODate()!;
      const inMonth = day.month === first.month;
      const dayEvents = inMonth ? (byDate.get(date) ?? []) : [];
      shown += dayEvents.length;
      week.push({ date, day: day.day, inMonth, events: dayEvents });
    }
    weeks.push(week);
  }
  return { view: 'month', month: first.toFormat('yyyy-LL'), previous: first.minus({ months: 1 }).toFormat('yyyy-LL'), next: end.toFormat('yyyy-LL'), weeks, empty: shown === 0 };
}

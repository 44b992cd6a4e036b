// The activity form (new and edit pages): FormData to the domain's input, what to give back after a
// refusal (checkbox lists included), and the frequency guard for "Check the calendar".
import { DateTime } from 'luxon';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { eventLoad, type CreateEventInput, type EventLoad, type EventView } from '../events';
import { instant } from '../events/schemas';
import { echoAll, field, tagList } from './forms';

export const formSlots = { questions: 3, presenters: 3 } as const;

type Fields = Omit<CreateEventInput, 'communities' | 'repeat'>;

const slots = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The fields an activity shares between scheduling and editing. */
export function eventFields(form: FormData): Fields {
  const capacity = field(form, 'capacity');
  return {
    kind: (field(form, 'kind') ?? 'webinar') as Fields['kind'],
    format: (field(form, 'format') ?? 'online') as Fields['format'],
    title: String(form.get('title') ?? ''),
    description: String(form.get('description') ?? ''),
    startsAt: String(form.get('startsAt') ?? ''),
    endsAt: String(form.get('endsAt') ?? ''),
    timeZone: String(form.get('timeZone') ?? ''),
    language: (field(form, 'language') ?? undefined) as Fields['language'],
    address: field(form, 'address') ?? null,
    meetingUrl: field(form, 'meetingUrl') ?? null,
    audience: (field(form, 'audience') ?? undefined) as Fields['audience'],
    capacity: capacity === undefined ? null : Number(capacity),
    registrationDeadline: field(form, 'registrationDeadline') ?? null,
    questions: slots(formSlots.questions)
      .map((i) => ({ label: field(form, `question${i}`) ?? '', required: form.get(`question${i}Required`) === 'on' }))
      .filter((q) => q.label !== ''),
    reminders: form.getAll('reminders').map(Number),
    tags: tagList(field(form, 'tags')),
    presenters: slots(formSlots.presenters)
      .map((i) => ({
        handle: field(form, `presenter${i}Handle`)?.replace(/^@/, ''),
        name: field(form, `presenter${i}Name`),
        affiliation: field(form, `presenter${i}Affiliation`) ?? null,
        bio: field(form, `presenter${i}Bio`) ?? null
      }))
      .filter((p) => p.handle || p.name || p.affiliation || p.bio)
  };
}

/** Everything needed to schedule: the fields, the hosts, and the repeat rule. */
export function createInput(form: FormData, slug: string): CreateEventInput {
  const freq = field(form, 'repeat');
  const count = field(form, 'repeatCount');
  return {
    ...eventFields(form),
    communities: [slug, ...form.getAll('cohosts').map(String)],
    proposal: field(form, 'proposal'),
    repeat:
      freq && freq !== 'none'
        ? {
            freq: freq as 'weekly',
            interval: Number(field(form, 'repeatInterval') ?? 1),
            until: field(form, 'repeatUntil') ?? null,
            count: count === undefined ? null : Number(count)
          }
        : null
  };
}

/** What the page gets back after a refusal or a check: the text typed, and the boxes ticked. */
export function echoEvent(form: FormData): Record<string, unknown> {
  return { ...echoAll(form), submitted: true, reminders: form.getAll('reminders').map(String), cohosts: form.getAll('cohosts').map(String) };
}

/** The frequency guard for the hosts at the typed start, or null when the start cannot be read yet. */
export async function guardFor(db: DB, actor: Actor, slugs: string[], form: FormData): Promise<EventLoad | null> {
  const start = instant(String(form.get('startsAt') ?? ''), String(form.get('timeZone') ?? 'UTC'));
  if (start === null || String(form.get('startsAt') ?? '') === '') return null;
  try {
    return await eventLoad(db, actor, [...new Set(slugs)], start);
  } catch {
    return null;
  }
}

/** An instant as the value of an <input type="datetime-local">, on the event's clock. */
export function localInput(ms: number | null, timeZone: string): string {
  return ms === null ? '' : DateTime.fromMillis(ms, { zone: timeZone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** An existing activity as the form's values, for the edit page. */
export function eventAsForm(event: EventView): Record<string, unknown> {
  const values: Record<string, unknown> = {
    kind: event.kind,
    format: event.format,
    title: event.title,
    description: event.description,
    startsAt: localInput(event.startsAt, event.timeZone),
    endsAt: localInput(event.endsAt, event.timeZone),
    timeZone: event.timeZone,
    language: event.language,
    address: event.address ?? '',
    meetingUrl: event.meetingUrl ?? '',
    audience: event.audience,
    capacity: event.capacity === null ? '' : String(event.capacity),
    registrationDeadline: localInput(event.registrationDeadline, event.timeZone),
    tags: event.tags.join(', '),
    reminders: event.reminders.map(String),
    submitted: true
  };
  event.questions.forEach((q, i) => {
    values[`question${i}`] = q.label;
    if (q.required) values[`question${i}Required`] = 'on';
  });
  event.presenters.forEach((p, i) => {
    values[`presenter${i}${p.handle ? 'Handle' : 'Name'}`] = p.handle ?? p.name;
    values[`presenter${i}Affiliation`] = p.affiliation ?? '';
    values[`presenter${i}Bio`] = p.bio ?? '';
  });
  return values;
}

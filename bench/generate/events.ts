// Activities as createEvent and rsvp leave them (migration 0009, src/lib/server/events/): single
// events (no series) over the past and the next six months on Toronto's clock, hosted by a community
// (now and then co-hosted by another its organiser animates), with the start copied into
// event_communities, their organiser, presenters, tags, registrations that never put more people
// "going" than the capacity (the others wait, in order), attendance marked after some of them, and
// the reminders the job has already sent, so the server started on the instance has none to catch up.
import { DateTime } from 'luxon';
import { renderMarkdown } from '../../src/lib/server/markdown';
import type { EventAudience, EventFormat, EventKind, RegistrationStatus } from '../../src/lib/server/db/schema';
import { defaultReminders, eventKinds } from '../../src/lib/shared/events';
import { cumulate, sample, uuidv7At } from '../random';
import { eventTitles, organisations, postBody } from './corpus';
import { DAY, type CommunityModel, type Context, type Lang } from './model';
import { weighted } from './library';

const TIME_ZONE = 'America/Toronto';
const MINUTE = 60_000;
const formats: [EventFormat, number][] = [['online', 0.45], ['in_person', 0.35], ['hybrid', 0.2]];
const answers: [Exclude<RegistrationStatus, 'waitlisted'>, number][] = [['going', 0.65], ['maybe', 0.2], ['not_going', 0.15]];

function languageOf(ctx: Context, community: CommunityModel): Lang {
  if (community.languages === 'fr') return ctx.random.chance(0.95) ? 'fr' : 'en';
  if (community.languages === 'en') return ctx.random.chance(0.9) ? 'en' : 'fr';
  return ctx.random.chance(0.6) ? 'fr' : 'en';
}

function audienceOf(ctx: Context, community: CommunityModel): EventAudience {
  if (community.visibility === 'public') return weighted(ctx.random, [['public', 0.7], ['members', 0.25], ['animators', 0.05]]);
  return weighted(ctx.random, [['members', 0.9], ['animators', 0.1]]);
}

/** A start on the hour or half hour of Toronto's wall clock, on the day `day` falls in; and an end. */
function timesOf(ctx: Context, kind: EventKind, day: number): { start: number; end: number } {
  const { random } = ctx;
  const date = DateTime.fromMillis(day, { zone: TIME_ZONE });
  if (kind === 'annual_gathering') {
    const start = date.set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    return { start: start.toMillis(), end: start.plus({ hours: 7 }).toMillis() };
  }
  const hour = kind === 'cinq_a_sept' ? 17 : 9 + random.int(11);
  const start = date.set({ hour, minute: random.chance(0.3) ? 30 : 0, second: 0, millisecond: 0 });
  return { start: start.toMillis(), end: start.plus({ minutes: random.pick([60, 90, 120, 180]) }).toMillis() };
}

type Registration = { userIndex: number; status: RegistrationStatus; at: number };

/** Answers in the order they came: "going" once the places are taken joins the waitlist. */
function registrationsOf(ctx: Context, hosts: CommunityModel[], audience: EventAudience, capacity: number | null, from: number, until: number, staffOf: number[][]): Registration[] {
  const { random } = ctx;
  const peopleOf = (h: CommunityModel) => (audience === 'animators' ? staffOf[h.index]! : h.members);
  // One host (most events): its list as it is, not a copy of thousands of members per event.
  const pool = hosts.length === 1 ? peopleOf(hosts[0]!) : [...new Set(hosts.flatMap(peopleOf))];
  const count = Math.min(pool.length, Math.round(2 + random.logNormal(2.2, 0.8)));
  const times = Array.from({ length: count }, () => from + Math.floor(random.next() * Math.max(1, until - from))).sort((a, b) => a - b);
  let going = 0;
  return random.distinct(pool.length, count).map((k, n) => {
    let status: RegistrationStatus = weighted(random, answers);
    if (status === 'going' && capacity !== null && going >= capacity) status = 'waitlisted';
    if (status === 'going') going++;
    return { userIndex: pool[k]!, status, at: times[n]! };
  });
}

export async function generateEvents(ctx: Context): Promise<void> {
  const { random, writer, scale } = ctx;
  const hostWeights = cumulate(ctx.communities.map((c) => (c.archived || ![...c.roles.values()].includes('animator') ? 0 : c.weight)));
  const animatorsOf = ctx.communities.map((c) => [...c.roles].filter(([, role]) => role === 'animator').map(([u]) => u));
  const staffOf = ctx.communities.map((c) => [...c.roles].filter(([, role]) => role === 'animator' || role === 'steward').map(([u]) => u));
  const from = ctx.now - 182 * DAY;
  const span = 365 * DAY;

  for (let i = 0; i < scale.events; i++) {
    const main = ctx.communities[sample(random, hostWeights)]!;
    const creatorIndex = random.pick(animatorsOf[main.index]!);
    const creator = ctx.users[creatorIndex]!;
    const hosts = [main];
    // Co-hosting needs the organiser to animate every host.
    if (random.chance(0.05)) {
      const others = creator.communities.filter((c) => c !== main.index && !ctx.communities[c]!.archived && ctx.communities[c]!.roles.get(creatorIndex) === 'animator');
      if (others.length > 0) hosts.push(ctx.communities[random.pick(others)]!);
    }
    const kind = eventKinds[random.int(eventKinds.length - 1)]!;
    const { start, end } = timesOf(ctx, kind, from + Math.floor((span * (i + random.next())) / scale.events));
    const lead = (2 + random.int(58)) * DAY;
    const createdAt = Math.max(ctx.start, Math.min(start - lead, ctx.now - 1000 - random.int(DAY)));
    const lang = languageOf(ctx, main);
    const body = postBody(lang, (n) => random.int(n));
    const rendered = renderMarkdown(body, { mentionable: new Set() });
    const format = weighted(random, formats);
    const audience = audienceOf(ctx, main);
    const capacity = random.chance(0.4) ? 5 + random.int(40) : null;
    const cancelled = random.chance(0.03);
    const id = uuidv7At(createdAt, random);
    const updatedAt = cancelled ? Math.min(ctx.now - 1000, createdAt + random.int(Math.max(1, start - createdAt))) : createdAt;
    writer.add('events', {
      id,
      series_id: null,
      series_start: null,
      community_id: main.id,
      kind,
      format,
      title: eventTitles[lang][eventKinds.indexOf(kind)]!.replace('{theme}', main.theme).replace('{region}', main.region),
      description: body,
      description_html: rendered.html,
      language: lang,
      address: format === 'online' ? null : `${100 + random.int(900)}, rue Principale, ${main.region}`,
      meeting_url: format === 'in_person' || random.chance(0.1) ? null : `https://reunion.exemple.org/${id.slice(-12)}`,
      starts_at: start,
      ends_at: end,
      time_zone: TIME_ZONE,
      audience,
      capacity,
      registration_deadline: null,
      questions: '[]',
      reminders: JSON.stringify(defaultReminders),
      status: cancelled ? 'cancelled' : 'scheduled',
      sequence: cancelled ? 1 : 0,
      recording_url: end < ctx.now && format !== 'in_person' && random.chance(0.2) ? `https://video.exemple.org/${id.slice(-12)}` : null,
      created_by: creator.id,
      created_at: createdAt,
      updated_at: updatedAt
    });
    for (const host of hosts) writer.add('event_communities', { event_id: id, community_id: host.id, starts_at: start });
    writer.add('event_organisers', { event_id: id, user_id: creator.id });
    if ((kind === 'webinar' || kind === 'expert_talk') && random.chance(0.7)) {
      for (let position = 0, n = 1 + random.int(2); position < n; position++) {
        writer.add('event_presenters', { id: uuidv7At(createdAt, random), event_id: id, user_id: null, name: `${random.pick(['Dre', 'M.', 'Mme', 'Dr'])} ${random.pick(['Nadia', 'Louis', 'Priya', 'Karim'])} ${random.pick(['Haddad', 'Cormier', 'Singh', 'Tremblay'])}`, affiliation: random.pick(organisations).name, bio: null, position });
      }
    }
    for (const tag of new Set(rendered.tags)) writer.add('event_tags', { event_id: id, tag });
    writer.add('journal', { id: uuidv7At(createdAt, random), kind: 'event.created', actor_id: creator.id, community_id: main.id, post_id: null, comment_id: null, payload: JSON.stringify({ eventId: id, seriesId: null, occurrences: 1 }), created_at: createdAt, processed_at: createdAt });

    const registrations = registrationsOf(ctx, hosts, audience, capacity, createdAt + MINUTE, Math.min(start, ctx.now - 1000), staffOf);
    const marked = !cancelled && end < ctx.now && random.chance(0.5);
    for (const r of registrations) {
      const user = ctx.users[r.userIndex]!;
      const attended = marked && r.status === 'going' ? (random.chance(0.85) ? 1 : 0) : null;
      writer.add('registrations', { event_id: id, user_id: user.id, status: r.status, answers: '{}', waitlisted_at: r.status === 'waitlisted' ? r.at : null, attended, created_at: r.at, updated_at: attended === null ? r.at : Math.min(ctx.now - 1000, end + DAY) });
      if (cancelled || r.status !== 'going') continue;
      // What sendDueReminders left: the day-before one unless they registered within the last hour, the hour-before one once due.
      const [day, hour] = defaultReminders.map((m) => start - m * MINUTE);
      const dayAt = Math.max(day!, r.at);
      if (dayAt <= ctx.now && dayAt < hour!) writer.add('event_reminders_sent', { event_id: id, user_id: user.id, minutes_before: defaultReminders[0], sent_at: dayAt });
      if (hour! <= ctx.now) writer.add('event_reminders_sent', { event_id: id, user_id: user.id, minutes_before: defaultReminders[1], sent_at: Math.max(hour!, r.at) });
    }
    await writer.drain();
  }
}

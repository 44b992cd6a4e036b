// The demo's programme of activities, past and upcoming, as the seeds describe a community's life:
// a monthly webinar series, a 5 à 7, a workshop with a waitlist, a reading club every two weeks, a
// networking café in the hidden community, and an annual gathering co-hosted by two communities.
// Past activities have their participants, attendance, feedback and materials. Dates follow today,
// so the agenda always has something coming. An activity already there (same title, same host) is
// left alone, so running the demo again adds nothing.
import { DateTime } from 'luxon';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { EventAudience, EventFormat, EventKind } from '../db/schema';
import { now } from '../ids';
import { addMaterialLink, createEvent, feedbackFormOf, rsvp } from '../events';
import { findEvent } from '../access';
import { submitResponse } from '../forms';
import type { SeriesRule } from '../events/recurrence';

type Person = 'admin' | 'amelie' | 'jf' | 'fatou' | 'mathieu' | 'nadia';

const emails: Record<Person, string> = {
  admin: 'admin@demo.ruche.local',
  amelie: 'amelie.tremblay@demo.ruche.local',
  jf: 'jf.gagnon@demo.ruche.local',
  fatou: 'fatou.diallo@demo.ruche.local',
  mathieu: 'mathieu.cote@demo.ruche.local',
  nadia: 'nadia.bouchard@demo.ruche.local'
};

type DemoEvent = {
  by: Person;
  hosts: string[];
  title: string;
  description: string;
  kind: EventKind;
  format: EventFormat;
  /** Days from today (negative: past), and the local start and end hours in Toronto. */
  inDays: number;
  from: string;
  to: string;
  address?: string;
  meetingUrl?: string;
  audience?: EventAudience;
  capacity?: number;
  questions?: { label: string; required: boolean }[];
  presenters?: { handle?: Person; name?: string; affiliation?: string; bio?: string }[];
  repeat?: SeriesRule;
  going?: Person[];
  maybe?: Person[];
  /** For past activities: ratings by participant. */
  /** Answers to the event's feedback form (forms/templates.ts: feedbackSurvey). */
  feedback?: { by: Person; rating: number; useful?: string; change?: string; topics?: string; comment?: string }[];
  materials?: { title: string; url: string }[];
  tags?: string[];
};

const zone = 'America/Toronto';

const programme: DemoEvent[] = [
  {
    by: 'amelie', hosts: ['sante-francais-ontario'], kind: 'webinar', format: 'online', inDays: -40, from: '12:00', to: '13:00',
    title: 'Rencontre virtuelle du mois',
    description: 'Une fois par mois, une heure pour faire le tour des régions, présenter une situation de pratique et partager un outil. Caméra facultative, bonne humeur obligatoire.',
    meetingUrl: 'https://visio.example.org/sante-francais-ontario',
    repeat: { freq: 'monthly_weekday', interval: 1, count: 6 },
    going: ['mathieu', 'nadia'], maybe: ['fatou'], tags: ['rencontre-mensuelle']
  },
  {
    by: 'amelie', hosts: ['sante-francais-ontario'], kind: 'webinar', format: 'online', inDays: -21, from: '12:00', to: '13:00',
    title: 'Webinaire : l’offre active en pratique',
    description: 'Trois milieux présentent ce qu’ils ont changé à l’accueil pour que les patient·e·s francophones soient servis dans leur langue sans avoir à le demander. Période de questions à la fin.',
    meetingUrl: 'https://visio.example.org/offre-active',
    presenters: [{ name: 'Dre Isabelle Leblanc', affiliation: 'Hôpital Montfort', bio: 'Médecin de famille, elle a piloté l’implantation de l’offre active dans trois cliniques.' }, { handle: 'nadia' }],
    going: ['mathieu', 'nadia', 'fatou'],
    feedback: [
      { by: 'mathieu', rating: 5, useful: 'Des exemples concrets, enfin ! J’ai déjà changé notre message d’accueil.', topics: 'L’offre active au téléphone et sur le site web.' },
      { by: 'fatou', rating: 4, change: 'Plus de temps pour la période de questions.', comment: 'Merci aux présentatrices.' }
    ],
    materials: [{ title: 'Diapositives de la présentation', url: 'https://www.example.org/offre-active-diapos.pdf' }, { title: 'Enregistrement', url: 'https://video.example.org/offre-active' }],
    tags: ['offre-active']
  },
  {
    by: 'amelie', hosts: ['sante-francais-ontario'], kind: 'cinq_a_sept', format: 'in_person', inDays: 10, from: '17:00', to: '19:00',
    title: '5 à 7 des intervenant·e·s de Sudbury',
    description: 'Un moment pour se rencontrer en personne, sans ordre du jour. Les bouchées sont offertes par le Collège Boréal.',
    address: 'Collège Boréal, 21 boulevard Lasalle, Sudbury (Ontario)',
    capacity: 25, going: ['mathieu'], maybe: ['nadia'], tags: ['réseautage']
  },
  {
    by: 'jf', hosts: ['innovation-sociale-estrie'], kind: 'workshop', format: 'hybrid', inDays: 14, from: '09:30', to: '12:00',
    title: 'Atelier : mesurer l’impact social avec peu de moyens',
    description: 'Un atelier pratique pour choisir deux ou trois indicateurs réalistes, construire un questionnaire court et présenter ses retombées à un bailleur de fonds. Apportez un projet réel !',
    address: 'Espace Ressources, 150 rue Wellington Nord, Sherbrooke (Québec)',
    meetingUrl: 'https://visio.example.org/atelier-impact',
    capacity: 2, audience: 'members',
    questions: [{ label: 'Quel projet aimeriez-vous évaluer ?', required: true }],
    going: ['nadia', 'amelie'], tags: ['évaluation', 'impact-social']
  },
  {
    by: 'jf', hosts: ['innovation-sociale-estrie'], kind: 'reading_club', format: 'online', inDays: -7, from: '19:00', to: '20:00',
    title: 'Club de lecture : « Cultiver les communautés de pratique »',
    description: 'Un chapitre à la fois, toutes les deux semaines. On discute de ce qui résonne avec nos pratiques en Estrie.',
    meetingUrl: 'https://visio.example.org/club-lecture', audience: 'members',
    repeat: { freq: 'weekly', interval: 2, count: 5 },
    going: ['amelie'], tags: ['lecture']
  },
  {
    by: 'fatou', hosts: ['reseau-recherche-oceans'], kind: 'networking', format: 'online', inDays: 5, from: '15:00', to: '16:00',
    title: 'Café données ouvertes',
    description: 'Trente minutes pour présenter un jeu de données qu’on aimerait partager, trente minutes pour trouver qui pourrait s’en servir.',
    meetingUrl: 'https://visio.example.org/cafe-donnees', audience: 'members',
    going: ['mathieu', 'jf']
  },
  {
    by: 'admin', hosts: ['sante-francais-ontario', 'innovation-sociale-estrie'], kind: 'annual_gathering', format: 'in_person', inDays: 45, from: '09:00', to: '16:30',
    title: 'Rencontre annuelle des communautés de pratique',
    description: 'Une journée pour faire le bilan de l’année, célébrer les bons coups et choisir ensemble les thèmes de l’an prochain. Conférence d’ouverture, ateliers en parallèle et 5 à 7 de clôture.',
    address: 'Centre des congrès de Québec, 1000 boulevard René-Lévesque Est, Québec',
    capacity: 150,
    presenters: [{ name: 'Étienne Wenger-Trayner', affiliation: 'Conférencier invité (à confirmer)', bio: 'Chercheur, il a donné son nom au concept de communauté de pratique.' }],
    going: ['amelie', 'jf', 'nadia'], maybe: ['mathieu'], tags: ['rencontre-annuelle']
  }
];

async function actors(db: DB): Promise<Record<Person, Actor> | null> {
  const rows = await db.selectFrom('users').select(['id', 'name', 'email', 'role', 'locale']).where('email', 'in', Object.values(emails)).execute();
  const found = {} as Record<Person, Actor>;
  for (const person of Object.keys(emails) as Person[]) {
    const row = rows.find((r) => r.email === emails[person]);
    if (!row) return null;
    found[person] = { id: row.id, name: row.name, email: row.email, role: row.role, locale: 'fr', emailVerified: true };
  }
  return found;
}

const localTime = (day: DateTime, time: string) => {
  const [hour, minute] = time.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toISO({ includeOffset: false, suppressMilliseconds: true })!;
};

export async function seedDemoEvents(db: DB): Promise<number> {
  const cast = await actors(db);
  if (!cast) return 0;
  const handles = Object.fromEntries(
    (await db.selectFrom('profiles').select(['user_id', 'handle']).execute()).map((row) => [row.user_id, row.handle])
  ) as Record<string, string>;
  const today = DateTime.fromMillis(now(), { zone }).startOf('day');
  let created = 0;
  for (const event of programme) {
    const host = await db.selectFrom('communities').select('id').where('slug', '=', event.hosts[0]!).executeTakeFirst();
    if (!host) continue;
    const exists = await db.selectFrom('events').select('id').where('community_id', '=', host.id).where('title', '=', event.title).executeTakeFirst();
    if (exists) continue;
    const day = today.plus({ days: event.inDays });
    const { id, seriesId } = await createEvent(db, cast[event.by], {
      communities: event.hosts,
      title: event.title,
      description: event.description,
      kind: event.kind,
      format: event.format,
      address: event.address,
      meetingUrl: event.meetingUrl,
      startsAt: localTime(day, event.from),
      endsAt: localTime(day, event.to),
      timeZone: zone,
      audience: event.audience,
      capacity: event.capacity,
      questions: event.questions ?? [],
      presenters: (event.presenters ?? []).map((p) => ({ handle: p.handle ? handles[cast[p.handle].id] : undefined, name: p.name, affiliation: p.affiliation ?? null, bio: p.bio ?? null })),
      tags: event.tags ?? [],
      repeat: event.repeat
    });
    created += 1;
    const occurrences = seriesId ? (await db.selectFrom('events').select(['id', 'ends_at']).where('series_id', '=', seriesId).execute()) : [{ id, ends_at: 0 }];
    for (const occurrence of occurrences) await register(db, cast, event, occurrence.id);
    for (const material of event.materials ?? []) await addMaterialLink(db, cast[event.by], id, material);
  }
  return created;
}

/** Registrations as members would make them; past ones (closed to new answers) written as they stood. */
async function register(db: DB, cast: Record<Person, Actor>, event: DemoEvent, eventId: string): Promise<void> {
  const row = await db.selectFrom('events').select(['ends_at', 'starts_at']).where('id', '=', eventId).executeTakeFirstOrThrow();
  const past = row.ends_at < now();
  const answers: Record<string, string> = event.questions?.length ? { '0': 'Notre banque alimentaire de quartier' } : {};
  for (const [status, people] of [['going', event.going ?? []], ['maybe', event.maybe ?? []]] as const) {
    for (const person of people) {
      if (!past) {
        await rsvp(db, cast[person], eventId, { status, answers });
        continue;
      }
      const at = row.starts_at - 7 * 24 * 60 * 60 * 1000;
      await db
        .insertInto('registrations')
        .values({ event_id: eventId, user_id: cast[person].id, status, answers: JSON.stringify(answers), waitlisted_at: null, attended: status === 'going' ? 1 : null, created_at: at, updated_at: at })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
  if (past) {
    for (const given of event.feedback ?? []) {
      const actor = cast[given.by];
      const formId = await feedbackFormOf(db, await findEvent(db, actor, eventId));
      const answers = { satisfaction: given.rating, useful: given.useful ?? '', change: given.change ?? '', topics: given.topics ?? '', comment: given.comment ?? '' };
      await submitResponse(db, { actor }, formId, { answers });
    }
  }
}

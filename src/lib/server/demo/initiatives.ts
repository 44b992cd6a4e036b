// The demo's initiative map: what members and their organisations do across Ontario and Québec —
// francophone health services, welcoming newcomers, interpreters, mental health, seniors — with
// approximate real coordinates (one without, so the list shows what the map cannot), some in a
// community, two in English, mostly public and one for its community only. Written through the
// initiatives domain as members would; one whose title is already there is left as it is, so
// running the demo again adds nothing.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { createInitiative, type CreateInitiativeInput } from '../initiatives';
import { emails, estrie, sante, type Person } from './library';

const nord = 'Nord de l’Ontario';
const est = 'Est de l’Ontario';

export const demoInitiatives: readonly (CreateInitiativeInput & { by: Person })[] = [
  {
    by: 'amelie',
    title: 'Navigation en santé en français au Grand Sudbury',
    description:
      'Une intervenante-pivot accompagne les patientes et patients francophones de leur premier rendez-vous jusqu’au suivi : prise de rendez-vous, accompagnement à l’hôpital, traduction des documents de sortie. Près de 300 personnes accompagnées l’an dernier.',
    region: nord, place: 'Sudbury', latitude: 46.4917, longitude: -80.993,
    themes: ['santé', 'offre active', 'navigation'], visibility: 'public', communities: [sante], onBehalfOfOrganisation: true
  },
  {
    by: 'amelie',
    title: 'Clinique mobile de santé mentale francophone',
    description:
      'Une infirmière et une travailleuse sociale bilingues visitent chaque semaine les localités autour de Timmins. Consultations sans rendez-vous, groupes de soutien et orientation vers les services spécialisés en français.',
    region: nord, place: 'Timmins', latitude: 48.4758, longitude: -81.3305,
    themes: ['santé mentale', 'milieu rural'], visibility: 'public', communities: [sante]
  },
  {
    by: 'fatou',
    title: 'Télésanté dans les communautés éloignées',
    description:
      'Des postes de téléconsultation installés dans les centres communautaires de Hearst, Kapuskasing et Smooth Rock Falls, avec une personne sur place pour aider à se connecter. Les médecins consultent en français depuis Sudbury.',
    region: nord, place: 'Hearst, Kapuskasing, Smooth Rock Falls',
    themes: ['santé', 'milieu rural', 'télésanté'], visibility: 'public', communities: [sante]
  },
  {
    by: 'mathieu',
    title: 'Banque d’interprètes en santé pour les nouveaux arrivants',
    description:
      'Une banque d’interprètes formés à la terminologie médicale (arabe, swahili, lingala, espagnol, dari) qui accompagnent les nouveaux arrivants francophones à leurs rendez-vous, en personne ou par téléphone. Réservation par les cliniques partenaires.',
    region: est, place: 'Ottawa', latitude: 45.4215, longitude: -75.6972,
    themes: ['interprétation', 'immigration', 'santé'], visibility: 'public', communities: [sante]
  },
  {
    by: 'nadia',
    title: 'Café-rencontre des proches aidants',
    description:
      'Un après-midi par mois, les proches aidants francophones de Cornwall et des environs se retrouvent autour d’un café : échanges, invité·e du réseau de la santé, répit offert pendant la rencontre.',
    region: est, place: 'Cornwall', latitude: 45.0213, longitude: -74.7303,
    themes: ['aînés', 'proches aidants'], visibility: 'public', communities: [sante]
  },
  {
    by: 'fatou',
    title: 'Welcoming Francophone Newcomers in Toronto',
    description:
      'A volunteer-run welcome desk that meets French-speaking newcomers in their first months: finding a family doctor, registering children in French-language schools, and connecting with settlement services. We work in English and French with partner agencies.',
    language: 'en', region: 'Centre-Sud-Ouest de l’Ontario', place: 'Toronto', latitude: 43.6532, longitude: -79.3832,
    themes: ['immigration', 'accueil'], visibility: 'public', communities: [sante]
  },
  {
    by: 'mathieu',
    title: 'French-Language Seniors’ Wellness Circle',
    description:
      'Weekly gentle exercise, a shared lunch and health talks in French for seniors in Windsor-Essex, where French services are scarce. Nurses from the local health unit join once a month.',
    language: 'en', region: 'Sud-Ouest de l’Ontario', place: 'Windsor', latitude: 42.3149, longitude: -83.0364,
    themes: ['aînés', 'santé'], visibility: 'instance', communities: [sante]
  },
  {
    by: 'jf',
    title: 'Cartographie des initiatives en innovation sociale de l’Estrie',
    description:
      'Nous recensons avec les organismes de la région qui fait quoi, où : une fiche par initiative, validée par l’organisme, et une rencontre annuelle pour la mettre à jour. La fiche tient en une page.',
    region: 'Estrie', place: 'Sherbrooke', latitude: 45.4042, longitude: -71.8929,
    themes: ['innovation sociale', 'économie sociale'], visibility: 'public', communities: [estrie], onBehalfOfOrganisation: true
  },
  {
    by: 'nadia',
    title: 'Jardin collectif et cuisine partagée',
    description:
      'Un jardin collectif au cœur de Magog et des ateliers de cuisine où des familles nouvellement arrivées et des aînés du quartier cuisinent ensemble ce qu’ils ont récolté.',
    region: 'Estrie', place: 'Magog', latitude: 45.2667, longitude: -72.15,
    themes: ['sécurité alimentaire', 'immigration', 'aînés'], visibility: 'public', communities: [estrie]
  },
  {
    by: 'jf',
    title: 'Suivi de l’impact des visites entre organismes',
    description:
      'Pour les membres de la communauté : la grille que nous remplissons après chaque visite entre organismes, et ce que les visites ont changé dans nos pratiques. Les résultats sont encore provisoires.',
    region: 'Estrie', place: 'Sherbrooke', latitude: 45.3955, longitude: -71.9215,
    themes: ['évaluation'], visibility: 'communities', communities: [estrie]
  },
  {
    by: 'fatou',
    title: 'Accompagnement des familles immigrantes vers les services de santé',
    description:
      'Des marraines et parrains bénévoles, souvent arrivés eux-mêmes il y a quelques années, accompagnent les familles à leurs premiers rendez-vous au CLSC et expliquent le fonctionnement du réseau québécois.',
    region: 'Montréal', place: 'Montréal-Nord', latitude: 45.5946, longitude: -73.6322,
    themes: ['immigration', 'santé', 'accueil'], visibility: 'public'
  },
  {
    by: 'nadia',
    title: 'Ligne d’écoute jeunesse bilingue',
    description:
      'Une ligne d’écoute tenue par des intervenantes et intervenants formés, en français et en anglais, pour les jeunes de 12 à 25 ans de l’Outaouais et d’Ottawa. Texto et téléphone, le soir et la fin de semaine.',
    region: 'Outaouais', place: 'Gatineau', latitude: 45.4765, longitude: -75.7013,
    themes: ['santé mentale', 'jeunesse'], visibility: 'public'
  },
  {
    by: 'mathieu',
    title: 'Répertoire des services pour aînés de la Capitale-Nationale',
    description:
      'Un répertoire tenu à jour des services à domicile, de transport et de loisirs pour les aînés de Québec et des environs, avec une ligne d’information pour les proches qui ne savent pas par où commencer.',
    region: 'Capitale-Nationale', place: 'Québec', latitude: 46.8139, longitude: -71.208,
    themes: ['aînés', 'proches aidants'], visibility: 'public'
  },
  {
    by: 'jf',
    title: 'Accueil et intégration des travailleurs étrangers',
    description:
      'Avec les employeurs de la région, un programme d’accueil pour les travailleuses et travailleurs étrangers et leurs familles : logement, francisation, inscription à la RAMQ et jumelage avec une famille du Saguenay.',
    region: 'Saguenay–Lac-Saint-Jean', place: 'Saguenay', latitude: 48.428, longitude: -71.0686,
    themes: ['immigration', 'emploi', 'accueil'], visibility: 'public'
  }
];

async function actorFor(db: DB, email: string): Promise<Actor> {
  const user = await db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('email', '=', email).executeTakeFirstOrThrow();
  return { ...user, locale: 'fr', emailVerified: true };
}

/** Describes the demo's initiatives that are missing; returns how many were added. */
export async function seedDemoInitiatives(db: DB): Promise<number> {
  let created = 0;
  for (const { by, ...input } of demoInitiatives) {
    const exists = await db.selectFrom('initiatives').select('id').where('title', '=', input.title).where('deleted_at', 'is', null).executeTakeFirst();
    if (exists) continue;
    await createInitiative(db, await actorFor(db, emails[by]), input);
    created += 1;
  }
  return created;
}

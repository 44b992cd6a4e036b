// The demo's communities, drawn from the kinds of communities of practice the seeds describe: each
// with its charter, an animator, a steward, and members from varied organisations.
import type { DB } from '../db';
import type { Actor } from '../auth/actor';
import type { CommunityRole } from '../db/schema';
import { addMemberByEmail, changeRole, createCommunity, type CreateCommunityInput } from '../communities';
import { updateProfile, type ProfileUpdate } from '../profiles';

type DemoCommunity = CreateCommunityInput & {
  slug: string;
  animator: string;
  members: { email: string; role?: CommunityRole }[];
};

export const demoCommunities: readonly DemoCommunity[] = [
  {
    slug: 'sante-francais-ontario',
    name: 'Santé et services sociaux en français — Ontario',
    description: 'Des professionnelles et professionnels bilingues de la santé et des services sociaux de cinq régions de l’Ontario.',
    visibility: 'public',
    joinPolicy: 'request',
    joinQuestion: 'Dans quelle région et dans quel milieu travaillez-vous ?',
    languages: 'fr,en',
    themes: ['santé', 'services sociaux', 'offre active'],
    regions: ['Nord-Est', 'Nord-Ouest', 'Est', 'Centre', 'Sud-Ouest'],
    partners: ['Réseau des services de santé en français', 'Collège Boréal'],
    mission: 'Améliorer l’accès à des services de santé et des services sociaux de qualité en français, en reliant celles et ceux qui les offrent.',
    vision: 'Chaque francophone de l’Ontario reçoit des soins dans sa langue, où qu’il habite.',
    values: 'Entraide, partage généreux des outils, respect des réalités régionales.',
    objectives: 'Partager des outils d’offre active, tenir une rencontre virtuelle par mois, documenter les pratiques prometteuses.',
    notStatement: 'Nous ne sommes pas un organisme de services, ni une table décisionnelle, ni un lobby.',
    welcomeMessage: 'Bienvenue ! Présentez-vous en quelques lignes : votre région, votre milieu et ce que vous aimeriez apprendre ici.',
    animator: 'amelie.tremblay@demo.ruche.local',
    members: [
      { email: 'fatou.diallo@demo.ruche.local', role: 'steward' },
      { email: 'mathieu.cote@demo.ruche.local' },
      { email: 'nadia.bouchard@demo.ruche.local' }
    ]
  },
  {
    slug: 'innovation-sociale-estrie',
    name: 'Impact social et innovation en Estrie',
    description: 'Organismes communautaires, entreprises d’économie sociale et chercheurs de l’Estrie qui innovent ensemble.',
    visibility: 'private',
    joinPolicy: 'open',
    languages: 'fr',
    themes: ['innovation sociale', 'économie sociale', 'évaluation'],
    regions: ['Estrie'],
    partners: ['Université de Sherbrooke', 'Corporation de développement communautaire'],
    mission: 'Faire circuler les idées et les outils qui augmentent l’impact social des organisations de l’Estrie.',
    objectives: 'Un 5 à 7 par saison, une bibliothèque d’outils d’évaluation, des visites entre organismes.',
    notStatement: 'Pas un bailleur de fonds, pas un regroupement politique.',
    animator: 'jf.gagnon@demo.ruche.local',
    members: [{ email: 'nadia.bouchard@demo.ruche.local', role: 'steward' }, { email: 'amelie.tremblay@demo.ruche.local' }]
  },
  {
    slug: 'reseau-recherche-oceans',
    name: 'Réseau de recherche sur les océans',
    description: 'Chercheuses, étudiants et partenaires côtiers qui partagent données, méthodes et terrains.',
    visibility: 'hidden',
    joinPolicy: 'invite',
    languages: 'fr,en',
    themes: ['océanographie', 'données ouvertes'],
    regions: ['Atlantique', 'Saint-Laurent'],
    mission: 'Mettre en commun les méthodes et les données sur les océans, et former la relève.',
    vision: 'Une recherche océanique ouverte, bilingue et utile aux communautés côtières.',
    animator: 'fatou.diallo@demo.ruche.local',
    members: [{ email: 'mathieu.cote@demo.ruche.local', role: 'steward' }, { email: 'jf.gagnon@demo.ruche.local' }]
  }
];

/** Profiles from varied organisations: the diversity the seeds ask a community to welcome. */
const demoProfiles: Record<string, ProfileUpdate> = {
  'amelie.tremblay@demo.ruche.local': {
    pronouns: 'elle', organisation: 'Centre de santé communautaire du Grand Sudbury', organisationType: 'health_social',
    discipline: 'Infirmière praticienne', region: 'Nord-Est', languages: ['français', 'anglais'],
    expertise: ['offre active', 'soins de première ligne'], bio: 'J’anime la communauté santé en français depuis 2024.',
    visibility: { region: 'public', organisation: 'public', bio: 'instance' }
  },
  'jf.gagnon@demo.ruche.local': {
    pronouns: 'il', organisation: 'Corporation de développement communautaire de Sherbrooke', organisationType: 'community',
    discipline: 'Agent de développement', region: 'Estrie', languages: ['français'], expertise: ['économie sociale', 'évaluation'],
    visibility: { region: 'public', organisation: 'public' }, suggestMe: true
  },
  'fatou.diallo@demo.ruche.local': {
    pronouns: 'elle', organisation: 'Université du Québec à Rimouski', organisationType: 'education',
    discipline: 'Océanographe', region: 'Bas-Saint-Laurent', languages: ['français', 'anglais', 'wolof'],
    expertise: ['données ouvertes', 'océanographie'], visibility: { region: 'public', organisation: 'public', expertise: 'public' }, suggestMe: true
  },
  'mathieu.cote@demo.ruche.local': {
    organisation: 'Ministère de la Santé de l’Ontario', organisationType: 'public_body', discipline: 'Analyste de politiques',
    region: 'Est', languages: ['français', 'anglais'], visibility: { organisation: 'communities', region: 'instance' }
  },
  'nadia.bouchard@demo.ruche.local': {
    pronouns: 'elle', discipline: 'Étudiante en travail social', region: 'Estrie', languages: ['français'],
    interests: ['santé mentale', 'intervention jeunesse'], visibility: { region: 'communities' }
  }
};

async function actorFor(db: DB, email: string): Promise<Actor> {
  const user = await db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('email', '=', email).executeTakeFirstOrThrow();
  return { ...user, locale: 'fr', emailVerified: true };
}

/** Creates the communities that are missing; an existing one (same slug) is left as it is. */
export async function seedDemoCommunities(db: DB): Promise<number> {
  let created = 0;
  for (const [email, profile] of Object.entries(demoProfiles)) {
    const actor = await actorFor(db, email);
    const current = await db.selectFrom('profiles').select('region').where('user_id', '=', actor.id).executeTakeFirst();
    if (!current?.region) await updateProfile(db, actor, profile);
  }
  for (const { animator, members, ...input } of demoCommunities) {
    const exists = await db.selectFrom('communities').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (exists) continue;
    const lead = await actorFor(db, animator);
    await createCommunity(db, lead, input);
    for (const member of members) {
      const added = await addMemberByEmail(db, lead, input.slug, { email: member.email });
      if (member.role && added.userId) await changeRole(db, lead, input.slug, added.userId, member.role);
    }
    created += 1;
  }
  return created;
}

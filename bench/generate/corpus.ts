// Words and sentences of the generated instance, in French (most of it) and English, in the voice of
// the communities of practice Ruche is for: health and social services, education, environment.

export const firstNames = {
  fr: ['Amélie', 'Jean-François', 'Fatou', 'Mathieu', 'Nadia', 'Geneviève', 'Louis', 'Chloé', 'Karim', 'Sophie', 'Étienne', 'Mireille', 'Olivier', 'Isabelle', 'Yannick', 'Marie-Ève', 'Félix', 'Aïcha', 'Benoît', 'Lucie', 'Samuel', 'Héloïse', 'Thierry', 'Josée', 'Rémi', 'Camille', 'Maxime', 'Nathalie', 'Pierre-Luc', 'Émilie'],
  en: ['Emily', 'James', 'Priya', 'Liam', 'Grace', 'Noah', 'Hannah', 'Owen', 'Maya', 'Ethan', 'Sarah', 'Daniel', 'Olivia', 'Ryan', 'Chloe', 'Aaron', 'Leah', 'Marcus', 'Zoe', 'Adam']
} as const;

export const lastNames = ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher', 'Diallo', 'Nguyen', 'Smith', 'Brown', 'Wilson', 'MacDonald', 'Campbell', 'Singh', 'Cormier', 'Thibodeau', 'Arsenault', 'Haddad', 'Mbaye', 'Caron', 'Poirier'] as const;

export const regions = ['Estrie', 'Montérégie', 'Outaouais', 'Nord de l’Ontario', 'Est de l’Ontario', 'Sud-Ouest de l’Ontario', 'Centre de l’Ontario', 'Saguenay–Lac-Saint-Jean', 'Acadie du Nouveau-Brunswick', 'Manitoba', 'Capitale-Nationale', 'Montréal'] as const;

export const disciplines = ['travail social', 'soins infirmiers', 'enseignement', 'santé publique', 'gestion de projet', 'médecine familiale', 'psychologie', 'ergothérapie', 'recherche', 'animation communautaire', 'nursing', 'community development'] as const;

export const expertise = ['offre active', 'accueil des immigrants', 'santé mentale', 'petite enfance', 'soins à domicile', 'évaluation de programme', 'littératie en santé', 'changements climatiques', 'pédagogie inclusive', 'gouvernance', 'mobilisation citoyenne', 'data analysis', 'health equity'] as const;

export const organisations: { name: string; type: 'community' | 'health_social' | 'education' | 'public_body' | 'other' }[] = [
  { name: 'Réseau franco-santé du Sud de l’Ontario', type: 'health_social' },
  { name: 'Centre de santé communautaire de l’Estrie', type: 'health_social' },
  { name: 'Université de Moncton', type: 'education' },
  { name: 'Collège Boréal', type: 'education' },
  { name: 'Société Santé en français', type: 'community' },
  { name: 'Ville de Sherbrooke', type: 'public_body' },
  { name: 'Centre intégré de santé et de services sociaux', type: 'health_social' },
  { name: 'Alliance des femmes de la francophonie', type: 'community' },
  { name: 'Réseau MEOPAR', type: 'other' },
  { name: 'Conseil scolaire Viamonde', type: 'education' },
  { name: 'Ontario Health Team North', type: 'health_social' },
  { name: 'Fondation Passerelles', type: 'other' }
];

/** Community names: a subject and, past the first round, a region to tell them apart. */
export const communitySubjects: { fr: string; en: string; theme: string }[] = [
  { fr: 'Offre active en santé', en: 'Active offer in health', theme: 'offre active' },
  { fr: 'Communauté accueillante', en: 'Welcoming community', theme: 'immigration' },
  { fr: 'Santé mentale des jeunes', en: 'Youth mental health', theme: 'santé mentale' },
  { fr: 'Pédagogie et numérique', en: 'Teaching with digital tools', theme: 'éducation' },
  { fr: 'Adaptation aux changements climatiques', en: 'Climate adaptation', theme: 'environnement' },
  { fr: 'Soins à domicile', en: 'Home care', theme: 'soins' },
  { fr: 'Petite enfance et familles', en: 'Early childhood and families', theme: 'famille' },
  { fr: 'Évaluation de programmes', en: 'Program evaluation', theme: 'évaluation' },
  { fr: 'Littératie en santé', en: 'Health literacy', theme: 'littératie' },
  { fr: 'Aînés et proches aidants', en: 'Seniors and caregivers', theme: 'aînés' },
  { fr: 'Gouvernance collaborative', en: 'Collaborative governance', theme: 'gouvernance' },
  { fr: 'Intervention de proximité', en: 'Outreach work', theme: 'intervention' }
];

export const missions = [
  'Réunir les intervenantes et intervenants qui veulent améliorer l’accès aux services en français, partager leurs outils et apprendre les uns des autres.',
  'Offrir un espace d’échange sur nos pratiques, nos réussites et nos difficultés, pour que personne ne reste seul devant une situation complexe.',
  'Bring together practitioners who want to learn from each other, share tools and build better services together.'
] as const;

export const notStatements = [
  'Nous ne sommes pas un lieu de promotion commerciale ni un service de consultation individuelle.',
  'Ce n’est pas un canal officiel de l’employeur : chacun parle en son nom.',
  'We are not a help desk: members share what they know, on their own time.'
] as const;

export const welcomeMessages = [
  'Bienvenue ! Présentez-vous en quelques lignes dans la discussion épinglée et dites-nous ce qui vous amène.',
  'Welcome! Start by reading the charter, then tell us what you are working on.'
] as const;

type Lang = 'fr' | 'en';

export const titles: Record<Lang, Record<'discussion' | 'question' | 'resource' | 'case' | 'call', string[]>> = {
  fr: {
    discussion: [
      'Comment garder le lien avec les membres entre deux rencontres ?',
      'Retour sur la rencontre régionale de {region}',
      'Vos astuces pour animer une réunion hybride',
      'L’offre active au quotidien : ce qui marche chez nous',
      'Partage d’expérience : un premier projet avec les écoles',
      'Ce que nous avons appris en un an de {theme}',
      'Quels indicateurs suivez-vous pour {theme} ?'
    ],
    question: [
      'Quelqu’un a-t-il un modèle de formulaire de consentement ?',
      'Comment recevez-vous les notifications de la plateforme ?',
      'Qui a déjà travaillé avec un interprète en santé mentale ?',
      'Existe-t-il une formation en ligne sur {theme} ?',
      'Combien de temps consacrez-vous à l’animation chaque semaine ?',
      'Quel outil utilisez-vous pour sonder les besoins des membres ?'
    ],
    resource: [
      'Fiche de bonnes pratiques : {theme}',
      'Guide d’accueil des nouveaux arrivants (PDF)',
      'Boîte à outils pour l’évaluation participative',
      'Rapport annuel du réseau — faits saillants',
      'Webinaire enregistré : {theme} en région'
    ],
    case: [
      'Situation de pratique : une aînée seule à l’accueil',
      'Cas à discuter : un parent qui refuse le suivi',
      'Situation : une équipe épuisée en fin d’année',
      'Cas : un partenaire qui se retire du projet'
    ],
    call: [
      'Appel à tous : rencontre virtuelle du mois',
      'Appel à tous : vos besoins pour l’an prochain',
      'Appel à tous : on cherche des co-animateurs'
    ]
  },
  en: {
    discussion: [
      'How do you keep members engaged between meetings?',
      'Notes from the {region} regional gathering',
      'Tips for running a hybrid meeting',
      'What we learned from a year of {theme}'
    ],
    question: [
      'Does anyone have a consent form template?',
      'How do you get notified of new posts?',
      'Is there an online course on {theme}?',
      'Which survey tool do you use with members?'
    ],
    resource: ['Good practice sheet: {theme}', 'Recorded webinar: {theme} in rural areas', 'Evaluation toolkit (PDF)'],
    case: ['Case discussion: a caregiver at the end of their rope', 'Case: a partner leaving the project'],
    call: ['Call to all: monthly online meeting', 'Call to all: tell us what you need next year']
  }
};

const sentences: Record<Lang, string[]> = {
  fr: [
    'Dans notre région, nous avons commencé par un simple café-rencontre une fois par mois.',
    'Les membres lisent beaucoup plus qu’ils n’écrivent, et c’est très bien ainsi.',
    'Nous avons essayé plusieurs formats : le **5 à 7** a attiré le plus de monde.',
    'La question revient souvent : comment accueillir quelqu’un qui ne parle ni français ni anglais ?',
    'Je vous partage le lien vers notre guide : https://exemple.org/guide-pratique',
    'Avec le peu de temps dont nous disposons, il faut choisir ses priorités.',
    'Les partenaires du réseau ont accepté de co-animer la prochaine activité.',
    'Le comité de pilotage se réunit jeudi pour en discuter.',
    'Voici les trois points qui ressortent de nos échanges :\n\n1. la clarté du rôle de chacun ;\n2. le suivi après la rencontre ;\n3. la reconnaissance du travail des bénévoles.',
    'Merci à toutes celles et ceux qui ont répondu au sondage !',
    '> « Une communauté de pratique, c’est d’abord des gens qui apprennent ensemble. »',
    'Nous avons documenté la démarche dans une fiche que vous trouverez dans la bibliothèque.'
  ],
  en: [
    'In our region we started with a simple monthly coffee meeting.',
    'Members read far more than they write, and that is fine.',
    'We tried several formats: the **after-work** gathering drew the most people.',
    'Here is the link to our guide: https://example.org/practice-guide',
    'With so little time, we have to pick our priorities.',
    'The steering committee meets on Thursday to discuss it.',
    'Three things came out of our exchanges:\n\n- who does what;\n- the follow-up after each meeting;\n- recognising volunteers.',
    'Thanks to everyone who answered the survey!'
  ]
};

const tags: Record<Lang, string[]> = {
  fr: ['offre-active', 'accueil', 'santé-mentale', 'animation', 'évaluation', 'rencontre-mensuelle', 'outils', 'bénévolat', 'partenariats', 'formation', 'numérique', 'aînés'],
  en: ['active-offer', 'welcome', 'mental-health', 'facilitation', 'evaluation', 'tools', 'volunteering', 'training']
};

const commentSentences: Record<Lang, string[]> = {
  fr: [
    'Merci pour ce partage, c’est très utile !',
    'Chez nous, ça a bien fonctionné avec un petit groupe de cinq personnes.',
    'Je me pose exactement la même question.',
    'As-tu un exemple concret à nous montrer ?',
    'On pourrait en parler à la prochaine rencontre.',
    'Je vous envoie notre modèle dès demain.',
    'Bonne idée ! J’ajouterais un moment d’accueil pour les nouveaux.',
    'D’accord avec toi, le suivi est la clé.',
    'Nous avons vécu une situation semblable l’an dernier : le plus dur a été de garder le lien avec la famille.',
    'Voici la référence : https://exemple.org/ressource'
  ],
  en: [
    'Thanks for sharing, this is really useful!',
    'Same question here.',
    'Do you have a concrete example?',
    'We could discuss it at the next meeting.',
    'Good idea! I would add a welcome moment for newcomers.'
  ]
};


/** Builds a publication body from a few sentences, with 0 to 3 tags. */
export function postBody(lang: Lang, pick: (n: number) => number): string {
  const pool = sentences[lang];
  const count = 2 + pick(4);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(pool[pick(pool.length)]!);
  const tagPool = tags[lang];
  const tagCount = pick(4);
  const chosen = new Set<string>();
  for (let i = 0; i < tagCount; i++) chosen.add(tagPool[pick(tagPool.length)]!);
  if (chosen.size > 0) parts.push([...chosen].map((tag) => `#${tag}`).join(' '));
  return parts.join('\n\n');
}

export function commentBody(lang: Lang, pick: (n: number) => number): string {
  const pool = commentSentences[lang];
  const count = 1 + pick(3);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(pool[pick(pool.length)]!);
  return parts.join(' ');
}

export function postTitle(lang: Lang, kind: keyof (typeof titles)['fr'], pick: (n: number) => number, fill: { region: string; theme: string }): string {
  const pool = titles[lang][kind];
  return pool[pick(pool.length)]!.replace('{region}', fill.region).replace('{theme}', fill.theme);
}

/** Library resources: titles by kind (`{theme}` and `{region}` filled in), categories, journals. */
export const resourceTitles: Record<Lang, Record<'note' | 'link' | 'reference' | 'file' | 'work', string[]>> = {
  fr: {
    note: ['Notes de la rencontre sur {theme}', 'Ce que nous avons appris en {region}', 'Fiche pratique : accueillir un nouveau membre', 'Repères pour animer un 5 à 7', 'Bilan de l’année : {theme}'],
    link: ['Guide de l’offre active', 'Boîte à outils en {theme}', 'Portail régional : {region}', 'Tableau de bord des services en français'],
    reference: ['L’offre active de services en français : une revue', 'Communautés de pratique en santé : une analyse', 'Mobiliser les bénévoles en milieu minoritaire', 'Évaluer un programme de {theme}'],
    file: ['Gabarit de compte rendu', 'Affiche de la rencontre ({region})', 'Formulaire d’évaluation', 'Présentation : {theme}'],
    work: ['Guide collectif : {theme}', 'Charte d’animation rédigée ensemble', 'Foire aux questions de la communauté']
  },
  en: {
    note: ['Meeting notes on {theme}', 'What we learned in {region}', 'Practical sheet: welcoming a newcomer', 'Year in review: {theme}'],
    link: ['Active offer toolkit', 'Regional portal: {region}', 'Resources on {theme}'],
    reference: ['Communities of practice in health care: a review', 'Volunteer engagement in minority settings', 'Evaluating a {theme} programme'],
    file: ['Minutes template', 'Evaluation form', 'Slides: {theme}'],
    work: ['Shared guide: {theme}', 'Community FAQ written together']
  }
};

export const resourceCategories = ['guide', 'outil', 'formation', 'recherche', 'gabarit', 'évaluation', 'politique', 'témoignage', 'toolkit', 'research'] as const;

export const journals = ['Revue canadienne de santé publique', 'Reflets', 'Francophonies d’Amérique', 'Canadian Journal of Public Health', 'Journal of Community Practice'] as const;

/** Section headings of a collective work. */
export const workSections: Record<Lang, string[]> = {
  fr: ['Pourquoi ce guide', 'Avant la rencontre', 'Pendant la rencontre', 'Après la rencontre', 'Ressources'],
  en: ['Why this guide', 'Before the meeting', 'During the meeting', 'After the meeting', 'Resources']
};

export const notebookTitles: Record<Lang, string[]> = {
  fr: ['Pour bien démarrer', 'Lectures du club', 'Trousse de l’animatrice', 'Dossier : {theme}', 'Sélection {region}'],
  en: ['Getting started', 'Reading club picks', 'Facilitator kit', 'File: {theme}']
};

/** Activity titles by kind. */
export const eventTitles: Record<Lang, string[]> = {
  fr: ['Webinaire : {theme}', 'Atelier pratique en {region}', '5 à 7 de la communauté', 'Club de lecture', 'Discussion de cas', 'Conférence : {theme}', 'Rencontre de réseautage', 'Rassemblement annuel', 'Réunion du comité'],
  en: ['Webinar: {theme}', 'Hands-on workshop in {region}', 'After-work gathering', 'Reading club', 'Case discussion', 'Expert talk: {theme}', 'Networking meeting', 'Annual gathering', 'Committee meeting']
};

// The demo's conversations: in each community, publications of every kind (discussions, questions
// answered or still open, a situation de pratique, a shared resource, the animator's call to all),
// with nested replies, @mentions, #tags and reactions, spread over the last weeks so feeds look lived-in.
// Written through the posts domain like a member would, then dated back. A publication already
// there (same title in the same community) is left alone, so running the demo again adds nothing.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { PostKind, ProposalTarget } from '../db/schema';
import { now } from '../ids';
import { vote } from '../polls';
import { addComment, createPost, markAnswer, setPinned, toggleReaction, type reactionEmojis } from '../posts';

export type Person = 'amelie' | 'jf' | 'fatou' | 'mathieu' | 'nadia';
/** `at.nadia` is "@" and Nadia's handle, whatever handle her profile was given. */
type Mentions = Record<Person, string>;
type Text = string | ((at: Mentions) => string);
type Emoji = (typeof reactionEmojis)[number];

export type DemoComment = {
  by: Person;
  body: Text;
  /** Hours after the publication. */
  after: number;
  /** Index of the comment this replies to (one level of nesting). */
  replyTo?: number;
  /** For a question: the comment its author marks as the answer. */
  answer?: boolean;
};

export type DemoThread = {
  kind: PostKind;
  /** For a topic proposal: what it would become. */
  proposalFor?: ProposalTarget;
  by: Person;
  title: string;
  body: Text;
  language?: 'en';
  daysAgo: number;
  comments?: DemoComment[];
  /** `on`: index of a comment; the publication itself otherwise. */
  reactions?: { by: Person; emoji: Emoji; on?: number }[];
  /** Pinned by its author, the animator. */
  pinned?: boolean;
  /** A poll it carries, closing this many days from now, and how each person voted (indexes of options). */
  poll?: { options: string[]; multiple?: boolean; closesInDays: number; votes: { by: Person; choose: number[] }[] };
};

const emails: Record<Person, string> = {
  amelie: 'amelie.tremblay@demo.ruche.local',
  jf: 'jf.gagnon@demo.ruche.local',
  fatou: 'fatou.diallo@demo.ruche.local',
  mathieu: 'mathieu.cote@demo.ruche.local',
  nadia: 'nadia.bouchard@demo.ruche.local'
};

const santeOntario: DemoThread[] = [
  {
    kind: 'discussion', by: 'amelie', daysAgo: 1.6,
    title: 'Quel créneau pour la rencontre de janvier ?',
    body: 'Pour que le plus grand nombre puisse venir, choisissez les créneaux qui vous conviennent. Je fixe la date à la clôture du vote. #rencontre-mensuelle',
    poll: {
      options: ['Mardi, 12 h à 13 h', 'Mercredi, 16 h à 17 h', 'Jeudi, 12 h à 13 h'],
      multiple: true,
      closesInDays: 5,
      votes: [
        { by: 'nadia', choose: [0, 2] },
        { by: 'mathieu', choose: [2] },
        { by: 'fatou', choose: [1, 2] },
        { by: 'amelie', choose: [0, 2] }
      ]
    },
    comments: [{ by: 'mathieu', after: 5, body: 'Le jeudi midi me convient le mieux, les mardis sont pris par nos réunions d’équipe.' }]
  },
  {
    kind: 'call', by: 'amelie', daysAgo: 2.3, pinned: true,
    title: 'Appel à tous : rencontre virtuelle du mois sur l’offre active en première ligne',
    body: (at) => `Bonjour à toutes et à tous !\n\nNotre rencontre virtuelle de novembre aura lieu **jeudi prochain, de 12 h à 13 h**. Au programme :\n\n1. un tour de table des régions (5 minutes chacune) ;\n2. une situation de pratique présentée par ${at.nadia} ;\n3. le choix de notre thème pour l’hiver.\n\nVous avez un outil ou une question à partager ? Répondez ici, je l’ajoute à l’ordre du jour. #rencontre-mensuelle #offre-active`,
    comments: [
      { by: 'nadia', after: 3, body: 'J’y serai ! Je prépare la situation de l’aînée à l’accueil, avec les questions que nous nous posons encore.' },
      { by: 'mathieu', after: 20, body: (at) => `Présent aussi. ${at.amelie}, est-ce que je peux prendre cinq minutes pour présenter le bilan régional des services en français ?` },
      { by: 'amelie', after: 22, replyTo: 1, body: 'Avec plaisir, je te mets juste après le tour de table.' }
    ],
    reactions: [{ by: 'fatou', emoji: '👍' }, { by: 'nadia', emoji: '❤️' }, { by: 'mathieu', emoji: '👍', on: 2 }]
  },
  {
    kind: 'discussion', by: 'mathieu', daysAgo: 24.6,
    title: 'Offre active : qu’est-ce qui marche vraiment dans vos milieux ?',
    body: 'On parle beaucoup d’offre active, mais sur le terrain, qu’est-ce qui fait la différence ? Chez nous, l’affiche « Bonjour ! Hello! » à l’accueil a moins d’effet que le simple fait que la première personne rencontrée salue en français.\n\nPartagez vos bons coups, même petits. #offre-active #accueil',
    comments: [
      { by: 'amelie', after: 4, body: 'Au centre de santé, nous avons ajouté la langue préférée dans le dossier dès la prise de rendez-vous. Le personnel sait avant l’arrivée de la personne qu’il faut l’accueillir en français.' },
      { by: 'nadia', after: 30, body: 'En stage, j’ai vu l’effet d’un épinglette « Je parle français » : des gens qui n’osaient pas demander se sont mis à parler français spontanément.' },
      { by: 'mathieu', after: 33, replyTo: 1, body: (at) => `Merci ${at.nadia} ! ${at.amelie}, est-ce que ce champ « langue préférée » est saisi par l’accueil ou par la personne elle-même ?` },
      { by: 'amelie', after: 50, replyTo: 1, body: 'Par l’accueil, au téléphone. C’est la question posée qui compte : « Dans quelle langue préférez-vous être servi ? », jamais « Parlez-vous français ? ».' }
    ],
    reactions: [{ by: 'amelie', emoji: '💡' }, { by: 'fatou', emoji: '👍' }, { by: 'mathieu', emoji: '💡', on: 3 }, { by: 'nadia', emoji: '👍', on: 0 }]
  },
  {
    kind: 'question', by: 'nadia', daysAgo: 17.2,
    title: 'Où trouver des outils pour mesurer la satisfaction des patients francophones ?',
    body: 'Pour mon projet d’intégration, je cherche un questionnaire de satisfaction validé en français, idéalement déjà utilisé en Ontario. Avez-vous des pistes ? #évaluation #outils',
    comments: [
      { by: 'mathieu', after: 6, body: 'Le ministère n’a pas d’outil officiel, mais plusieurs hôpitaux désignés adaptent le sondage de l’expérience patient. Je peux demander lequel est le plus utilisé.' },
      { by: 'amelie', after: 9, answer: true, body: (at) => `Nous utilisons un questionnaire de 12 questions adapté d’un outil de santé publique, avec une question sur la langue de service. Je te l’envoie par message, et ${at.mathieu} a raison : demande aussi aux hôpitaux désignés, ils ont des données comparables.` },
      { by: 'nadia', after: 11, replyTo: 1, body: 'Merci beaucoup, c’est exactement ce qu’il me fallait !' }
    ],
    reactions: [{ by: 'nadia', emoji: '🙏', on: 1 }, { by: 'fatou', emoji: '👍', on: 1 }]
  },
  {
    kind: 'question', by: 'mathieu', daysAgo: 4.1, language: 'en',
    title: 'Bilingual intake forms: does anyone have a template?',
    body: 'We are reviewing intake forms for two community agencies. Has anyone designed a truly bilingual form (not just a translation stapled to the English one)? I would love to see examples. #intake #bilingual',
    comments: [{ by: 'fatou', after: 8, body: 'Following this one — our field partners ask for the same thing for consent forms.' }]
  },
  {
    kind: 'case', by: 'amelie', daysAgo: 10.4,
    title: 'Situation de pratique : une aînée francophone qui répond en anglais à l’accueil',
    body: 'Une dame de 82 ans se présente pour un suivi de diabète. À l’accueil, on lui parle en anglais et elle répond en anglais. En consultation, je lui demande en français si elle préfère continuer en français : elle a les larmes aux yeux et me dit que c’est la première fois en dix ans.\n\n**Pour la discussion :**\n- Comment repérer la langue préférée quand la personne ne la demande pas ?\n- Que change la langue pour l’enseignement sur la médication ?\n\n#cas-clinique #aînés #offre-active',
    comments: [
      { by: 'nadia', after: 5, body: 'Très touchant. On nous apprend que beaucoup d’aînés francophones ne demandent pas le service en français parce qu’ils ont peur d’attendre plus longtemps.' },
      { by: 'mathieu', after: 26, body: 'Les données vont dans le même sens : la compréhension des consignes de médication est nettement meilleure dans la langue maternelle. C’est un argument de sécurité, pas seulement de confort.' },
      { by: 'amelie', after: 28, replyTo: 1, body: (at) => `Tout à fait, ${at.mathieu}. Je vais reprendre cet argument lors de notre rencontre avec la direction.` }
    ],
    reactions: [{ by: 'nadia', emoji: '❤️' }, { by: 'mathieu', emoji: '❤️' }, { by: 'amelie', emoji: '💡', on: 1 }]
  },
  {
    kind: 'resource', by: 'fatou', daysAgo: 31.5,
    title: 'Ressources en santé publique en français à garder sous la main',
    body: 'Je partage une adresse que j’utilise souvent pour des fiches et des synthèses en français, utiles aussi hors Québec : https://www.inspq.qc.ca/\n\nSi vous avez d’autres sources fiables en français, ajoutez-les en commentaire, je ferai une liste. #ressources #santé-publique',
    comments: [{ by: 'amelie', after: 15, body: 'Merci ! Les fiches sur la littératie en santé sont excellentes pour préparer de l’enseignement aux patients.' }],
    reactions: [{ by: 'amelie', emoji: '🙏' }, { by: 'nadia', emoji: '👍' }]
  }
];

const innovationEstrie: DemoThread[] = [
  {
    kind: 'call', by: 'jf', daysAgo: 1.6, pinned: true,
    title: 'Appel à tous : 5 à 7 d’automne et webinaire « Comprendre ce qu’est une CdP »',
    body: (at) => `Bonjour la communauté !\n\nDeux rendez-vous à inscrire à l’agenda :\n\n- **Le webinaire « Comprendre ce qu’est une communauté de pratique et s’engager en tant que membre »**, le 20 novembre à midi ;\n- **notre 5 à 7 d’automne**, le 4 décembre, à la coopérative du centre-ville.\n\n${at.nadia} et moi cherchons deux membres pour présenter un outil en cinq minutes. Qui se lance ? #5à7 #webinaire`,
    comments: [
      { by: 'nadia', after: 2, body: 'Je peux présenter la grille d’évaluation participative que nous avons testée cet été.' },
      { by: 'amelie', after: 18, body: 'Je serai au webinaire ! Je suis curieuse de voir comment vous faites vivre la CdP entre les rencontres.' }
    ],
    reactions: [{ by: 'amelie', emoji: '👍' }, { by: 'nadia', emoji: '❤️' }]
  },
  {
    kind: 'discussion', by: 'nadia', daysAgo: 20.3,
    title: 'Quels thèmes aimeriez-vous aborder cet hiver ?',
    body: 'Lors du premier webinaire, nous avions noté trois besoins : structurer les échanges, partager des outils d’évaluation, réduire l’isolement des porteurs de projets. Qu’est-ce qui est le plus urgent pour vous maintenant ? #thèmes #intelligence-collective',
    comments: [
      { by: 'amelie', after: 7, body: 'L’évaluation, sans hésiter. Nos bailleurs de fonds demandent des indicateurs d’impact et nous manquons de repères.' },
      { by: 'jf', after: 9, replyTo: 0, body: (at) => `Bonne idée, ${at.amelie}. Je propose une série de trois rencontres sur l’évaluation, avec des organismes qui l’ont déjà fait.` },
      { by: 'nadia', after: 40, body: 'J’ajouterais la relève : comment transmettre ce qu’on sait quand la coordonnatrice change ?' }
    ],
    reactions: [{ by: 'jf', emoji: '💡', on: 2 }, { by: 'amelie', emoji: '👍' }]
  },
  {
    kind: 'question', by: 'amelie', daysAgo: 13.7,
    title: 'Évaluer l’impact social avec peu de moyens : par où commencer ?',
    body: 'Petit organisme, pas de budget d’évaluation, une subvention qui exige « des retombées mesurables ». Par quoi commenceriez-vous ? #évaluation #impact-social',
    comments: [
      { by: 'nadia', after: 3, body: 'On nous a appris à partir d’une théorie du changement, même sur une seule page.' },
      { by: 'jf', after: 5, answer: true, body: (at) => `Je rejoins ${at.nadia} : une théorie du changement d’une page, puis **trois indicateurs** que vous pouvez vraiment suivre (un de participation, un de changement chez les personnes, un de partenariat). Mieux vaut trois indicateurs suivis que quinze abandonnés. Je partage notre gabarit dans la boîte à outils.` },
      { by: 'amelie', after: 8, replyTo: 1, body: 'Merci, c’est rassurant et réaliste. Je m’y mets cette semaine.' },
      { by: 'nadia', after: 30, replyTo: 1, body: 'Le gabarit est aussi très utile pour les rapports de stage, je confirme !' }
    ],
    reactions: [{ by: 'amelie', emoji: '🙏', on: 1 }, { by: 'nadia', emoji: '💡', on: 1 }]
  },
  {
    kind: 'question', by: 'jf', daysAgo: 3.2,
    title: 'Quelqu’un a-t-il déjà rempli une fiche pour la cartographie des initiatives ?',
    body: 'Nous voulons lancer la cartographie des initiatives en innovation sociale de l’Estrie. Avant de diffuser la fiche, j’aimerais l’avis de quelqu’un qui a déjà rempli ce genre de fiche : trop longue ? quels champs inutiles ? #cartographie'
  },
  {
    kind: 'case', by: 'nadia', daysAgo: 7.5,
    title: 'Situation de pratique : un partenaire se retire du projet à mi-parcours',
    body: 'Un organisme partenaire d’un projet de sécurité alimentaire annonce qu’il se retire, faute de personnel. Le projet perd la moitié de ses bénévoles et un local.\n\n**Ce que nous cherchons :** comment en parler aux participantes et participants sans les inquiéter, et comment revoir le plan avec le bailleur de fonds ?\n\n#situation-de-pratique #partenariat',
    comments: [
      { by: 'jf', after: 6, body: 'Vécu l’an dernier. Ce qui a aidé : appeler le bailleur avant qu’il ne l’apprenne autrement, avec une proposition de plan révisé, même imparfaite.' },
      { by: 'amelie', after: 22, body: 'Et remercier publiquement l’organisme qui part : on aura peut-être besoin de lui plus tard, et les bénévoles le connaissent.' },
      { by: 'nadia', after: 25, replyTo: 0, body: (at) => `Merci ${at.jf}, nous appelons le bailleur demain matin.` }
    ],
    reactions: [{ by: 'nadia', emoji: '🙏', on: 0 }, { by: 'jf', emoji: '❤️', on: 1 }]
  },
  {
    kind: 'resource', by: 'jf', daysAgo: 27.9,
    title: 'Boîte à outils de la CdP : évaluation participative et animation',
    body: 'La boîte à outils est en ligne sur le site de la CdP : https://www.2ise.ca\n\nVous y trouverez le gabarit de théorie du changement, une grille d’évaluation participative et des idées d’animation pour les rencontres virtuelles. Un membre partage un outil, d’autres l’adaptent et l’enrichissent : n’hésitez pas à proposer vos versions. #boîte-à-outils #évaluation',
    comments: [{ by: 'amelie', after: 12, body: 'La grille d’animation virtuelle m’a servi dès la semaine suivante. Merci !' }],
    reactions: [{ by: 'nadia', emoji: '👍' }, { by: 'amelie', emoji: '❤️' }]
  }
];

const oceans: DemoThread[] = [
  {
    kind: 'call', by: 'fatou', daysAgo: 0.8, pinned: true,
    title: 'Appel à tous : présentez vos travaux au symposium virtuel du printemps',
    body: (at) => `Bonjour à toutes et à tous — *English below*.\n\nNotre symposium virtuel revient en mars. Nous cherchons **six courtes présentations** (10 minutes) : données, méthodes, ou collaboration avec des communautés côtières. ${at.mathieu} coordonne le programme.\n\nOur virtual symposium is back in March: we are looking for six short talks. Reply here with a title by January 15. #symposium #appel`,
    comments: [{ by: 'jf', after: 4, body: 'Je peux présenter notre projet de suivi participatif avec les pêcheurs de la baie, si ça convient au thème.' }],
    reactions: [{ by: 'mathieu', emoji: '👍' }, { by: 'fatou', emoji: '❤️', on: 0 }]
  },
  {
    kind: 'discussion', by: 'mathieu', daysAgo: 22.1, language: 'en',
    title: 'Open data licences for coastal monitoring: CC BY or ODbL?',
    body: 'Our partners want the buoy data to stay open but credited. CC BY 4.0 seems simpler; ODbL keeps derived databases open. What did your projects choose, and did it cause trouble later? #open-data #licences',
    comments: [
      { by: 'fatou', after: 5, body: 'We chose CC BY 4.0 for everything. Simpler for students and for the coastal communities reusing the data.' },
      { by: 'jf', after: 9, replyTo: 0, body: (at) => `Same here. ${at.mathieu}, make sure the citation you expect is written in the metadata: people credit what they can copy.` },
      { by: 'mathieu', after: 30, body: 'Thanks both — CC BY it is, with a suggested citation in every file header.' }
    ],
    reactions: [{ by: 'fatou', emoji: '💡', on: 1 }, { by: 'jf', emoji: '👍' }]
  },
  {
    kind: 'question', by: 'jf', daysAgo: 15.4,
    title: 'Comment rejoindre les communautés côtières pour un suivi participatif ?',
    body: 'Nous voulons associer des citoyennes et citoyens au suivi de la température de l’eau. Comment les avez-vous rejoints, et comment garder leur intérêt sur plusieurs saisons ? #science-citoyenne #suivi-participatif',
    comments: [
      { by: 'mathieu', after: 10, body: 'Les municipalités et les comités ZIP sont de bons relais, en tout cas au début.' },
      { by: 'fatou', after: 14, answer: true, body: (at) => `Par les personnes qui sont déjà sur l’eau : pêcheurs, clubs de kayak, écoles. Et surtout, **leur montrer leurs données** chaque mois, même brutes. ${at.jf}, je te mets en contact avec l’équipe de Rimouski qui l’a fait pendant trois ans.` },
      { by: 'jf', after: 16, replyTo: 1, body: 'Parfait, merci Fatou ! Le retour mensuel des données, c’est l’idée qui me manquait.' }
    ],
    reactions: [{ by: 'jf', emoji: '🙏', on: 1 }, { by: 'mathieu', emoji: '👍', on: 1 }]
  },
  {
    kind: 'question', by: 'mathieu', daysAgo: 5.3, language: 'en',
    title: 'Anyone with a shared workflow for quality control of CTD profiles?',
    body: 'Each student in the network seems to write their own quality-control scripts for CTD casts. Is there a shared, documented workflow we could adopt as a network? #methods #data-quality'
  },
  {
    kind: 'case', by: 'fatou', daysAgo: 9.2,
    title: 'Situation de terrain : une station de mesure endommagée après la tempête',
    body: 'La tempête de la semaine dernière a arraché le capteur de salinité d’une station que nous partageons avec une municipalité. Trois semaines de données manquantes, et un partenaire inquiet pour son propre rapport.\n\n**Questions :** comment documenter le trou dans la série ? Que promettre au partenaire ? #terrain #données-ouvertes',
    comments: [
      { by: 'mathieu', after: 8, body: 'Documenter le trou dans les métadonnées plutôt que de l’interpoler, et l’écrire clairement dans le rapport : c’est ce que les partenaires respectent le plus.' },
      { by: 'jf', after: 20, body: 'Côté partenaire, une courte note commune signée par les deux équipes rassure beaucoup.' },
      { by: 'fatou', after: 23, replyTo: 0, body: (at) => `D’accord avec vous deux. ${at.mathieu}, peux-tu relire la note avant l’envoi ?` }
    ],
    reactions: [{ by: 'jf', emoji: '❤️' }, { by: 'fatou', emoji: '👍', on: 1 }]
  },
  {
    kind: 'resource', by: 'mathieu', daysAgo: 33.6,
    title: 'Compte rendu : pourquoi le Canada a besoin des communautés de pratique',
    body: 'Le compte rendu du symposium virtuel de MEOPAR (7 CdP, 50 chercheurs et parties prenantes) est une bonne lecture pour nous : bonnes pratiques pour lancer et gérer une CdP, rôle de la personne qui coordonne, place des partenariats.\n\nÀ lire ici : https://meopar.ca/ #mobilisation-des-connaissances #communauté-de-pratique',
    comments: [{ by: 'fatou', after: 30, body: 'Le passage « ne submergez pas vos membres » est pour moi : je note de garder un seul appel par mois.' }],
    reactions: [{ by: 'fatou', emoji: '💡' }, { by: 'jf', emoji: '👍' }]
  }
];

export const demoThreads: Readonly<Record<string, readonly DemoThread[]>> = {
  'sante-francais-ontario': santeOntario,
  'innovation-sociale-estrie': innovationEstrie,
  'reseau-recherche-oceans': oceans
};

export const hour = 3_600_000;
const day = 24 * hour;

export type Cast = { actors: Record<Person, Actor>; at: Mentions };

export async function castOf(db: DB): Promise<Cast | null> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('profiles', 'profiles.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.email', 'users.role', 'profiles.handle'])
    .where('users.email', 'in', Object.values(emails))
    .execute();
  const actors = {} as Record<Person, Actor>;
  const at = {} as Mentions;
  for (const person of Object.keys(emails) as Person[]) {
    const row = rows.find((r) => r.email === emails[person]);
    if (!row) return null;
    actors[person] = { id: row.id, name: row.name, email: row.email, role: row.role, locale: 'fr', emailVerified: true };
    at[person] = `@${row.handle}`;
  }
  return { actors, at };
}

/** The publications of each community not written yet (none with that title there), with where they go. */
export async function missingThreads<T extends { title: string }>(db: DB, byCommunity: Readonly<Record<string, readonly T[]>>): Promise<{ slug: string; communityId: string; thread: T }[]> {
  const missing: { slug: string; communityId: string; thread: T }[] = [];
  for (const [slug, threads] of Object.entries(byCommunity)) {
    const community = await db.selectFrom('communities').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!community) continue;
    for (const thread of threads) {
      const exists = await db.selectFrom('posts').select('id').where('community_id', '=', community.id).where('title', '=', thread.title).executeTakeFirst();
      if (!exists) missing.push({ slug, communityId: community.id, thread });
    }
  }
  return missing;
}

/** Writes the publications that are missing; returns how many it wrote. */
export async function seedDemoDiscussions(db: DB): Promise<number> {
  const cast = await castOf(db);
  if (!cast) return 0;
  const start = now();
  const missing = await missingThreads(db, demoThreads);
  for (const { slug, thread } of missing) await writeThread(db, cast, slug, thread, start);
  return missing.length;
}

const textOf = (text: Text, at: Mentions) => (typeof text === 'string' ? text : text(at));

/** Writes one thread as its people would, then dates it back from `start`; says which and when. */
export async function writeThread(db: DB, { actors, at }: Cast, slug: string, thread: DemoThread, start: number): Promise<{ id: string; createdAt: number }> {
  const poll = thread.poll && { options: thread.poll.options, multiple: thread.poll.multiple ?? false, closesAt: now() + thread.poll.closesInDays * day, resultsVisibility: 'after_vote' as const };
  const { id } = await createPost(db, actors[thread.by], slug, { title: thread.title, body: textOf(thread.body, at), kind: thread.kind, language: thread.language, proposalFor: thread.proposalFor, poll });
  if (thread.poll) {
    const options = await db.selectFrom('poll_options').select('id').where('post_id', '=', id).orderBy('position').execute();
    for (const { by, choose } of thread.poll.votes) await vote(db, actors[by], id, choose.map((i) => options[i]!.id));
  }
  const commentIds: string[] = [];
  for (const comment of thread.comments ?? []) {
    const parentId = comment.replyTo === undefined ? undefined : commentIds[comment.replyTo];
    commentIds.push((await addComment(db, actors[comment.by], id, { body: textOf(comment.body, at), parentId })).id);
  }
  const answer = thread.comments?.findIndex((c) => c.answer) ?? -1;
  if (answer >= 0) await markAnswer(db, actors[thread.by], id, commentIds[answer]!);
  for (const reaction of thread.reactions ?? []) {
    await toggleReaction(db, actors[reaction.by], id, reaction.on === undefined ? id : commentIds[reaction.on]!, reaction.emoji);
  }
  if (thread.pinned) await setPinned(db, actors[thread.by], id, true);
  const createdAt = start - Math.round(thread.daysAgo * day);
  // Never in the future, and always after what they answer.
  const times = (thread.comments ?? []).map((c) => Math.min(createdAt + Math.round(c.after * hour), start - hour));
  await dateBack(db, id, createdAt, commentIds.map((commentId, i) => ({ id: commentId, at: times[i]! })), thread.pinned ?? false);
  return { id, createdAt };
}

/** Moves a freshly written thread back in time, keeping the copies of its dates in step. */
async function dateBack(db: DB, postId: string, createdAt: number, comments: { id: string; at: number }[], pinned: boolean): Promise<void> {
  const activityAt = comments.reduce((latest, c) => Math.max(latest, c.at), createdAt);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('posts')
      .set({ created_at: createdAt, updated_at: activityAt, activity_at: activityAt, pinned_at: pinned ? createdAt : null })
      .where('id', '=', postId)
      .execute();
    await tx.updateTable('post_communities').set({ created_at: createdAt, activity_at: activityAt }).where('post_id', '=', postId).execute();
    await tx.updateTable('post_follows').set({ created_at: createdAt }).where('post_id', '=', postId).execute();
    await tx.updateTable('reactions').set({ created_at: activityAt }).where('post_id', '=', postId).execute();
    await tx.updateTable('mentions').set({ created_at: createdAt }).where('target_id', '=', postId).execute();
    await tx.updateTable('journal').set({ created_at: createdAt }).where('post_id', '=', postId).where('comment_id', 'is', null).execute();
    for (const comment of comments) {
      await tx.updateTable('comments').set({ created_at: comment.at, updated_at: comment.at }).where('id', '=', comment.id).execute();
      await tx.updateTable('mentions').set({ created_at: comment.at }).where('target_id', '=', comment.id).execute();
      await tx.updateTable('journal').set({ created_at: comment.at }).where('comment_id', '=', comment.id).execute();
    }
  });
}

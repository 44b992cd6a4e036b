// The demo's topic proposals: in each community, topics its members would like an activity or a
// resource on, supported by several of them (so the list has a ranking to show), a volunteer or two,
// a few comments, and the animators' answers — one declined with its reason, one planned as an
// activity of the programme. Written as the discussions are (a thread by its author, then dated
// back), then supported, offered help and decided through the proposals domain, and those dates
// moved back too. A proposal already there (same title in the same community) is left alone.
import type { DB } from '../db';
import { now } from '../ids';
import { decideProposal, setSupport, setVolunteer } from '../proposals';
import { castOf, hour, missingThreads, writeThread, type Cast, type DemoThread, type Person } from './discussions';

type Decision = { by: Person; /** Hours after the proposal. */ after: number } & ({ status: 'declined'; reason: string } | { status: 'planned'; /** The title of an activity its community hosts. */ event: string });

type DemoProposal = Omit<DemoThread, 'kind' | 'pinned' | 'reactions'> & {
  /** In the order they came, a few hours apart. */
  supports: Person[];
  volunteers?: Person[];
  decision?: Decision;
};

const santeOntario: DemoProposal[] = [
  {
    by: 'nadia', daysAgo: 9.4, proposalFor: 'activity',
    title: 'Atelier : l’offre active au téléphone et à la prise de rendez-vous',
    body: 'La plupart des patientes et patients nous parlent d’abord au téléphone, et c’est souvent là que le français se perd : message d’accueil en anglais seulement, transfert vers une personne qui ne le parle pas.\n\nJe propose un atelier d’une heure pour comparer nos messages d’accueil et nos scripts, et repartir avec une version à essayer. #offre-active #accueil',
    comments: [
      { by: 'mathieu', after: 5, body: 'Je peux aider : nous avons un script d’accueil bilingue au ministère, je le partage volontiers et je peux le présenter.' },
      { by: 'amelie', after: 26, body: 'Très bonne idée. Si elle reste en tête de liste, je la mets au programme de la rencontre de janvier.' }
    ],
    supports: ['mathieu', 'fatou', 'amelie'],
    volunteers: ['mathieu']
  },
  {
    by: 'mathieu', daysAgo: 6.1, proposalFor: 'resource',
    title: 'Une fiche sur l’accueil des nouveaux membres',
    body: 'Quand quelqu’un rejoint la communauté, on lui souhaite la bienvenue… puis plus rien. Une fiche d’une page aiderait : à qui se présenter, où trouver les outils, comment proposer un sujet ou une situation de pratique. #accueil',
    comments: [{ by: 'nadia', after: 8, body: (at) => `Je veux bien l’écrire avec toi, ${at.mathieu} : je suis arrivée il y a six mois, je me souviens de ce qui m’a manqué.` }],
    supports: ['nadia', 'amelie'],
    volunteers: ['nadia']
  },
  {
    by: 'fatou', daysAgo: 3.8, proposalFor: 'activity', language: 'en',
    title: 'Webinar: working with interpreters when no French-speaking staff is on shift',
    body: 'At night and on weekends, some of our sites have nobody who speaks French. A short webinar on good practice with interpreters (in person, by phone, by video) would help: what to ask for, how to brief them, what to write in the file.',
    supports: ['nadia']
  },
  {
    by: 'mathieu', daysAgo: 17.2, proposalFor: 'activity',
    title: 'Un groupe de travail pour rédiger un mémoire au ministère',
    body: 'La consultation sur les services en français se termine au printemps. Pourquoi ne pas rédiger ensemble un mémoire au nom de la communauté ?',
    supports: ['nadia'],
    decision: {
      by: 'amelie', after: 30, status: 'declined',
      reason: 'Merci Mathieu ! Notre charte le dit : nous ne sommes ni une table décisionnelle ni un lobby. Le Réseau des services de santé en français porte déjà ce dossier ; partageons plutôt ici sa consultation, pour que chacune et chacun puisse y répondre.'
    }
  }
];

const innovationEstrie: DemoProposal[] = [
  {
    by: 'amelie', daysAgo: 4.5, proposalFor: 'activity',
    title: 'Atelier : animer un 5 à 7 à distance',
    body: 'Nos membres sont à Magog, à Coaticook, à Lac-Mégantic… Le 5 à 7 en personne laisse de côté celles et ceux qui sont loin. Comment garder la chaleur d’un 5 à 7 en visioconférence ? Un atelier court pour partager les formats qui marchent. #5à7 #animation',
    comments: [
      { by: 'jf', after: 6, body: 'J’ai essayé les petites salles de quatre personnes, changées toutes les vingt minutes : bien plus vivant que le grand cercle.' },
      { by: 'nadia', after: 9, replyTo: 0, body: 'Et une question lancée à l’avance, pour que personne n’arrive les mains vides. Je peux aider à l’animer.' }
    ],
    supports: ['nadia', 'jf'],
    volunteers: ['nadia']
  },
  {
    by: 'nadia', daysAgo: 8.3, proposalFor: 'activity',
    title: 'Un atelier pratique sur les indicateurs d’impact',
    body: 'Dans la discussion sur les thèmes de l’hiver, l’évaluation est revenue souvent. Je propose un atelier où chacun apporte un vrai projet et repart avec deux ou trois indicateurs réalistes. #évaluation #impact-social',
    comments: [{ by: 'amelie', after: 4, body: 'Oui ! Nos bailleurs de fonds nous le demandent pour le prochain rapport.' }],
    supports: ['amelie', 'jf'],
    decision: { by: 'jf', after: 90, status: 'planned', event: 'Atelier : mesurer l’impact social avec peu de moyens' }
  }
];

const oceans: DemoProposal[] = [
  {
    by: 'mathieu', daysAgo: 4.9, proposalFor: 'resource', language: 'en',
    title: 'A shared quality-control workflow for CTD profiles',
    body: 'Following my question last week: rather than each student writing their own scripts, could we write one documented workflow, with example data, and keep it in the network’s library? #methods #data-quality',
    comments: [{ by: 'fatou', after: 7, body: 'Yes please. The Rimouski team’s scripts could be a starting point; I will ask them.' }],
    supports: ['fatou', 'jf']
  }
];

export const demoProposals: Readonly<Record<string, readonly DemoProposal[]>> = {
  'sante-francais-ontario': santeOntario,
  'innovation-sociale-estrie': innovationEstrie,
  'reseau-recherche-oceans': oceans
};

/** Hours between one support (or offer to help) and the next, after the proposal. */
const spacing = 6;

/** Writes the proposals that are missing, with their supports and decisions; returns how many it wrote. */
export async function seedDemoProposals(db: DB): Promise<number> {
  const cast = await castOf(db);
  if (!cast) return 0;
  const start = now();
  const missing = await missingThreads(db, demoProposals);
  for (const { slug, communityId, thread } of missing) await writeProposal(db, cast, slug, communityId, thread, start);
  return missing.length;
}

async function writeProposal(db: DB, cast: Cast, slug: string, communityId: string, proposal: DemoProposal, start: number): Promise<void> {
  const { id, createdAt } = await writeThread(db, cast, slug, { ...proposal, kind: 'proposal' }, start);
  const { actors } = cast;
  for (const by of proposal.supports) await setSupport(db, actors[by], id, true);
  for (const by of proposal.volunteers ?? []) await setVolunteer(db, actors[by], id, true);
  const decision = proposal.decision;
  if (decision?.status === 'declined') await decideProposal(db, actors[decision.by], id, { status: 'declined', reason: decision.reason });
  if (decision?.status === 'planned') {
    // Planned with its activity when the programme has it (it is seeded first), planned alone otherwise.
    const event = await db.selectFrom('events').select('id').where('community_id', '=', communityId).where('title', '=', decision.event).executeTakeFirst();
    await decideProposal(db, actors[decision.by], id, { status: 'planned', eventId: event?.id });
  }
  await dateProposalBack(db, cast, id, createdAt, proposal, start);
}

/** Moves the supports, offers and decision back with the thread: supports first, the decision after. */
async function dateProposalBack(db: DB, { actors }: Cast, postId: string, createdAt: number, proposal: DemoProposal, start: number): Promise<void> {
  const at = (hours: number) => Math.min(createdAt + Math.round(hours * hour), start - hour);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('proposals').set({ created_at: createdAt }).where('post_id', '=', postId).execute();
    for (const [table, people] of [['proposal_supports', proposal.supports], ['proposal_volunteers', proposal.volunteers ?? []]] as const) {
      for (const [i, by] of people.entries()) {
        await tx.updateTable(table).set({ created_at: at(spacing * (i + 1)) }).where('post_id', '=', postId).where('user_id', '=', actors[by].id).execute();
      }
    }
    if (!proposal.decision) return;
    const decidedAt = at(proposal.decision.after);
    await tx.updateTable('proposals').set({ decided_at: decidedAt }).where('post_id', '=', postId).execute();
    await tx.updateTable('journal').set({ created_at: decidedAt }).where('post_id', '=', postId).where('kind', '=', 'proposal.decided').execute();
  });
}

// The demo's shared repertoire: the references the seeds cite (imported as one BibTeX file), an
// animation toolkit notebook, a guide written together in two revisions, notes that link to each
// other, a document added on someone else's behalf (the ownership warning), "I applied this" stories,
// and a private resource and notebook in the private and hidden communities, so every Library tab
// has something in it. Written through the library domain as members would. If the toolkit is
// already there, nothing is added: running the demo again changes nothing.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { DomainError } from '../errors';
import { addToNotebook, applyResource, createNotebook, createResource, importReferences, setNotebookMember, updateResource, type CreateResourceInput } from '../library';

/** The demo's members other modules of the demo act as, and its communities' slugs. */
export type Person = 'amelie' | 'jf' | 'fatou' | 'mathieu' | 'nadia';

export const emails: Record<Person, string> = {
  amelie: 'amelie.tremblay@demo.ruche.local',
  jf: 'jf.gagnon@demo.ruche.local',
  fatou: 'fatou.diallo@demo.ruche.local',
  mathieu: 'mathieu.cote@demo.ruche.local',
  nadia: 'nadia.bouchard@demo.ruche.local'
};

export const sante = 'sante-francais-ontario';
export const estrie = 'innovation-sociale-estrie';
const oceans = 'reseau-recherche-oceans';

export const demoToolkitTitle = 'Boîte à outils de l’animation';

/** The works the seeds cite, as a member would paste them from a reference manager. */
export const demoBibtex = String.raw`@book{wenger2002cultivating,
  author    = {Wenger, Etienne and McDermott, Richard and Snyder, William M.},
  title     = {Cultivating Communities of Practice: A Guide to Managing Knowledge},
  publisher = {Harvard Business School Press},
  address   = {Boston},
  year      = {2002},
  isbn      = {978-1578513307}
}

@book{saintonge2003leveraging,
  author    = {Saint-Onge, Hubert and Wallace, Debra},
  title     = {Leveraging Communities of Practice for Strategic Advantage},
  publisher = {Butterworth-Heinemann},
  address   = {Amsterdam},
  year      = {2003},
  isbn      = {978-0750674584}
}

@book{wengertrayner2020learning,
  author    = {Wenger-Trayner, Etienne and Wenger-Trayner, Beverly},
  title     = {Learning to Make a Difference: Value Creation in Social Learning Spaces},
  publisher = {Cambridge University Press},
  address   = {Cambridge},
  year      = {2020},
  doi       = {10.1017/9781108677431}
}

@book{lave1991situated,
  author    = {Lave, Jean and Wenger, Etienne},
  title     = {Situated Learning: Legitimate Peripheral Participation},
  publisher = {Cambridge University Press},
  address   = {Cambridge},
  year      = {1991}
}
`;

const guide = `Ce guide rassemble ce que nous avons appris en animant nos communautés. Chaque section est tenue par une ou deux personnes ; proposez vos ajouts dans la discussion.

## Pourquoi une communauté de pratique

Une communauté de pratique réunit des personnes qui partagent un domaine, se rencontrent régulièrement et construisent ensemble un répertoire d’outils et d’histoires.

## Le rôle de l’animation

L’animatrice ou l’animateur tient le rythme : une rencontre par mois, un fil de nouvelles, un accueil personnalisé des nouvelles personnes.

## Mesurer la valeur créée

Nous notons les histoires d’application (« je l’ai appliqué ») : elles montrent ce que la communauté change dans les pratiques.
`;

const guideEvaluation = `## Mesurer la valeur créée

Nous notons les histoires d’application (« je l’ai appliqué ») : elles montrent ce que la communauté change dans les pratiques.

Inspirées du cadre de création de valeur de Wenger-Trayner, nous distinguons cinq cycles : la valeur immédiate (une bonne rencontre), potentielle (un outil gardé), appliquée (un outil utilisé), réalisée (un résultat obtenu) et transformatrice (une façon de voir qui change).
`;

async function castOf(db: DB): Promise<{ actors: Record<Person, Actor>; at: Record<Person, string> } | null> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('profiles', 'profiles.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.email', 'users.role', 'profiles.handle'])
    .where('users.email', 'in', Object.values(emails))
    .execute();
  const actors = {} as Record<Person, Actor>;
  const at = {} as Record<Person, string>;
  for (const person of Object.keys(emails) as Person[]) {
    const row = rows.find((r) => r.email === emails[person]);
    if (!row) return null;
    actors[person] = { id: row.id, name: row.name, email: row.email, role: row.role, locale: 'fr', emailVerified: true };
    at[person] = `@${row.handle}`;
  }
  return { actors, at };
}

/** A link resource; offline (its address cannot be checked), a note giving the address instead. */
async function linkOrNote(db: DB, actor: Actor, input: CreateResourceInput & { linkUrl: string }): Promise<{ id: string }> {
  try {
    return await createResource(db, actor, input);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
    return createResource(db, actor, { ...input, kind: 'note', linkUrl: undefined, body: `${input.body ?? ''}\n\n<${input.linkUrl}>` });
  }
}

/** Adds the library if the toolkit is missing; returns how many resources it wrote. */
export async function seedDemoLibrary(db: DB): Promise<number> {
  const cast = await castOf(db);
  if (!cast) return 0;
  const exists = await db.selectFrom('notebooks').select('id').where('title', '=', demoToolkitTitle).where('deleted_at', 'is', null).executeTakeFirst();
  if (exists) return 0;
  const { actors: a, at } = cast;
  const ids: string[] = [];
  const add = async (by: Person, input: CreateResourceInput) => {
    const { id } = await createResource(db, a[by], input);
    ids.push(id);
    return id;
  };

  // The reference list, public, in a notebook of its own.
  const readings = await createNotebook(db, a.amelie, {
    title: 'Lectures sur les communautés de pratique',
    description: 'Les ouvrages qui ont inspiré nos façons d’animer. Ajoutez les vôtres !',
    visibility: 'public',
    communities: [sante, estrie],
    categories: ['références']
  });
  const report = await importReferences(db, a.amelie, { text: demoBibtex, format: 'bibtex', visibility: 'public', communities: [sante], notebook: readings.id });
  ids.push(...report.imported.map((r) => r.id));
  const intro = await linkOrNote(db, a.amelie, {
    kind: 'link',
    title: 'Introduction aux communautés de pratique (Wenger-Trayner)',
    body: 'Une courte introduction, en anglais, par celles et ceux qui ont nommé le concept.',
    linkUrl: 'https://www.wenger-trayner.com/introduction-to-communities-of-practice/',
    language: 'en',
    visibility: 'public',
    communities: [sante],
    categories: ['références'],
    licence: 'all-rights-reserved'
  });
  ids.push(intro.id);
  await addToNotebook(db, a.amelie, readings.id, intro.id);

  // The toolkit.
  const toolkit = await createNotebook(db, a.amelie, {
    title: demoToolkitTitle,
    description: 'Fiches, gabarits et liens pour animer une communauté au quotidien. Chaque fiche se copie et s’adapte.',
    visibility: 'public',
    communities: [sante, estrie],
    categories: ['animation']
  });
  await setNotebookMember(db, a.amelie, toolkit.id, at.fatou, 'contributor');
  const charter = await add('fatou', {
    kind: 'note',
    title: 'Gabarit de charte de communauté',
    summary: 'Mission, vision, valeurs, objectifs et ce que nous ne sommes pas : une page à remplir ensemble.',
    body: '## Mission\n\nPourquoi existons-nous ?\n\n## Vision\n\nQue voulons-nous voir changer ?\n\n## Valeurs\n\nComment voulons-nous travailler ensemble ?\n\n## Ce que nous ne sommes pas\n\nUne table décisionnelle, un lobby, un service…',
    visibility: 'public',
    communities: [sante],
    categories: ['gouvernance', 'animation'],
    licence: 'cc-by'
  });
  const fiveToSeven = await add('amelie', {
    kind: 'note',
    title: 'Fiche : animer un 5 à 7 virtuel',
    summary: 'Une heure détendue en visioconférence, pour se connaître au-delà des projets.',
    body: '1. Envoyez l’invitation deux semaines avant, avec une question brise-glace.\n2. Ouvrez la salle dix minutes plus tôt.\n3. Faites des salles de quatre personnes, vingt minutes, puis un retour en grand groupe.\n4. Terminez par une ressource à essayer d’ici la prochaine fois.',
    visibility: 'public',
    communities: [sante, estrie],
    categories: ['animation', 'rencontres'],
    licence: 'cc-by-sa'
  });
  const welcome = await add('amelie', {
    kind: 'note',
    title: 'Accueillir une nouvelle personne membre',
    body: `Un message personnel dans la semaine, une présentation dans le fil, et une personne marraine pour le premier mois. Relisez ensemble le [[${charter}|gabarit de charte]] : c’est souvent là que tout commence.`,
    visibility: 'public',
    communities: [sante],
    categories: ['accueil', 'animation'],
    licence: 'cc-by-sa'
  });
  const activeOffer = await linkOrNote(db, a.fatou, {
    kind: 'link',
    title: 'Société Santé en français',
    body: 'Le réseau national : ressources sur l’offre active, formations et exemples pour offrir activement les services en français.',
    linkUrl: 'https://www.santefrancais.ca/',
    visibility: 'public',
    communities: [sante],
    categories: ['offre active'],
    licence: 'all-rights-reserved'
  });
  ids.push(activeOffer.id);
  const guideId = await add('amelie', {
    kind: 'work',
    title: 'Guide de pratique partagé',
    summary: 'Notre guide d’animation, écrit à plusieurs mains.',
    body: guide,
    visibility: 'public',
    communities: [sante],
    authors: [at.amelie, at.fatou],
    categories: ['animation', 'guide'],
    licence: 'cc-by-sa',
    message: 'Première version du guide'
  });
  // Fatou completes the section she holds: a second revision, by a second member.
  await updateResource(db, a.fatou, guideId, { body: guideEvaluation, section: 3, revision: 1, message: 'Ajout des cinq cycles de création de valeur' });
  // Someone else's document, added by Nadia: the page says it is not hers.
  const evaluation = await add('nadia', {
    kind: 'note',
    title: 'Grille d’évaluation participative des projets communautaires',
    summary: 'Une grille en quatre volets, utilisée par plusieurs organismes de l’Estrie.',
    body: 'Document du Centre de formation communautaire, partagé avec son accord pour usage interne. Volets : pertinence, participation, effets, apprentissages.',
    visibility: 'instance',
    communities: [estrie],
    authors: ['Centre de formation communautaire'],
    categories: ['évaluation'],
    licence: 'all-rights-reserved'
  });
  for (const id of [fiveToSeven, welcome, charter, guideId, activeOffer.id]) await addToNotebook(db, a.amelie, toolkit.id, id);
  await addToNotebook(db, a.fatou, toolkit.id, evaluation);

  // Private to the Estrie community: its members' own notes and notebook.
  const visits = await add('jf', {
    kind: 'note',
    title: 'Bilan des visites entre organismes — automne',
    body: 'Six visites, quatorze personnes. Ce qui a marché : les visites en binôme. À revoir : la prise de notes partagée.',
    visibility: 'communities',
    communities: [estrie],
    categories: ['évaluation', 'bilan'],
    licence: 'all-rights-reserved'
  });
  const impact = await createNotebook(db, a.jf, {
    title: 'Outils d’évaluation de l’impact',
    description: 'Ce que nous utilisons pour documenter l’impact social de nos projets.',
    visibility: 'communities',
    communities: [estrie],
    categories: ['évaluation']
  });
  for (const id of [evaluation, visits, fiveToSeven]) await addToNotebook(db, a.jf, impact.id, id);

  // The hidden research network's methods.
  const protocol = await add('fatou', {
    kind: 'note',
    title: 'Protocole de partage des données de terrain',
    body: 'Formats ouverts (CSV, NetCDF), métadonnées décrites avant le dépôt, un délai d’embargo de six mois au plus.',
    language: 'fr',
    visibility: 'communities',
    communities: [oceans],
    categories: ['données ouvertes', 'méthodes'],
    licence: 'cc-by'
  });
  const methods = await createNotebook(db, a.fatou, {
    title: 'Méthodes de terrain',
    description: 'Protocoles et fiches de terrain du réseau.',
    visibility: 'communities',
    communities: [oceans],
    categories: ['méthodes']
  });
  await addToNotebook(db, a.fatou, methods.id, protocol);

  // What members did with them.
  await applyResource(db, a.nadia, fiveToSeven, { story: 'Essayé pour notre 5 à 7 d’automne : les salles de quatre ont brisé la glace en cinq minutes.' });
  await applyResource(db, a.mathieu, fiveToSeven, { story: 'Repris avec les étudiantes du labo, en anglais et en français.' });
  await applyResource(db, a.jf, charter, { story: 'Notre charte de l’Estrie est partie de ce gabarit.' });
  await applyResource(db, a.nadia, welcome, {});
  return ids.length;
}

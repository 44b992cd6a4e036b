// The demo's surveys (issue 18), in the Ontario health community: the needs survey every community
// starts with, open, answered by sixty members over two weeks (by name: the results page, the CSV
// and a member's own answer all have something to show), and a short anonymous feedback survey on
// the webinar of three weeks ago, closed, with ten responses. Written through the forms domain —
// createForm, setFormStatus, and submitResponse as each member — then dated back, as the
// discussions are. The answers are drawn with a fixed seed, shaped by each person's experience. A
// survey already there (same title in the community) is left alone: running the demo again adds nothing.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import { now } from '../ids';
import { createForm, needsSurvey, OTHER, setFormStatus, submitResponse, type AnswersInput, type DefinitionInput } from '../forms';
import { emails, sante, type Person } from './library';
import { demoRespondents } from './respondents';
import { demoRandom, type DemoRandom } from './random';

export const demoNeedsSurveyTitle = 'Sondage des besoins';
export const demoFeedbackSurveyTitle = 'Retour sur le webinaire « L’offre active en pratique »';

const day = 24 * 3600 * 1000;
const hour = 3600 * 1000;

/** What members expect of the community, in their words (each said once). */
const expectations = [
  'Briser l’isolement : je suis la seule intervenante francophone de mon équipe.',
  'Des outils concrets d’offre active que je peux utiliser dès lundi.',
  'Apprendre comment les autres régions recrutent du personnel bilingue.',
  'Un lieu pour poser mes questions sans passer pour quelqu’un qui ne sait pas.',
  'Connaître les ressources en français vers lesquelles orienter mes patients.',
  'Partager ce qui fonctionne dans le Nord, où les distances compliquent tout.',
  'Rester à jour sur la recherche en santé des francophones en situation minoritaire.',
  'Des échanges de cas cliniques, avec la confidentialité qu’il faut.',
  'Trouver des partenaires pour une demande de subvention l’an prochain.',
  'Comprendre la désignation des services en vertu de la Loi sur les services en français.',
  'Rencontrer des collègues d’autres milieux que l’hôpital.',
  'Des modèles de documents traduits (consentements, dépliants) à partager.',
  'Améliorer l’accueil des aînés francophones en soins de longue durée.',
  'M’inspirer pour l’accueil des nouveaux arrivants francophones.',
  'Un espace pour parler de santé mentale en français, entre intervenants.',
  'Savoir ce que le ministère prépare sur les services en français.',
  'Des formations courtes, à l’heure du midi, reconnues par mon ordre professionnel.',
  'Apprendre à mesurer si notre offre active change vraiment quelque chose.',
  'Un réseau pour mes stages : je termine ma formation en juin.',
  'Me sentir moins seul à défendre le français dans mon établissement.',
  'Des idées pour rendre nos services virtuels accessibles en français.',
  'Suivre les bonnes pratiques d’interprétation quand le personnel ne parle pas français.'
];

/** "Other" topics, each written by one member. */
const otherTopics = [
  'Recrutement et rétention du personnel bilingue',
  'Santé mentale des aînés francophones',
  'Interprétation en milieu hospitalier',
  'Offre active en soins à domicile',
  'Accueil des nouveaux arrivants francophones',
  'Santé autochtone et services en français'
];

/** What those who would help run an activity offer. */
const helpTopics = [
  'L’accueil en français au téléphone',
  'Un atelier sur la trousse d’offre active',
  'Les services en français en milieu rural',
  'Le recrutement d’infirmières bilingues',
  'Une présentation sur nos groupes de soutien en santé mentale',
  'La traduction de documents cliniques',
  'Un 5 à 7 à Ottawa',
  'La navigation des patients entre les services',
  'Les données régionales sur les services en français',
  'Un club de lecture sur la santé des francophones',
  'L’accompagnement des stagiaires',
  'Les soins palliatifs en français',
  'Un webinaire sur la désignation des organismes',
  'Les trousses pour les proches aidants',
  'Animer la discussion en ligne du mois'
];

type Experience = 'new' | 'some' | 'long';

/** Takes the next unused text of a list, or none once all are used: no two members write the same words. */
const takeFrom = (texts: readonly string[]) => {
  let next = 0;
  return () => texts[next++];
};

function needsAnswers(random: DemoRandom, take: { expectation: () => string | undefined; other: () => string | undefined; help: () => string | undefined }): AnswersInput {
  const experience = random.weighted<Experience>([['new', 30], ['some', 45], ['long', 25]]);
  const answers: AnswersInput['answers'] = { experience };
  const other: Record<string, string> = {};
  const expectation = random.chance(0.45) ? take.expectation() : undefined;
  if (expectation) answers.expectations = expectation;
  // Newcomers want tools, the experienced research and policy.
  const interest: Record<string, number> = { practice: 0.65, tools: experience === 'new' ? 0.8 : 0.55, research: experience === 'long' ? 0.55 : 0.3, funding: experience === 'new' ? 0.15 : 0.35, policy: experience === 'long' ? 0.45 : 0.2 };
  if (random.chance(0.95)) {
    const topics = Object.keys(interest).filter((topic) => random.chance(interest[topic]!));
    const otherTopic = random.chance(0.12) ? take.other() : undefined;
    if (otherTopic) {
      topics.push(OTHER);
      other.topics = otherTopic;
    }
    answers.topics = topics.length ? topics : ['practice'];
  }
  answers.formats = random.order([['workshop', 3], ['webinar', 2.5], ['discussion', 1.6], ['cinq_a_sept', experience === 'new' ? 1.4 : 1]]);
  const times = (
    [
      ['morning', 0.25],
      ['noon', 0.6],
      ['afternoon', 0.2],
      ['evening', 0.35]
    ] as const
  )
    .filter(([, p]) => random.chance(p))
    .map(([time]) => time);
  answers.times = times.length ? times : ['noon'];
  answers.time = random.weighted([[1, 15], [2, 30], [3, 30], [4, 17], [5, 8]]);
  const helps = random.chance(experience === 'new' ? 0.15 : experience === 'some' ? 0.3 : 0.45);
  answers.help = helps ? 'yes' : 'no';
  const topic = helps && random.chance(0.9) ? take.help() : undefined;
  if (topic) answers.help_topic = topic;
  return { answers, other };
}

/** The demo members who answer the needs survey, by hand, to match their profiles. */
const castAnswers: { by: Person; answers: AnswersInput }[] = [
  {
    by: 'nadia',
    answers: { answers: { experience: 'new', expectations: 'Apprendre des intervenantes d’expérience pendant mes études en travail social.', topics: ['practice', 'tools'], formats: ['discussion', 'workshop', 'webinar', 'cinq_a_sept'], times: ['noon', 'evening'], time: 4, help: 'no' } }
  },
  {
    by: 'mathieu',
    answers: { answers: { experience: 'some', topics: ['policy', 'research', 'tools'], formats: ['webinar', 'discussion', 'workshop', 'cinq_a_sept'], times: ['noon'], time: 2, help: 'yes', help_topic: 'Le bilan régional des services en français' } }
  },
  {
    by: 'fatou',
    answers: { answers: { experience: 'long', topics: ['research', OTHER], formats: ['workshop', 'webinar', 'cinq_a_sept', 'discussion'], times: ['morning', 'afternoon'], time: 3, help: 'yes', help_topic: 'Partager des données ouvertes sur la santé' }, other: { topics: 'Données ouvertes en santé' } }
  }
];

const feedbackSurvey: DefinitionInput = {
  questions: [
    { kind: 'scale', id: 'useful', label: { fr: 'Le webinaire vous a-t-il été utile ?', en: 'Was the webinar useful to you?' }, required: true, min: 1, max: 5, minLabel: { fr: 'Pas du tout', en: 'Not at all' }, maxLabel: { fr: 'Tout à fait', en: 'Very much' } },
    {
      kind: 'single',
      id: 'length',
      label: { fr: 'La durée', en: 'Its length' },
      choices: [
        { id: 'short', label: { fr: 'Trop courte', en: 'Too short' } },
        { id: 'right', label: { fr: 'Juste bien', en: 'About right' } },
        { id: 'long', label: { fr: 'Trop longue', en: 'Too long' } }
      ]
    },
    { kind: 'yes_no', id: 'again', label: { fr: 'Assisteriez-vous à un autre webinaire sur ce thème ?', en: 'Would you attend another webinar on this topic?' } },
    { kind: 'long_text', id: 'comments', label: { fr: 'Un commentaire pour l’équipe d’animation ?', en: 'A comment for the hosts?' } }
  ]
};

const feedbackComments = [
  'Les exemples de Montfort étaient parfaits, merci !',
  'J’aurais aimé plus de temps pour les questions.',
  'Pouvez-vous partager le message d’accueil téléphonique présenté ?',
  'Très concret. La période de questions était trop courte.'
];

async function actorsByEmail(db: DB, list: readonly string[]): Promise<Map<string, Actor>> {
  const rows = list.length ? await db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('email', 'in', [...list]).execute() : [];
  return new Map(rows.map((row) => [row.email, { ...row, locale: 'fr' as const, emailVerified: true }]));
}

/** Moves a survey, its journal and its responses back in time (an anonymous survey's by the day only). */
async function dateBack(db: DB, formId: string, createdAt: number, changedAt: number, responses: { userId: string; at: number }[], anonymous: boolean): Promise<void> {
  const dayOf = (at: number) => Math.floor(at / day) * day;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('forms').set({ created_at: createdAt, updated_at: changedAt }).where('id', '=', formId).execute();
    await tx.updateTable('form_versions').set({ created_at: createdAt }).where('form_id', '=', formId).execute();
    await tx.updateTable('journal').set({ created_at: createdAt, processed_at: createdAt }).where('kind', '=', 'form.created').where('payload', '=', JSON.stringify({ formId })).execute();
    await tx.updateTable('journal').set({ created_at: createdAt + hour, processed_at: createdAt + hour }).where('kind', '=', 'form.opened').where('payload', '=', JSON.stringify({ formId })).execute();
    await tx.updateTable('journal').set({ created_at: changedAt, processed_at: changedAt }).where('kind', '=', 'form.closed').where('payload', '=', JSON.stringify({ formId })).execute();
    if (!anonymous) {
      for (const r of responses) await tx.updateTable('form_responses').set({ submitted_at: r.at, updated_at: r.at }).where('form_id', '=', formId).where('user_id', '=', r.userId).execute();
      return;
    }
    // The marks get their days; the responses, which say nobody, get the same days in another order.
    const days = responses.map((r) => dayOf(r.at));
    for (const [i, r] of responses.entries()) await tx.updateTable('form_participations').set({ day: days[i]! }).where('form_id', '=', formId).where('user_id', '=', r.userId).execute();
    const ids = await tx.selectFrom('form_responses').select('id').where('form_id', '=', formId).orderBy('id').execute();
    for (const [i, { id }] of ids.entries()) await tx.updateTable('form_responses').set({ submitted_at: days[i]!, updated_at: days[i]! }).where('id', '=', id).execute();
  });
}

async function exists(db: DB, communityId: string, title: string): Promise<boolean> {
  return (await db.selectFrom('forms').select('id').where('community_id', '=', communityId).where('title', '=', title).executeTakeFirst()) !== undefined;
}

/** Writes the surveys that are missing; returns how many it wrote. */
export async function seedDemoSurveys(db: DB): Promise<number> {
  const community = await db.selectFrom('communities').select('id').where('slug', '=', sante).executeTakeFirst();
  if (!community) return 0;
  const castEmails = castAnswers.map((c) => emails[c.by]);
  const actors = await actorsByEmail(db, [emails.amelie, ...castEmails, ...demoRespondents.map((r) => r.email)]);
  const animator = actors.get(emails.amelie);
  if (!animator) return 0;
  const respondents = demoRespondents.map((r) => actors.get(r.email)).filter((a): a is Actor => a !== undefined);
  const start = now();
  let written = 0;

  if (!(await exists(db, community.id, demoNeedsSurveyTitle))) {
    const random = demoRandom(1802);
    const { id } = await createForm(db, animator, sante, {
      title: demoNeedsSurveyTitle,
      description: 'Quelques minutes pour nous dire ce que vous attendez de la communauté, les sujets qui vous intéressent et quand vous pouvez participer. **Les résultats guideront la programmation de l’hiver** : ceux qui répondent les voient aussi.',
      resultsVisibleTo: 'respondents',
      definition: needsSurvey
    });
    await setFormStatus(db, animator, id, 'open');
    const createdAt = start - 16 * day;
    const take = { expectation: takeFrom(expectations), other: takeFrom(otherTopics), help: takeFrom(helpTopics) };
    const given: { userId: string; at: number }[] = [];
    // Most answer in the days after the call, the others over the two weeks since.
    const answeredAt = () => Math.min(start - hour, createdAt + 2 * hour + Math.round((random.chance(0.6) ? random.next() * 3 : random.next() * 15) * day));
    for (const { by, answers } of castAnswers) {
      const actor = actors.get(emails[by]);
      if (!actor) continue;
      await submitResponse(db, { actor }, id, answers);
      given.push({ userId: actor.id, at: answeredAt() });
    }
    // Three of the sixty have not answered yet: a reminder has someone to reach.
    for (const actor of respondents.slice(0, respondents.length - 3)) {
      await submitResponse(db, { actor }, id, needsAnswers(random, take));
      given.push({ userId: actor.id, at: answeredAt() });
    }
    await dateBack(db, id, createdAt, createdAt + hour, given, false);
    written += 1;
  }

  if (!(await exists(db, community.id, demoFeedbackSurveyTitle))) {
    const random = demoRandom(2111);
    const { id } = await createForm(db, animator, sante, {
      title: demoFeedbackSurveyTitle,
      description: 'Trois questions, anonymes : personne, pas même l’équipe d’animation, ne saura ce que vous avez répondu.',
      anonymous: true,
      definition: feedbackSurvey
    });
    await setFormStatus(db, animator, id, 'open');
    const createdAt = start - 21 * day + 2 * hour;
    const comments = takeFrom(feedbackComments);
    const given: { userId: string; at: number }[] = [];
    for (const actor of respondents.filter((_, i) => i % 6 === 1)) {
      const comment = random.chance(0.4) ? comments() : undefined;
      const answers: AnswersInput['answers'] = { useful: random.weighted([[3, 2], [4, 5], [5, 4]]), length: random.weighted([['short', 3], ['right', 6], ['long', 1]]), again: random.chance(0.8) ? 'yes' : 'no' };
      if (comment) answers.comments = comment;
      await submitResponse(db, { actor }, id, { answers });
      given.push({ userId: actor.id, at: createdAt + Math.round(random.next() * 6 * day) });
    }
    await setFormStatus(db, animator, id, 'closed');
    await dateBack(db, id, createdAt, createdAt + 7 * day, given, true);
    written += 1;
  }
  return written;
}

// A needs survey (issue 18) as createForm, setFormStatus and submitResponse leave it: the template of
// src/lib/server/forms/templates.ts, opened a month ago by an animator of the largest public
// community, open to visitors too (`audience: public`), and answered by name — by 80 % members of the
// community (the `many` bench readers among them, so the answer scenario replaces their responses)
// and 20 % visitors, as many responses as the scale says. Every response goes through the
// application's own `readAnswers` against the stored definition, so the answer rows are exactly
// those it would store; the rows themselves are written as responses.ts writes them.
import type { Insertable } from 'kysely';
import type { FormAnswersTable } from '../../src/lib/server/db/schema';
import { definitionSchema, readAnswers, type AnswersInput } from '../../src/lib/server/forms/model';
import { needsSurvey } from '../../src/lib/server/forms/templates';
import type { Random } from '../random';
import { uuidv7At } from '../random';
import { DAY, HOUR, type Context, type Lang } from './model';
import { weighted } from './library';

export const SURVEY_TITLE = 'Sondage des besoins';

const expectations: Record<Lang, string[]> = {
  fr: [
    'Des outils concrets que je peux utiliser dès la semaine prochaine.',
    'Briser l’isolement : je suis seule à faire ce travail dans mon organisme.',
    'Connaître ce qui se fait dans les autres régions.',
    'Un lieu pour poser mes questions sans gêne.',
    'Rester à jour sur la recherche récente.',
    'Trouver des partenaires pour un projet commun.',
    'Des échanges de pratiques autour de situations réelles.',
    'Des formations courtes, à l’heure du midi.'
  ],
  en: [
    'Practical tools I can use next week.',
    'Less isolation: I am the only one doing this work in my organisation.',
    'Learning what other regions do.',
    'Partners for a joint project.',
    'Keeping up with recent research.'
  ]
};
const otherTopics: Record<Lang, string[]> = {
  fr: ['Recrutement de personnel bilingue', 'Santé mentale des aînés', 'Interprétation en milieu de soins', 'Accueil des nouveaux arrivants'],
  en: ['Hiring bilingual staff', 'Seniors’ mental health', 'Welcoming newcomers']
};
const helpTopics: Record<Lang, string[]> = {
  fr: ['L’accueil en français', 'Un atelier sur nos outils d’évaluation', 'Un 5 à 7 dans ma région', 'La recherche de financement', 'Animer la discussion du mois'],
  en: ['Running a workshop on our tools', 'An after-work gathering in my region', 'Funding applications']
};

/** Weighted order, heavier first more often: a member's ranking of the formats. */
function ranking(random: Random, items: [string, number][]): string[] {
  const left = [...items];
  const out: string[] = [];
  while (left.length > 0) {
    const total = left.reduce((sum, [, w]) => sum + w, 0);
    let target = random.next() * total;
    let k = 0;
    while (k < left.length - 1 && (target -= left[k]![1]) >= 0) k++;
    out.push(left[k]![0]);
    left.splice(k, 1);
  }
  return out;
}

/** One respondent's answers, shaped by their experience, in their language. */
function answersOf(random: Random, lang: Lang): AnswersInput {
  const experience = weighted(random, [['new', 0.3], ['some', 0.45], ['long', 0.25]]);
  const answers: AnswersInput['answers'] = { experience };
  const other: Record<string, string> = {};
  if (random.chance(0.4)) answers.expectations = random.pick(expectations[lang]);
  if (random.chance(0.95)) {
    const interest: [string, number][] = [['practice', 0.65], ['tools', experience === 'new' ? 0.8 : 0.55], ['research', experience === 'long' ? 0.55 : 0.3], ['funding', 0.3], ['policy', experience === 'long' ? 0.45 : 0.2]];
    const topics = interest.filter(([, p]) => random.chance(p)).map(([topic]) => topic);
    if (random.chance(0.08)) {
      topics.push('other');
      other.topics = random.pick(otherTopics[lang]);
    }
    answers.topics = topics.length ? topics : ['practice'];
  }
  answers.formats = ranking(random, [['workshop', 3], ['webinar', 2.5], ['discussion', 1.6], ['cinq_a_sept', 1.2]]);
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
  answers.times = times.length ? [...times] : ['noon'];
  answers.time = weighted(random, [[1, 0.15], [2, 0.3], [3, 0.3], [4, 0.17], [5, 0.08]]);
  const helps = random.chance(experience === 'new' ? 0.15 : experience === 'some' ? 0.3 : 0.45);
  answers.help = helps ? 'yes' : 'no';
  if (helps && random.chance(0.9)) answers.help_topic = random.pick(helpTopics[lang]);
  return { answers, other };
}

/** A random (version 4) id, as `randomUUID` gives a response, drawn from the seeded source. */
function uuidv4(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + random.int(4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export async function generateSurveys(ctx: Context): Promise<void> {
  const { random, writer, scale } = ctx;
  const community = ctx.communities[0]!;
  const animators = [...community.roles].filter(([, role]) => role === 'animator').map(([u]) => u);
  if (animators.length === 0) return;
  const definition = definitionSchema.parse(needsSurvey);
  const createdAt = ctx.now - 30 * DAY;
  const openedAt = createdAt + HOUR;
  const creator = ctx.users[animators[0]!]!;
  const formId = uuidv7At(createdAt, random);
  writer.add('forms', {
    id: formId,
    community_id: community.id,
    purpose: 'survey',
    subject_id: null,
    title: SURVEY_TITLE,
    description: 'Quelques minutes pour nous dire ce que vous attendez de la communauté.',
    language: 'fr',
    status: 'open',
    opens_at: null,
    closes_at: null,
    anonymous: 0,
    audience: 'public',
    results_visible_to: 'animators',
    version: 1,
    reminded_at: null,
    created_by: creator.id,
    created_at: createdAt,
    updated_at: openedAt
  });
  writer.add('form_versions', { form_id: formId, version: 1, definition: JSON.stringify(definition), created_at: createdAt });
  for (const [kind, at] of [['form.created', createdAt], ['form.opened', openedAt]] as const) {
    writer.add('journal', { id: uuidv7At(at, random), kind, actor_id: creator.id, community_id: community.id, post_id: null, comment_id: null, payload: JSON.stringify({ formId }), created_at: at, processed_at: at });
  }

  // Who answers: the bench readers of the community, then members drawn at random, then visitors.
  const readers = new Set(ctx.readers.filter((r) => r.kind === 'many').map((r) => r.id));
  const fromReaders = community.members.filter((u) => readers.has(ctx.users[u]!.id));
  const others = community.members.filter((u) => !readers.has(ctx.users[u]!.id));
  const memberCount = Math.min(community.members.length, Math.round(scale.surveyResponses * 0.8));
  const chosen = [...fromReaders, ...random.distinct(others.length, memberCount - fromReaders.length).map((k) => others[k]!)];
  const visitors = scale.surveyResponses - chosen.length;
  // The segment each member had: role here, region and organisation from their profile (as segmentOf reads them).
  const profiles = new Map(
    (await writer.all<{ user_id: string; region: string | null; organisation: string | null }>(`SELECT p.user_id, p.region, o.name AS organisation FROM profiles p LEFT JOIN organisations o ON o.id = p.organisation_id`)).map((p) => [p.user_id, p])
  );
  const respondents = [...chosen.map((u) => ({ user: u as number | null })), ...Array.from({ length: visitors }, () => ({ user: null as number | null }))];
  // In the order they came: most in the first days after the opening, the rest over the month.
  const times = respondents.map(() => openedAt + Math.floor(Math.min(29 * DAY, random.chance(0.6) ? random.exponential(2 * DAY) : random.next() * 29 * DAY))).sort((a, b) => a - b);
  const order = random.distinct(respondents.length, respondents.length);
  for (let n = 0; n < respondents.length; n++) {
    const { user } = respondents[order[n]!]!;
    const model = user === null ? null : ctx.users[user]!;
    const profile = model ? profiles.get(model.id) : undefined;
    const at = times[n]!;
    // A tenth of the members came back to change their answers.
    const updatedAt = model && random.chance(0.1) ? Math.min(ctx.now - HOUR, at + random.int(5 * DAY)) : at;
    const id = uuidv4(random);
    writer.add('form_responses', {
      id,
      form_id: formId,
      version: 1,
      user_id: model?.id ?? null,
      segment_role: user === null ? null : (community.roles.get(user) ?? null),
      segment_region: profile?.region?.trim() || null,
      segment_organisation: profile?.organisation ?? null,
      submitted_at: at,
      updated_at: updatedAt
    });
    const answers = readAnswers(definition, answersOf(random, model?.locale ?? (random.chance(0.8) ? 'fr' : 'en')));
    // What responses.ts's answerRows writes for each kind of answer.
    for (const [questionId, answer] of answers) {
      const base = { response_id: id, form_id: formId, question_id: questionId };
      const rows: Insertable<FormAnswersTable>[] = [];
      if (answer.kind === 'choice') answer.choices.forEach((choice, position) => rows.push({ ...base, position, choice, number: null, text: choice === 'other' ? answer.other : null }));
      else if (answer.kind === 'ranking') answer.order.forEach((choice, position) => rows.push({ ...base, position, choice, number: position + 1, text: null }));
      else if (answer.kind === 'number') rows.push({ ...base, position: 0, choice: null, number: answer.value, text: null });
      else rows.push({ ...base, position: 0, choice: null, number: null, text: answer.value });
      for (const row of rows) writer.add('form_answers', row);
    }
    if (n % 200 === 199) await writer.drain();
  }
  await writer.flush();
  ctx.targets.survey = { id: formId, community: community.slug, animators: animators.map((u) => ({ id: ctx.users[u]!.id, name: ctx.users[u]!.name, email: ctx.users[u]!.email })), responses: respondents.length };
}

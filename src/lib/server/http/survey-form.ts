// The survey pages without JavaScript: a form's questions as the answer page shows them (in the
// reader's language, conditions spelled out), what the answer page posts turned into answers, and
// what the builder's small forms post turned into settings and question fields.
import { DateTime } from 'luxon';
import { localize, OTHER, type AnswersInput, type Definition, type Question } from '../forms/model';
import type { QuestionFields } from '../forms/builder';
import type { UpdateFormInput } from '../forms/forms';
import { translate, type Locale } from '../../i18n';
import { field } from './forms';

export type PageChoice = { id: string; label: string };

/** One question as the answer page and the builder show it. */
export type PageQuestion = {
  id: string;
  kind: Question['kind'];
  label: string;
  help: string;
  required: boolean;
  choices: PageChoice[];
  other: boolean;
  min: number;
  max: number;
  minLabel: string;
  maxLabel: string;
  /** "Only if you answered Yes to “Would you like to help?”": the condition in words, or null. */
  condition: string | null;
};

export function pageQuestions(definition: Definition, locale: Locale): PageQuestion[] {
  const byId = new Map(definition.questions.map((q) => [q.id, q]));
  const yesNo = { yes: translate(locale, 'forms.yes'), no: translate(locale, 'forms.no') };
  const choiceLabel = (question: Question, id: string) => {
    if (question.kind === 'yes_no') return id === 'yes' ? yesNo.yes : yesNo.no;
    if (id === OTHER) return translate(locale, 'forms.other');
    const choice = 'choices' in question ? question.choices.find((c) => c.id === id) : undefined;
    return choice ? localize(choice.label, locale) : id;
  };
  return definition.questions.map((question) => {
    const on = question.showIf ? byId.get(question.showIf.question) : undefined;
    const condition =
      question.showIf && on
        ? translate(locale, 'surveys.respond.condition', {
            answers: question.showIf.anyOf.map((id) => (locale === 'fr' ? `« ${choiceLabel(on, id)} »` : `“${choiceLabel(on, id)}”`)).join(locale === 'fr' ? ' ou ' : ' or '),
            question: localize(on.label, locale)
          })
        : null;
    return {
      id: question.id,
      kind: question.kind,
      label: localize(question.label, locale),
      help: localize(question.help, locale),
      required: question.required,
      choices: question.kind === 'yes_no' ? [{ id: 'yes', label: yesNo.yes }, { id: 'no', label: yesNo.no }] : 'choices' in question ? question.choices.map((c) => ({ id: c.id, label: localize(c.label, locale) })) : [],
      other: 'other' in question ? question.other : false,
      min: question.kind === 'scale' ? question.min : 0,
      max: question.kind === 'scale' ? question.max : 0,
      minLabel: question.kind === 'scale' ? localize(question.minLabel, locale) : '',
      maxLabel: question.kind === 'scale' ? localize(question.maxLabel, locale) : '',
      condition
    };
  });
}

/** Field names on the answer page: `a.{question}` for the answer, `o.{question}` for "other", `r.{question}.{choice}` for a rank. */
export const answerField = (id: string) => `a.${id}`;
export const otherField = (id: string) => `o.${id}`;
export const rankField = (id: string, choice: string) => `r.${id}.${choice}`;

/**
 * What the answer page posted, as the engine reads answers. A ranking's ranks become an order; two
 * choices given the same rank leave a hole, which the engine refuses ("rank every choice once").
 */
export function answersFrom(form: FormData, definition: Definition): AnswersInput {
  const answers: NonNullable<AnswersInput['answers']> = {};
  const other: Record<string, string> = {};
  for (const question of definition.questions) {
    if (question.kind === 'section') continue;
    if (question.kind === 'ranking') {
      const ranks = question.choices.map((c) => ({ id: c.id, rank: Number(form.get(rankField(question.id, c.id)) || 0) }));
      if (ranks.every((r) => r.rank === 0)) continue;
      const order: string[] = Array.from({ length: question.choices.length }, () => '');
      for (const { id, rank } of ranks) if (Number.isInteger(rank) && rank >= 1 && rank <= order.length && order[rank - 1] === '') order[rank - 1] = id;
      answers[question.id] = order;
      continue;
    }
    if (question.kind === 'multiple') {
      const picked = form.getAll(answerField(question.id)).map(String);
      if (picked.length) answers[question.id] = picked;
    } else {
      const value = form.get(answerField(question.id));
      if (typeof value === 'string' && value.trim() !== '') answers[question.id] = question.kind === 'scale' ? Number(value) : value;
    }
    const otherText = form.get(otherField(question.id));
    if (typeof otherText === 'string' && otherText.trim() !== '') other[question.id] = otherText;
  }
  return { answers, other };
}

/** What the answer page shows as given: the posted answers after a refusal, or one's earlier response. */
export type GivenAnswers = { values: Record<string, string[]>; other: Record<string, string>; ranks: Record<string, Record<string, number>> };

export function givenFrom(input: AnswersInput, definition: Definition): GivenAnswers {
  const given: GivenAnswers = { values: {}, other: { ...(input.other ?? {}) }, ranks: {} };
  for (const question of definition.questions) {
    const value = input.answers?.[question.id];
    if (value === undefined) continue;
    if (question.kind === 'ranking' && Array.isArray(value)) given.ranks[question.id] = Object.fromEntries(value.map((id, i) => [id, i + 1]).filter(([id]) => id !== ''));
    else given.values[question.id] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
  return given;
}

/** A datetime-local field read in the instance's time zone, as epoch milliseconds. */
export function instantFrom(value: string | undefined, timeZone: string): number | null | 'invalid' {
  if (!value) return null;
  const at = DateTime.fromISO(value, { zone: timeZone });
  return at.isValid ? at.toMillis() : 'invalid';
}

/** The settings form of the builder. Dates that cannot be read come back as `invalid` for the page to say so. */
export function settingsFrom(form: FormData, timeZone: string): { input: UpdateFormInput; invalidDates: string[] } {
  const opensAt = instantFrom(field(form, 'opensAt'), timeZone);
  const closesAt = instantFrom(field(form, 'closesAt'), timeZone);
  return {
    input: {
      title: String(form.get('title') ?? ''),
      description: String(form.get('description') ?? ''),
      language: form.get('language') === 'en' ? 'en' : 'fr',
      anonymous: form.get('anonymous') === 'on',
      audience: form.get('audience') === 'public' ? 'public' : 'members',
      resultsVisibleTo: form.get('resultsVisibleTo') === 'respondents' ? 'respondents' : 'animators',
      opensAt: opensAt === 'invalid' ? null : opensAt,
      closesAt: closesAt === 'invalid' ? null : closesAt
    },
    invalidDates: [...(opensAt === 'invalid' ? ['opensAt'] : []), ...(closesAt === 'invalid' ? ['closesAt'] : [])]
  };
}

/**
 * One question's small form in the builder. The condition is posted as checkboxes `showIf` valued
 * "question:choice"; only those on the first question named count.
 */
export function questionFieldsFrom(form: FormData): QuestionFields {
  const conditions = form
    .getAll('showIf')
    .map(String)
    .map((value) => value.split(':'))
    .filter((parts): parts is [string, string] => parts.length === 2 && parts[0] !== '' && parts[1] !== '');
  const on = conditions[0]?.[0];
  return {
    labelFr: String(form.get('labelFr') ?? ''),
    labelEn: String(form.get('labelEn') ?? ''),
    helpFr: String(form.get('helpFr') ?? ''),
    helpEn: String(form.get('helpEn') ?? ''),
    required: form.get('required') === 'on',
    choices: form.has('choices') ? String(form.get('choices')) : undefined,
    other: form.get('other') === 'on',
    min: String(form.get('min') ?? '1'),
    max: String(form.get('max') ?? '5'),
    minLabel: String(form.get('minLabel') ?? ''),
    maxLabel: String(form.get('maxLabel') ?? ''),
    showIfQuestion: on,
    showIfValues: on ? conditions.filter(([q]) => q === on).map(([, c]) => c) : undefined
  };
}

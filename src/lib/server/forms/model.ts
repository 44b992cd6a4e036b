// The forms engine's model (issue 18): what a form asks, as data. A definition is a list of questions
// — sections, single and multiple choice (with "other, please specify"), scales, rankings, short and
// long text, yes/no, dates — each with a label in French, English or both, required or not, and shown
// only when an earlier answer says so. Question and choice ids stay the same from one version to the
// next, so answers given to an older version keep their meaning.
import { z } from 'zod';
import { DateTime } from 'luxon';
import { invalid, type FieldIssue } from '../errors';

export const questionKinds = ['section', 'single', 'multiple', 'scale', 'ranking', 'short_text', 'long_text', 'yes_no', 'date'] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const formLimits = {
  questionsMax: 100,
  choicesMax: 30,
  labelMax: 500,
  helpMax: 2_000,
  choiceMax: 300,
  shortTextMax: 500,
  longTextMax: 10_000,
  otherMax: 500
} as const;

/** The value of an "other, please specify" choice. */
export const OTHER = 'other';

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'forms.errors.id');

/** A text in the community's languages: at least one of them. */
const localized = (max: number) =>
  z
    .object({ fr: z.string().trim().max(max, 'forms.errors.too_long').default(''), en: z.string().trim().max(max, 'forms.errors.too_long').default('') })
    .refine((text) => text.fr !== '' || text.en !== '', 'forms.errors.label_required');
const optionalLocalized = (max: number) =>
  z.object({ fr: z.string().trim().max(max, 'forms.errors.too_long').default(''), en: z.string().trim().max(max, 'forms.errors.too_long').default('') }).default({ fr: '', en: '' });

export type Localized = { fr: string; en: string };

const choice = z.object({ id: id.refine((value) => value !== OTHER, 'forms.errors.id'), label: localized(formLimits.choiceMax) });
const choices = z.array(choice).min(2, 'forms.errors.two_choices').max(formLimits.choicesMax, 'forms.errors.too_many_choices');

const common = {
  id,
  label: localized(formLimits.labelMax),
  help: optionalLocalized(formLimits.helpMax),
  required: z.boolean().default(false),
  /** Shown only when the answer to an earlier choice or yes/no question is one of these. */
  showIf: z.object({ question: id, anyOf: z.array(z.string().max(40)).min(1).max(formLimits.choicesMax) }).nullable().default(null)
};

export const questionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('section'), ...common, required: z.literal(false).default(false) }),
  z.object({ kind: z.literal('single'), ...common, choices, other: z.boolean().default(false), correct: z.array(id).max(1).default([]) }),
  z.object({ kind: z.literal('multiple'), ...common, choices, other: z.boolean().default(false), correct: z.array(id).max(formLimits.choicesMax).default([]) }),
  z.object({
    kind: z.literal('scale'),
    ...common,
    min: z.union([z.literal(0), z.literal(1)]).default(1),
    max: z.union([z.literal(5), z.literal(10)]).default(5),
    minLabel: optionalLocalized(formLimits.choiceMax),
    maxLabel: optionalLocalized(formLimits.choiceMax)
  }),
  z.object({ kind: z.literal('ranking'), ...common, choices }),
  z.object({ kind: z.literal('short_text'), ...common }),
  z.object({ kind: z.literal('long_text'), ...common }),
  z.object({ kind: z.literal('yes_no'), ...common }),
  z.object({ kind: z.literal('date'), ...common })
]);
export type Question = z.output<typeof questionSchema>;
export type QuestionInput = z.input<typeof questionSchema>;

/** The values a question's answer may take for `showIf`: its choice ids (and "other"), or yes/no. */
function conditionValues(question: Question): string[] | null {
  if (question.kind === 'yes_no') return ['yes', 'no'];
  if (question.kind === 'single' || question.kind === 'multiple') return [...question.choices.map((c) => c.id), ...(question.other ? [OTHER] : [])];
  return null;
}

export const definitionSchema = z
  .object({ questions: z.array(questionSchema).min(1, 'forms.errors.no_questions').max(formLimits.questionsMax, 'forms.errors.too_many_questions') })
  .superRefine((definition, ctx) => {
    const seen = new Map<string, Question>();
    definition.questions.forEach((question, index) => {
      const path = ['questions', index];
      if (seen.has(question.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: 'forms.errors.duplicate_id' });
      if ('choices' in question) {
        const ids = question.choices.map((c) => c.id);
        if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: [...path, 'choices'], message: 'forms.errors.duplicate_id' });
        if ('correct' in question && question.correct.some((c) => !ids.includes(c))) ctx.addIssue({ code: 'custom', path: [...path, 'correct'], message: 'forms.errors.unknown_choice' });
      }
      if (question.showIf) {
        // Only an earlier question decides, so a form never loops and reads top to bottom.
        const on = seen.get(question.showIf.question);
        const values = on ? conditionValues(on) : null;
        if (!values || question.showIf.anyOf.some((v) => !values.includes(v))) ctx.addIssue({ code: 'custom', path: [...path, 'showIf'], message: 'forms.errors.condition' });
      }
      seen.set(question.id, question);
    });
  });
export type Definition = z.output<typeof definitionSchema>;
export type DefinitionInput = z.input<typeof definitionSchema>;

// ---------------------------------------------------------------------------------------------
// Answers

/** One question's answer as it is stored: chosen ids (with the "other" text), a number, an order or a text. */
export type Answer =
  | { kind: 'choice'; choices: string[]; other: string | null }
  | { kind: 'number'; value: number }
  | { kind: 'ranking'; order: string[] }
  | { kind: 'text'; value: string };

/** As the API and the pages send them: a choice id, several, a number, an order, a text. */
export const answerValue = z.union([
  z.string().max(formLimits.longTextMax * 2, 'forms.errors.too_long'),
  z.array(z.string().max(100, 'forms.errors.unknown_choice')).max(formLimits.choicesMax, 'forms.errors.unknown_choice'),
  z.number()
]);
export const answersInput = z.object({
  answers: z.record(z.string().max(40), answerValue).default({}).describe('Question id → a choice id, several choice ids, a number (scale), the choice ids in order (ranking) or a text'),
  other: z.record(z.string().max(40), z.string().max(formLimits.otherMax * 2, 'forms.errors.too_long')).default({}).describe('Question id → the text of “other, please specify”')
});
export type AnswersInput = z.input<typeof answersInput>;

/** Whether a question is shown, given the answers so far. */
export function isShown(question: Question, answers: Map<string, Answer>): boolean {
  if (!question.showIf) return true;
  const answer = answers.get(question.showIf.question);
  if (!answer || answer.kind !== 'choice') return false;
  return answer.choices.some((c) => question.showIf!.anyOf.includes(c));
}

const blank = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Reads a response against a definition: every answer checked (a choice that exists, a number on the
 * scale, a whole ranking, a text within its length, a real date), required questions answered when
 * shown, answers to hidden questions dropped. Throws `invalid` with every problem, by question.
 */
export function readAnswers(definition: Definition, raw: AnswersInput): Map<string, Answer> {
  const parsed = answersInput.safeParse(raw);
  // What cannot even be read (100 kB in a text, a list where a word goes) is told by question too.
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message.startsWith('forms.') ? issue.message : 'forms.errors.unreadable' })));
  const input = parsed.data;
  const errors: FieldIssue[] = [];
  const out = new Map<string, Answer>();
  const fail = (question: Question, message: string) => errors.push({ path: `answers.${question.id}`, message });
  for (const question of definition.questions) {
    if (question.kind === 'section' || !isShown(question, out)) continue;
    const value = input.answers[question.id];
    const other = (input.other[question.id] ?? '').trim();
    if (blank(value)) {
      if (question.required) fail(question, 'forms.errors.required');
      continue;
    }
    switch (question.kind) {
      case 'single':
      case 'multiple': {
        const picked = Array.isArray(value) ? value : [String(value)];
        if (question.kind === 'single' && picked.length > 1) {
          fail(question, 'forms.errors.one_choice');
          break;
        }
        const allowed = new Set([...question.choices.map((c) => c.id), ...(question.other ? [OTHER] : [])]);
        if (picked.some((c) => !allowed.has(c))) {
          fail(question, 'forms.errors.unknown_choice');
          break;
        }
        if (picked.includes(OTHER) && other === '') {
          fail(question, 'forms.errors.other_required');
          break;
        }
        if (other.length > formLimits.otherMax) {
          fail(question, 'forms.errors.too_long');
          break;
        }
        out.set(question.id, { kind: 'choice', choices: [...new Set(picked)], other: picked.includes(OTHER) ? other : null });
        break;
      }
      case 'yes_no':
        if (value !== 'yes' && value !== 'no') fail(question, 'forms.errors.unknown_choice');
        else out.set(question.id, { kind: 'choice', choices: [value], other: null });
        break;
      case 'scale': {
        const number = typeof value === 'number' ? value : Number(value);
        if (Array.isArray(value) || !Number.isInteger(number) || number < question.min || number > question.max) fail(question, 'forms.errors.scale');
        else out.set(question.id, { kind: 'number', value: number });
        break;
      }
      case 'ranking': {
        const order = Array.isArray(value) ? value : String(value).split(',');
        const ids = question.choices.map((c) => c.id);
        if (order.length !== ids.length || new Set(order).size !== ids.length || order.some((c) => !ids.includes(c))) fail(question, 'forms.errors.ranking');
        else out.set(question.id, { kind: 'ranking', order });
        break;
      }
      case 'short_text':
      case 'long_text': {
        const text = Array.isArray(value) ? value.join(' ') : String(value).trim();
        const max = question.kind === 'short_text' ? formLimits.shortTextMax : formLimits.longTextMax;
        if (text.length > max) fail(question, 'forms.errors.too_long');
        else if (text === '') {
          if (question.required) fail(question, 'forms.errors.required');
        } else out.set(question.id, { kind: 'text', value: text });
        break;
      }
      case 'date': {
        const text = String(value);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !DateTime.fromISO(text).isValid) fail(question, 'forms.errors.date');
        else out.set(question.id, { kind: 'text', value: text });
        break;
      }
    }
  }
  if (errors.length) throw invalid(errors);
  return out;
}

/** The label in the reader's language, or the other one when it has none. */
export function localize(text: Localized, locale: 'fr' | 'en'): string {
  return (locale === 'fr' ? text.fr || text.en : text.en || text.fr) ?? '';
}

/** What a stored answer says, for a person reading one response or the CSV: labels, not ids. */
export function answerText(question: Question, answer: Answer, locale: 'fr' | 'en', yesNo: { yes: string; no: string }, otherLabel: string): string {
  if (answer.kind === 'number') return String(answer.value);
  if (answer.kind === 'text') return answer.value;
  if (answer.kind === 'ranking') {
    const choices = 'choices' in question ? question.choices : [];
    return answer.order.map((id) => localize(choices.find((c) => c.id === id)?.label ?? { fr: id, en: id }, locale)).join(' > ');
  }
  if (question.kind === 'yes_no') return answer.choices.map((c) => (c === 'yes' ? yesNo.yes : yesNo.no)).join('; ');
  const choices = 'choices' in question ? question.choices : [];
  return answer.choices
    .map((id) => (id === OTHER ? `${otherLabel}: ${answer.other ?? ''}` : localize(choices.find((c) => c.id === id)?.label ?? { fr: id, en: id }, locale)))
    .join('; ');
}

// A form's results: per question, counts and percentages of each choice, the average of a scale, the
// mean rank of each ranked choice, the free-text answers; counted in SQL from the answer rows, so a
// form with 10,000 responses costs a few grouped queries. Filters by segment (role in the community,
// region, organisation) show nothing for a group smaller than five: below that, a filter would point
// at people, and an anonymous form would no longer be.
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Form } from '../db/schema';
import { assertOnForm, findForm } from '../access';
import { translate, type Locale } from '../../i18n';
import { allDefinitions } from './forms';
import { answerText, localize, OTHER, type Answer, type Definition, type Question } from './model';

/** The smallest group whose results a filter shows. */
export const smallestGroup = 5;
/** Free-text answers listed per question on the results page (the CSV has them all). */
const textsShown = 200;

export const resultsFilterSchema = z.object({
  role: z.string().max(40).optional().describe('Only respondents with this role in the community (member, animator, steward)'),
  region: z.string().max(200).optional().describe('Only respondents from this region, as their profiles name it'),
  organisation: z.string().max(300).optional().describe('Only respondents of this organisation')
});
export type ResultsFilter = z.input<typeof resultsFilterSchema>;

export type ChoiceCount = { id: string; label: string; count: number; share: number };

export type QuestionResult = {
  id: string;
  kind: Question['kind'];
  label: string;
  /** How many responses answered it. */
  answered: number;
  /** Choices (and yes/no, and each value of a scale) with their counts, in the form's order. */
  counts: ChoiceCount[];
  /** A scale's mean; a ranking's choices come with their mean rank in `ranks`. */
  average: number | null;
  ranks: { id: string; label: string; meanRank: number }[];
  /** Free-text answers (and "other" texts), newest first, at most 200; `texts` counts them all. */
  texts: string[];
  textCount: number;
};

export type Segment = { value: string; count: number };

export type FormResults = {
  responses: number;
  /** The filtered group is smaller than five: nothing is shown of it. */
  suppressed: boolean;
  questions: QuestionResult[];
  /** The values one may filter by, only those with at least five responses. */
  segments: { role: Segment[]; region: Segment[]; organisation: Segment[] };
  smallestGroup: number;
};

/** The latest wording of every question ever asked, in the order of the latest version first. */
function questionsOf(definitions: Map<number, Definition>): Question[] {
  const out = new Map<string, Question>();
  const versions = [...definitions.keys()].sort((a, b) => b - a);
  for (const version of versions) for (const question of definitions.get(version)!.questions) if (!out.has(question.id) && question.kind !== 'section') out.set(question.id, question);
  return [...out.values()];
}

function filtered(db: DB, form: Form, filter: z.output<typeof resultsFilterSchema>) {
  let q = db.selectFrom('form_responses').where('form_responses.form_id', '=', form.id);
  if (filter.role) q = q.where('form_responses.segment_role', '=', filter.role);
  if (filter.region) q = q.where('form_responses.segment_region', '=', filter.region);
  if (filter.organisation) q = q.where('form_responses.segment_organisation', '=', filter.organisation);
  return q;
}

async function segments(db: DB, form: Form) {
  const one = async (column: 'segment_role' | 'segment_region' | 'segment_organisation') =>
    (
      await db
        .selectFrom('form_responses')
        .select([column, (eb) => eb.fn.countAll<number>().as('n')])
        .where('form_id', '=', form.id)
        .where(column, 'is not', null)
        .groupBy(column)
        .having((eb) => eb.fn.countAll(), '>=', smallestGroup)
        .orderBy(column)
        .execute()
    ).map((row) => ({ value: String(row[column as keyof typeof row]), count: Number(row.n) }));
  const [role, region, organisation] = await Promise.all([one('segment_role'), one('segment_region'), one('segment_organisation')]);
  return { role, region, organisation };
}

export async function formResults(db: DB, actor: Actor | null, formId: string, rawFilter: ResultsFilter, locale: Locale): Promise<FormResults> {
  const relation = await findForm(db, actor, formId);
  assertOnForm(actor, 'read_results', relation);
  const { form } = relation;
  const filter = resultsFilterSchema.parse(rawFilter);
  const questions = questionsOf(await allDefinitions(db, form.id));
  const group = filtered(db, form, filter);
  const { n } = await group.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const responses = Number(n);
  const anyFilter = Boolean(filter.role || filter.region || filter.organisation);
  const seg = await segments(db, form);
  if (anyFilter && responses < smallestGroup) return { responses: 0, suppressed: true, questions: [], segments: seg, smallestGroup };

  const inGroup = group.select('form_responses.id');
  const [counts, numbers, texts, answeredRows] = await Promise.all([
    db
      .selectFrom('form_answers')
      .select(['question_id', 'choice', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.avg<number>('number').as('mean')])
      .where('form_id', '=', form.id)
      .where('choice', 'is not', null)
      .where('response_id', 'in', inGroup)
      .groupBy(['question_id', 'choice'])
      .execute(),
    db
      .selectFrom('form_answers')
      .select(['question_id', 'number', (eb) => eb.fn.countAll<number>().as('n')])
      .where('form_id', '=', form.id)
      .where('choice', 'is', null)
      .where('number', 'is not', null)
      .where('response_id', 'in', inGroup)
      .groupBy(['question_id', 'number'])
      .execute(),
    db
      .selectFrom('form_answers')
      .innerJoin('form_responses', 'form_responses.id', 'form_answers.response_id')
      .select(['form_answers.question_id', 'form_answers.text'])
      .where('form_answers.form_id', '=', form.id)
      .where('form_answers.text', 'is not', null)
      .where('form_answers.response_id', 'in', inGroup)
      // Newest first, and the answers of one day in no telling order.
      .orderBy('form_responses.submitted_at', 'desc')
      .orderBy('form_answers.response_id')
      .execute(),
    db
      .selectFrom('form_answers')
      .select(['question_id', (eb) => eb.fn.count<number>('response_id').distinct().as('n')])
      .where('form_id', '=', form.id)
      .where('response_id', 'in', inGroup)
      .groupBy('question_id')
      .execute()
  ]);
  const answered = new Map(answeredRows.map((r) => [r.question_id, Number(r.n)]));
  const yes = translate(locale, 'forms.yes');
  const no = translate(locale, 'forms.no');
  const other = translate(locale, 'forms.other');

  const results = questions.map((question): QuestionResult => {
    const total = answered.get(question.id) ?? 0;
    const share = (count: number) => (total === 0 ? 0 : count / total);
    const mine = counts.filter((c) => c.question_id === question.id);
    const countOf = (id: string) => Number(mine.find((c) => c.choice === id)?.n ?? 0);
    const questionTexts = texts.filter((t) => t.question_id === question.id).map((t) => t.text!);
    const base = { id: question.id, kind: question.kind, label: localize(question.label, locale), answered: total, average: null, ranks: [], texts: questionTexts.slice(0, textsShown), textCount: questionTexts.length };
    if (question.kind === 'single' || question.kind === 'multiple') {
      const choices = question.choices.map((c) => ({ id: c.id, label: localize(c.label, locale), count: countOf(c.id) }));
      if (question.other) choices.push({ id: OTHER, label: other, count: countOf(OTHER) });
      return { ...base, counts: choices.map((c) => ({ ...c, share: share(c.count) })) };
    }
    if (question.kind === 'yes_no') {
      return { ...base, counts: [{ id: 'yes', label: yes, count: countOf('yes') }, { id: 'no', label: no, count: countOf('no') }].map((c) => ({ ...c, share: share(c.count) })) };
    }
    if (question.kind === 'scale') {
      const values = numbers.filter((r) => r.question_id === question.id);
      const scaleCounts: ChoiceCount[] = [];
      let sum = 0;
      for (let value = question.min; value <= question.max; value++) {
        const count = Number(values.find((r) => Number(r.number) === value)?.n ?? 0);
        sum += value * count;
        scaleCounts.push({ id: String(value), label: String(value), count, share: share(count) });
      }
      return { ...base, counts: scaleCounts, average: total === 0 ? null : sum / total };
    }
    if (question.kind === 'ranking') {
      const ranks = question.choices
        .map((c) => ({ id: c.id, label: localize(c.label, locale), meanRank: Number(mine.find((m) => m.choice === c.id)?.mean ?? 0) }))
        .sort((a, b) => (a.meanRank || Infinity) - (b.meanRank || Infinity));
      return { ...base, counts: [], ranks };
    }
    return { ...base, counts: [] };
  });
  return { responses, suppressed: false, questions: results, segments: seg, smallestGroup };
}

/**
 * Every response as a row, one column per question (the latest wording), answers as labels; a named
 * form adds who answered, an anonymous one never. UTF-8 with a byte-order mark, for spreadsheets.
 */
export async function exportResponses(db: DB, actor: Actor | null, formId: string, locale: Locale): Promise<{ filename: string; csv: string }> {
  const relation = await findForm(db, actor, formId);
  assertOnForm(actor, 'read_results', relation);
  const { form } = relation;
  const definitions = await allDefinitions(db, form.id);
  const questions = questionsOf(definitions);
  const named = form.anonymous === 0;
  const responses = await db
    .selectFrom('form_responses')
    .leftJoin('users', 'users.id', 'form_responses.user_id')
    .select(['form_responses.id', 'form_responses.version', 'form_responses.submitted_at', 'form_responses.segment_role', 'form_responses.segment_region', 'form_responses.segment_organisation', 'users.name'])
    .where('form_responses.form_id', '=', form.id)
    .orderBy('form_responses.submitted_at')
    .orderBy('form_responses.id')
    .execute();
  const answers = await db.selectFrom('form_answers').selectAll().where('form_id', '=', form.id).orderBy('response_id').orderBy('question_id').orderBy('position').execute();
  const byResponse = new Map<string, typeof answers>();
  for (const row of answers) byResponse.set(row.response_id, [...(byResponse.get(row.response_id) ?? []), row]);
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const yesNo = { yes: t('forms.yes'), no: t('forms.no') };
  const header = [t('forms.csv.submitted'), ...(named ? [t('forms.csv.member')] : []), t('forms.csv.role'), t('forms.csv.region'), t('forms.csv.organisation'), ...questions.map((q) => localize(q.label, locale))];
  const rows = responses.map((response) => {
    const own = byResponse.get(response.id) ?? [];
    const asked = definitions.get(Number(response.version))?.questions ?? [];
    const cells = questions.map((question) => {
      const rows = own.filter((r) => r.question_id === question.id);
      if (rows.length === 0) return '';
      // Read with the version it answered, so a label changed since still reads as it was meant.
      const as = asked.find((q) => q.id === question.id) ?? question;
      return answerText(as, answerOf(as, rows), locale, yesNo, t('forms.other'));
    });
    const day = new Date(Number(response.submitted_at)).toISOString().slice(0, form.anonymous ? 10 : 16).replace('T', ' ');
    const role = response.segment_role === 'member' || response.segment_role === 'animator' || response.segment_role === 'steward' ? t(`communities.roles.${response.segment_role}`) : '';
    return [day, ...(named ? [response.name ?? ''] : []), role, response.segment_region ?? '', response.segment_organisation ?? '', ...cells];
  });
  const csv = '\uFEFF' + stringify([header, ...rows], { record_delimiter: 'windows' });
  const slug = form.title.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60) || 'form';
  return { filename: `${slug}.csv`, csv };
}

/** The stored rows of one question's answer, read back as an Answer. */
function answerOf(question: Question, rows: { choice: string | null; number: number | null; text: string | null }[]): Answer {
  if (question.kind === 'ranking') return { kind: 'ranking', order: rows.map((r) => r.choice!) };
  if (question.kind === 'scale') return { kind: 'number', value: Number(rows[0]!.number) };
  if (question.kind === 'single' || question.kind === 'multiple' || question.kind === 'yes_no') return { kind: 'choice', choices: rows.map((r) => r.choice!), other: rows.find((r) => r.choice === OTHER)?.text ?? null };
  return { kind: 'text', value: rows[0]!.text ?? '' };
}

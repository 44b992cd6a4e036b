// A form's results: per question, counts and percentages of each choice, the average of a scale, the
// mean rank of each ranked choice, the free-text answers; counted in SQL from the answer rows, so a
// form with 10,000 responses costs a few grouped queries, and those once per change to its answers
// (the counts are kept under the form's answers revision, then read in the viewer's language). Filters by segment (role in the community,
// region, organisation) show nothing for a group smaller than five: below that, a filter would point
// at people, and an anonymous form would no longer be.
import { stringify } from 'csv-stringify/sync';
import { sql, type SelectQueryBuilder } from 'kysely';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Database, Form } from '../db/schema';
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

type Filter = z.output<typeof resultsFilterSchema>;

/** What SQL counts of a form's answers, before it is read against the questions in a language. */
type Aggregates = {
  responses: number;
  segments: FormResults['segments'];
  /** Per question: responses that answered it, and its free texts. */
  perQuestion: { question_id: string; answered: number; texts: number }[];
  /** Per question, choice and number (a scale's value, a ranked choice's rank): how many rows. */
  counts: { question_id: string; choice: string | null; number: number | null; n: number }[];
  /** The newest 200 texts of each question. */
  texts: { question_id: string; text: string }[];
};

/**
 * Counted results, kept per form, revision (responses.ts's `answersChanged`) and filter: a view
 * between two answers reads one row instead of every answer. Each process keeps its own, and the
 * revision read with the form tells every process when its copy is out of date.
 */
const kept = new LRUCache<string, Aggregates>({ max: 200, maxSize: 8_000_000, sizeCalculation: (a) => 200 + a.texts.reduce((sum, t) => sum + t.text.length, 0) });

function keyOf(form: Form, filter: Filter): string {
  return JSON.stringify([form.id, Number(form.answers_revision), filter.role ?? null, filter.region ?? null, filter.organisation ?? null]);
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

async function aggregate(db: DB, form: Form, filter: Filter): Promise<Aggregates> {
  const anyFilter = Boolean(filter.role || filter.region || filter.organisation);
  const inGroup = (q: SelectQueryBuilder<Database, 'form_responses', object>) =>
    q
      .where('form_responses.form_id', '=', form.id)
      .$if(Boolean(filter.role), (q) => q.where('form_responses.segment_role', '=', filter.role!))
      .$if(Boolean(filter.region), (q) => q.where('form_responses.segment_region', '=', filter.region!))
      .$if(Boolean(filter.organisation), (q) => q.where('form_responses.segment_organisation', '=', filter.organisation!));
  const group = inGroup(db.selectFrom('form_responses'));
  const [{ n }, seg] = await Promise.all([group.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), segments(db, form)]);
  const responses = Number(n);
  if (anyFilter && responses < smallestGroup) return { responses, segments: seg, perQuestion: [], counts: [], texts: [] };

  // Without a filter every answer of the form is in the group: no need to ask each row.
  const ids = anyFilter ? group.select('form_responses.id') : null;
  const answers = () => db.selectFrom('form_answers').where('form_answers.form_id', '=', form.id).$if(ids !== null, (q) => q.where('form_answers.response_id', 'in', ids!));
  const [perQuestion, counts, texts] = await Promise.all([
    // Every answer has exactly one row at position 0 (the first choice, the first ranked, the value).
    answers()
      .select([
        'question_id',
        sql<number>`sum(case when position = 0 then 1 else 0 end)`.as('answered'),
        sql<number>`sum(case when text is not null then 1 else 0 end)`.as('texts')
      ])
      .groupBy('question_id')
      .execute(),
    answers()
      .select(['question_id', 'choice', 'number', (eb) => eb.fn.countAll<number>().as('n')])
      .where((eb) => eb.or([eb('choice', 'is not', null), eb('number', 'is not', null)]))
      .groupBy(['question_id', 'choice', 'number'])
      .execute(),
    // The newest texts of each question (the answers of one day in no telling order), 200 at most.
    db
      .selectFrom(
        group
          .innerJoin('form_answers', 'form_answers.response_id', 'form_responses.id')
          .where('form_answers.text', 'is not', null)
          .select([
            'form_answers.question_id',
            'form_answers.text',
            sql<number>`row_number() over (partition by form_answers.question_id order by form_responses.submitted_at desc, form_answers.response_id)`.as('place')
          ])
          .as('ranked')
      )
      .select(['ranked.question_id', 'ranked.text'])
      .where('ranked.place', '<=', textsShown)
      .orderBy('ranked.question_id')
      .orderBy('ranked.place')
      .execute()
  ]);
  return {
    responses,
    segments: seg,
    perQuestion: perQuestion.map((r) => ({ question_id: r.question_id, answered: Number(r.answered), texts: Number(r.texts) })),
    counts: counts.map((r) => ({ question_id: r.question_id, choice: r.choice, number: r.number === null ? null : Number(r.number), n: Number(r.n) })),
    texts: texts.map((r) => ({ question_id: r.question_id, text: r.text! }))
  };
}

export async function formResults(db: DB, actor: Actor | null, formId: string, rawFilter: ResultsFilter, locale: Locale): Promise<FormResults> {
  const relation = await findForm(db, actor, formId);
  assertOnForm(actor, 'read_results', relation);
  const { form } = relation;
  const filter = resultsFilterSchema.parse(rawFilter);
  const questions = questionsOf(await allDefinitions(db, form.id));
  const key = keyOf(form, filter);
  let counted = kept.get(key);
  if (!counted) {
    counted = await aggregate(db, form, filter);
    kept.set(key, counted);
  }
  const { responses, segments: seg } = counted;
  const anyFilter = Boolean(filter.role || filter.region || filter.organisation);
  if (anyFilter && responses < smallestGroup) return { responses: 0, suppressed: true, questions: [], segments: seg, smallestGroup };

  const answered = new Map(counted.perQuestion.map((r) => [r.question_id, r]));
  const textsOf = new Map<string, string[]>();
  for (const { question_id, text } of counted.texts) textsOf.set(question_id, [...(textsOf.get(question_id) ?? []), text]);
  const yes = translate(locale, 'forms.yes');
  const no = translate(locale, 'forms.no');
  const other = translate(locale, 'forms.other');

  const results = questions.map((question): QuestionResult => {
    const total = answered.get(question.id)?.answered ?? 0;
    const share = (count: number) => (total === 0 ? 0 : count / total);
    const mine = counted.counts.filter((c) => c.question_id === question.id);
    const countOf = (id: string) => mine.filter((c) => c.choice === id).reduce((sum, c) => sum + c.n, 0);
    const base = { id: question.id, kind: question.kind, label: localize(question.label, locale), answered: total, average: null, ranks: [], texts: textsOf.get(question.id) ?? [], textCount: answered.get(question.id)?.texts ?? 0 };
    if (question.kind === 'single' || question.kind === 'multiple') {
      const choices = question.choices.map((c) => ({ id: c.id, label: localize(c.label, locale), count: countOf(c.id) }));
      if (question.other) choices.push({ id: OTHER, label: other, count: countOf(OTHER) });
      return { ...base, counts: choices.map((c) => ({ ...c, share: share(c.count) })) };
    }
    if (question.kind === 'yes_no') {
      return { ...base, counts: [{ id: 'yes', label: yes, count: countOf('yes') }, { id: 'no', label: no, count: countOf('no') }].map((c) => ({ ...c, share: share(c.count) })) };
    }
    if (question.kind === 'scale') {
      const values = mine.filter((r) => r.choice === null);
      const scaleCounts: ChoiceCount[] = [];
      let sum = 0;
      for (let value = question.min; value <= question.max; value++) {
        const count = values.find((r) => r.number === value)?.n ?? 0;
        sum += value * count;
        scaleCounts.push({ id: String(value), label: String(value), count, share: share(count) });
      }
      return { ...base, counts: scaleCounts, average: total === 0 ? null : sum / total };
    }
    if (question.kind === 'ranking') {
      const ranks = question.choices
        .map((c) => ({ id: c.id, label: localize(c.label, locale), meanRank: meanRank(mine.filter((m) => m.choice === c.id)) }))
        .sort((a, b) => (a.meanRank || Infinity) - (b.meanRank || Infinity));
      return { ...base, counts: [], ranks };
    }
    return { ...base, counts: [] };
  });
  return { responses, suppressed: false, questions: results, segments: seg, smallestGroup };
}

/** The mean of a ranked choice's ranks, from its count per rank; 0 when nobody ranked it. */
function meanRank(rows: { number: number | null; n: number }[]): number {
  const n = rows.reduce((sum, r) => sum + r.n, 0);
  return n === 0 ? 0 : rows.reduce((sum, r) => sum + (r.number ?? 0) * r.n, 0) / n;
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

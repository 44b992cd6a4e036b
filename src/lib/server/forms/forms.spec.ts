import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { addMemberByEmail, createCommunity, updateCommunity } from '../communities';
import { updateProfile } from '../profiles';
import {
  createForm,
  definitionSchema,
  exportResponses,
  formResults,
  getForm,
  listForms,
  myResponse,
  readAnswers,
  setFormStatus,
  submitResponse,
  updateForm,
  type DefinitionInput
} from '.';

const instance = useTestInstance();

const needs: DefinitionInput = {
  questions: [
    { kind: 'section', id: 'about', label: { fr: 'À propos de vous', en: 'About you' } },
    {
      kind: 'single',
      id: 'level',
      label: { fr: 'Votre expérience', en: 'Your experience' },
      required: true,
      choices: [
        { id: 'new', label: { fr: 'Débutante', en: 'New' } },
        { id: 'some', label: { fr: 'Quelques années', en: 'Some years' } }
      ],
      other: true
    },
    {
      kind: 'multiple',
      id: 'topics',
      label: { fr: 'Sujets souhaités', en: 'Topics wanted' },
      choices: [
        { id: 'eval', label: { fr: 'Évaluation', en: 'Evaluation' } },
        { id: 'fund', label: { fr: 'Financement', en: 'Funding' } },
        { id: 'law', label: { fr: 'Droit', en: 'Law' } }
      ]
    },
    { kind: 'scale', id: 'useful', label: { fr: 'Utilité', en: 'Usefulness' }, min: 1, max: 5 },
    { kind: 'yes_no', id: 'mentor', label: { fr: 'Voulez-vous un mentor ?', en: 'Do you want a mentor?' } },
    { kind: 'short_text', id: 'mentor_topic', label: { fr: 'Sur quel sujet ?', en: 'On what?' }, required: true, showIf: { question: 'mentor', anyOf: ['yes'] } },
    { kind: 'ranking', id: 'formats', label: { fr: 'Formats préférés', en: 'Preferred formats' }, choices: [
      { id: 'webinar', label: { fr: 'Webinaire', en: 'Webinar' } },
      { id: 'cinq', label: { fr: '5 à 7', en: 'After-work' } }
    ] },
    { kind: 'long_text', id: 'comments', label: { fr: 'Commentaires', en: 'Comments' } },
    { kind: 'date', id: 'when', label: { fr: 'Disponible à partir du', en: 'Available from' } }
  ]
};

async function community(visibility: 'public' | 'private' = 'public') {
  const animator = await person(instance.db, 'Nadia Animatrice');
  const { slug } = await createCommunity(instance.db, animator, { name: `Réseau ${visibility} ${Math.random().toString(36).slice(2, 7)}`, visibility, joinPolicy: 'open' });
  const member = async (name: string) => {
    const someone = await person(instance.db, name);
    await addMemberByEmail(instance.db, animator, slug, { email: someone.email });
    return someone;
  };
  return { animator, slug, member };
}

async function openSurvey(animator: Actor, slug: string, extra: Record<string, unknown> = {}) {
  const { id } = await createForm(instance.db, animator, slug, { title: 'Sondage des besoins', definition: needs, ...extra });
  await setFormStatus(instance.db, animator, id, 'open');
  return id;
}

const answersOf = (level: string, extra: Record<string, unknown> = {}) => ({ answers: { level, topics: ['eval'], useful: 4, mentor: 'no', formats: ['cinq', 'webinar'], ...extra } });

describe('the forms model', () => {
  const definition = definitionSchema.parse(needs);

  it('checks every answer against the questions and says what is wrong, by question', () => {
    const problems = (raw: Parameters<typeof readAnswers>[1]) => {
      try {
        readAnswers(definition, raw);
        return [];
      } catch (error) {
        return (error as { issues: { path: string; message: string }[] }).issues.map((i) => `${i.path}:${i.message}`);
      }
    };
    expect(problems({ answers: {} })).toEqual(['answers.level:forms.errors.required']);
    expect(problems({ answers: { level: 'expert' } })).toEqual(['answers.level:forms.errors.unknown_choice']);
    expect(problems({ answers: { level: 'other' } })).toEqual(['answers.level:forms.errors.other_required']);
    expect(problems({ answers: { level: ['new', 'some'] } })).toEqual(['answers.level:forms.errors.one_choice']);
    expect(problems({ answers: { level: 'new', useful: 6 } })).toEqual(['answers.useful:forms.errors.scale']);
    expect(problems({ answers: { level: 'new', useful: 2.5 } })).toEqual(['answers.useful:forms.errors.scale']);
    expect(problems({ answers: { level: 'new', formats: ['cinq'] } })).toEqual(['answers.formats:forms.errors.ranking']);
    expect(problems({ answers: { level: 'new', when: '2026-02-30' } })).toEqual(['answers.when:forms.errors.date']);
    expect(problems({ answers: { level: 'new', comments: 'x'.repeat(100_000) } })).toEqual(['answers.comments:forms.errors.too_long']);
    // A question shown only for "yes" is required then, and dropped when hidden.
    expect(problems({ answers: { level: 'new', mentor: 'yes' } })).toEqual(['answers.mentor_topic:forms.errors.required']);
    const hidden = readAnswers(definition, { answers: { level: 'new', mentor: 'no', mentor_topic: 'évaluation' } });
    expect(hidden.has('mentor_topic')).toBe(false);
    const full = readAnswers(definition, { answers: { level: 'other', topics: ['eval', 'law'], useful: 5, mentor: 'yes', mentor_topic: 'Budget', formats: ['cinq', 'webinar'], when: '2027-01-15' }, other: { level: 'Retraitée' } });
    expect(full.get('level')).toEqual({ kind: 'choice', choices: ['other'], other: 'Retraitée' });
    expect(full.get('formats')).toEqual({ kind: 'ranking', order: ['cinq', 'webinar'] });
  });

  it('refuses a definition whose ids repeat or whose condition looks ahead', () => {
    const twice = { questions: [needs.questions[1]!, needs.questions[1]!] };
    expect(definitionSchema.safeParse(twice).error?.issues.map((i) => i.message)).toContain('forms.errors.duplicate_id');
    const ahead = { questions: [{ kind: 'short_text', id: 'a', label: { fr: 'A' }, showIf: { question: 'b', anyOf: ['yes'] } }, { kind: 'yes_no', id: 'b', label: { fr: 'B' } }] };
    expect(definitionSchema.safeParse(ahead).error?.issues.map((i) => i.message)).toContain('forms.errors.condition');
    expect(definitionSchema.safeParse({ questions: [{ kind: 'single', id: 'a', label: { fr: '' }, choices: [{ id: 'x', label: { fr: 'X' } }] }] }).error?.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining(['forms.errors.label_required', 'forms.errors.two_choices'])
    );
  });
});

describe('surveys in a community', () => {
  it('a draft exists for its animators only; once open, members answer, change their answer, and see only what they may', async () => {
    const { animator, slug, member } = await community('private');
    const lea = await member('Léa Membre');
    const outsider = await person(instance.db, 'Omar Dehors');
    const { id } = await createForm(instance.db, animator, slug, { title: 'Sondage des besoins', definition: needs });
    expect(await outcome(getForm(instance.db, lea, id))).toBe('not_found');
    expect((await listForms(instance.db, lea, slug)).items).toEqual([]);
    await setFormStatus(instance.db, animator, id, 'open');
    const view = await getForm(instance.db, lea, id);
    expect(view).toMatchObject({ status: 'open', accepting: true, responded: false, may: { respond: true, manage: false, results: false } });
    expect(view.definition.questions.map((q) => q.id)).toContain('formats');
    expect((await listForms(instance.db, lea, slug)).items.map((f) => f.title)).toEqual(['Sondage des besoins']);

    expect(await submitResponse(instance.db, { actor: lea }, id, answersOf('new'))).toEqual({ replaced: false });
    expect(await submitResponse(instance.db, { actor: lea }, id, answersOf('some', { comments: 'Merci' }))).toEqual({ replaced: true });
    expect((await myResponse(instance.db, lea, id))?.answers).toMatchObject({ level: 'some', comments: 'Merci', formats: ['cinq', 'webinar'], useful: 4 });
    expect((await getForm(instance.db, lea, id)).responded).toBe(true);

    // Outside the private community the form does not exist; a member may not read the results.
    const calls = [
      () => getForm(instance.db, outsider, id),
      () => formResults(instance.db, outsider, id, {}, 'fr'),
      () => exportResponses(instance.db, outsider, id, 'fr'),
      () => submitResponse(instance.db, { actor: outsider }, id, answersOf('new'))
    ];
    for (const call of calls) expect(await outcome(call())).toBe('not_found');
    expect(await outcome(getForm(instance.db, null, id))).toBe('not_found');
    expect(await outcome(formResults(instance.db, lea, id, {}, 'fr'))).toBe('forbidden');
    expect(await outcome(updateForm(instance.db, lea, id, { title: 'Pris' }))).toBe('forbidden');

    // Closed: nothing more is accepted, and a refused response changes nothing.
    await setFormStatus(instance.db, animator, id, 'closed');
    expect(await outcome(submitResponse(instance.db, { actor: lea }, id, answersOf('new')))).toBe('forbidden');
    expect((await myResponse(instance.db, lea, id))?.answers.level).toBe('some');
  });

  it('counts, shares and averages per question, filters by segment and hides groups under five', async () => {
    const { animator, slug, member } = await community();
    const id = await openSurvey(animator, slug);
    const people: Actor[] = [];
    for (let i = 0; i < 7; i++) people.push(await member(`Membre ${i}`));
    for (const [i, someone] of people.entries()) {
      await updateProfile(instance.db, someone, { region: i < 5 ? 'Estrie' : 'Outaouais' });
      await submitResponse(instance.db, { actor: someone }, id, answersOf(i < 3 ? 'new' : 'some', { useful: i < 4 ? 5 : 3, topics: i % 2 ? ['eval', 'fund'] : ['eval'], comments: i === 0 ? 'Plus de 5 à 7' : '' }));
    }
    const results = await formResults(instance.db, animator, id, {}, 'fr');
    expect(results.responses).toBe(7);
    const level = results.questions.find((q) => q.id === 'level')!;
    expect(level.counts.map((c) => [c.label, c.count])).toEqual([['Débutante', 3], ['Quelques années', 4], ['Autre', 0]]);
    expect(level.counts[1]!.share).toBeCloseTo(4 / 7);
    const topics = results.questions.find((q) => q.id === 'topics')!;
    expect(topics.counts.map((c) => c.count)).toEqual([7, 3, 0]);
    expect(results.questions.find((q) => q.id === 'useful')!.average).toBeCloseTo((4 * 5 + 3 * 3) / 7);
    expect(results.questions.find((q) => q.id === 'formats')!.ranks.map((r) => r.id)).toEqual(['cinq', 'webinar']);
    expect(results.questions.find((q) => q.id === 'comments')!.texts).toEqual(['Plus de 5 à 7']);
    expect(results.questions.find((q) => q.id === 'about')).toBeUndefined();
    // Estrie has five respondents: shown. Outaouais has two: not offered, and hidden when asked.
    expect(results.segments.region).toEqual([{ value: 'Estrie', count: 5 }]);
    expect((await formResults(instance.db, animator, id, { region: 'Estrie' }, 'fr')).responses).toBe(5);
    expect(await formResults(instance.db, animator, id, { region: 'Outaouais' }, 'fr')).toMatchObject({ suppressed: true, responses: 0, questions: [] });
    // In English, the labels are the English ones.
    expect((await formResults(instance.db, animator, id, {}, 'en')).questions.find((q) => q.id === 'level')!.counts[0]!.label).toBe('New');
    // A changed answer shows at once, filtered or not: counted results are kept only until the next answer.
    await submitResponse(instance.db, { actor: people[0]! }, id, answersOf('some', { comments: 'Plutôt des webinaires' }));
    const after = await formResults(instance.db, animator, id, {}, 'fr');
    expect(after.questions.find((q) => q.id === 'level')!.counts.map((c) => c.count)).toEqual([2, 5, 0]);
    expect(after.questions.find((q) => q.id === 'comments')).toMatchObject({ texts: ['Plutôt des webinaires'], textCount: 1 });
    const estrie = await formResults(instance.db, animator, id, { region: 'Estrie' }, 'fr');
    expect(estrie.questions.find((q) => q.id === 'level')!.counts.map((c) => c.count)).toEqual([2, 3, 0]);
  });

  it('keeps what older responses meant when the questions change, in the results and the CSV', async () => {
    const { animator, slug, member } = await community();
    const id = await openSurvey(animator, slug);
    const first = await member('Première Répondante');
    await submitResponse(instance.db, { actor: first }, id, answersOf('new'));
    // A choice renamed and one added: a new version, since someone answered.
    const changed = structuredClone(needs);
    const level = changed.questions[1] as { choices: { id: string; label: { fr: string; en?: string } }[] };
    level.choices[0]!.label = { fr: 'Nouvelle dans le milieu', en: 'New to the field' };
    level.choices.push({ id: 'expert', label: { fr: 'Experte', en: 'Expert' } });
    expect(await updateForm(instance.db, animator, id, { definition: changed })).toEqual({ version: 2 });
    // Editing again before anyone answers version 2 stays on it.
    expect(await updateForm(instance.db, animator, id, { definition: changed, title: 'Sondage des besoins 2027' })).toEqual({ version: 2 });
    const second = await member('Deuxième Répondante');
    await submitResponse(instance.db, { actor: second }, id, answersOf('expert'));
    expect(await outcome(submitResponse(instance.db, { actor: second }, id, answersOf('nope')))).toBe('invalid:forms.errors.unknown_choice');

    const { csv, filename } = await exportResponses(instance.db, animator, id, 'fr');
    expect(filename).toBe('sondage-des-besoins-2027.csv');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows: string[][] = parse(csv.slice(1));
    const [header, ...data] = rows;
    expect(header!.slice(0, 5)).toEqual(['Répondu le', 'Membre', 'Rôle', 'Région', 'Organisation']);
    const column = header!.indexOf('Votre expérience');
    expect(data.map((r) => [r[1], r[column]])).toEqual([
      ['Première Répondante', 'Débutante'],
      ['Deuxième Répondante', 'Experte']
    ]);
    expect(data[0]![header!.indexOf('Formats préférés')]).toBe('5 à 7 > Webinaire');
    expect(data[0]![header!.indexOf('Voulez-vous un mentor ?')]).toBe('Non');
    // The results count the renamed choice under its new name, with both responses.
    const results = await formResults(instance.db, animator, id, {}, 'fr');
    expect(results.questions.find((q) => q.id === 'level')!.counts.map((c) => [c.label, c.count])).toEqual([
      ['Nouvelle dans le milieu', 1],
      ['Quelques années', 0],
      ['Experte', 1],
      ['Autre', 0]
    ]);
  });

  it('stores an anonymous response with nothing that leads back to the member, and only once', async () => {
    const { animator, slug, member } = await community();
    const id = await openSurvey(animator, slug, { anonymous: true, resultsVisibleTo: 'respondents' });
    const lea = await member('Léa Anonyme');
    const other = await member('Autre Membre');
    expect(await outcome(formResults(instance.db, lea, id, {}, 'fr'))).toBe('forbidden');
    await submitResponse(instance.db, { actor: lea }, id, answersOf('new', { comments: 'Texte libre' }));
    expect(await outcome(submitResponse(instance.db, { actor: lea }, id, answersOf('some')))).toBe('conflict:forms.errors.already_answered');
    const responses = await instance.db.selectFrom('form_responses').selectAll().where('form_id', '=', id).execute();
    expect(responses).toHaveLength(1);
    const [stored] = responses;
    expect(stored!.user_id).toBeNull();
    // The day only, and a random id (not time-ordered like the instance's own ids).
    expect(Number(stored!.submitted_at) % (24 * 3600 * 1000)).toBe(0);
    expect(stored!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    const marks = await instance.db.selectFrom('form_participations').selectAll().where('form_id', '=', id).execute();
    expect(marks).toEqual([{ form_id: id, user_id: lea.id, day: Number(stored!.submitted_at) }]);
    // No column of the response or its answers holds the member's id, name or email.
    const answers = await instance.db.selectFrom('form_answers').selectAll().where('form_id', '=', id).execute();
    const everything = JSON.stringify([responses, answers]);
    for (const trace of [lea.id, lea.name, lea.email]) expect(everything).not.toContain(trace);
    expect(await myResponse(instance.db, lea, id)).toBeNull();
    expect(await getForm(instance.db, lea, id)).toMatchObject({ responded: true, may: { respond: false, results: true } });
    expect((await getForm(instance.db, other, id)).may).toMatchObject({ respond: true, results: false });
    // The CSV has no member column, and the day only.
    const rows: string[][] = parse((await exportResponses(instance.db, animator, id, 'fr')).csv.slice(1));
    expect(rows[0]).not.toContain('Membre');
    expect(rows[1]![0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(rows)).not.toContain('Léa');
    // Whether it is anonymous can no longer change.
    expect(await outcome(updateForm(instance.db, animator, id, { anonymous: false }))).toBe('conflict:forms.errors.anonymity_locked');
  });

  it('lets visitors answer a public form, not a members-only one, and refuses a public form in a private community', async () => {
    const { animator, slug } = await community();
    const members = await openSurvey(animator, slug);
    const open = await openSurvey(animator, slug, { audience: 'public' });
    expect(await outcome(submitResponse(instance.db, { actor: null, ip: '192.0.2.1' }, members, answersOf('new')))).toBe('unauthorized');
    expect((await getForm(instance.db, null, open)).may.respond).toBe(true);
    await submitResponse(instance.db, { actor: null, ip: '192.0.2.1' }, open, answersOf('new'));
    expect((await formResults(instance.db, animator, open, {}, 'fr')).responses).toBe(1);
    const closed = await community('private');
    expect(await outcome(createForm(instance.db, closed.animator, closed.slug, { title: 'Public', audience: 'public', definition: needs }))).toBe('invalid:forms.errors.public_needs_public_community');
    expect(await outcome(createForm(instance.db, animator, slug, { title: 'Dates', opensAt: 2000, closesAt: 1000, definition: needs }))).toBe('invalid:forms.errors.closes_before_opening');

    // The community turns private: its public form stays editable as it is, visitors can no longer
    // answer it, and making a members-only form public is still refused.
    await updateCommunity(instance.db, animator, slug, { visibility: 'private' });
    expect(await outcome(updateForm(instance.db, animator, open, { title: 'Toujours modifiable', audience: 'public' }))).toBe('ok');
    expect(await outcome(submitResponse(instance.db, { actor: null, ip: '192.0.2.2' }, open, answersOf('new')))).toBe('not_found');
    expect(await outcome(updateForm(instance.db, animator, members, { audience: 'public' }))).toBe('invalid:forms.errors.public_needs_public_community');
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { createCommunity, joinCommunity } from '../communities';
import { createEvent, rsvp } from '../events';
import { stopListening } from '../notifications/live';
import { addQuestion, answer, control, liveView, removeQuestion } from '.';

const instance = useTestInstance();
const db = () => instance.db;
const hour = 60 * 60 * 1000;
afterAll(stopListening);

async function activity(visibility: 'public' | 'private', ...members: Actor[]) {
  const animator = await person(db(), 'Nadia Bouchard');
  const community = await createCommunity(db(), animator, { name: `Communauté ${Math.random().toString(36).slice(2, 8)}`, visibility, joinPolicy: 'open' });
  for (const member of members) await joinCommunity(db(), member, community.slug);
  const start = Date.now() + hour;
  const { id } = await createEvent(db(), animator, { communities: [community.slug], title: 'Webinaire sur l’accueil', startsAt: new Date(start).toISOString(), endsAt: new Date(start + hour).toISOString(), timeZone: 'America/Toronto' });
  return { id, animator, slug: community.slug };
}

const capital = { prompt: 'Quelle est la capitale du Canada ?', options: ['Toronto', 'Ottawa', 'Montréal'], correct: 1 };
const river = { prompt: 'Quel fleuve traverse Québec ?', options: ['Saint-Laurent', 'Outaouais'], correct: 0 };
const mood = { prompt: 'Comment vous sentez-vous ?', options: ['Bien', 'Fatigué·e'] };

describe('live questions during an activity', () => {
  it('runs questions one at a time: counts and the right answer hidden from participants until revealed, scores by first name', async () => {
    const [ana, bruno] = [await person(db(), 'Ana Tremblay'), await person(db(), 'Bruno Côté')];
    const { id, animator } = await activity('public', ana, bruno);
    await addQuestion(db(), animator, id, capital);
    await addQuestion(db(), animator, id, mood);
    const drafted = await addQuestion(db(), animator, id, river);
    expect(drafted).toMatchObject({ status: 'draft', questionCount: 3, can: { run: true } });
    expect(drafted.questions!.map((q) => [q.number, q.kind, q.correct])).toEqual([[1, 'quiz', 1], [2, 'poll', null], [3, 'quiz', 0]]);
    // Participants see nothing of the questions before the start.
    expect(await liveView(db(), ana, id)).toMatchObject({ status: 'draft', current: null, questions: null, can: { answer: false, run: false } });

    const started = await control(db(), animator, id, { action: 'start', scoring: 'named' });
    const first = started.current!;
    expect(first).toMatchObject({ number: 1, prompt: capital.prompt, phase: 'answering', answerCount: 0, counts: [0, 0, 0], correct: 1 });
    expect((await liveView(db(), ana, id)).current).toMatchObject({ prompt: capital.prompt, counts: null, answerCount: null, correct: null, myChoice: null });

    await answer(db(), ana, id, { questionId: first.id, choice: 0 });
    // Changed until it is revealed.
    expect((await answer(db(), ana, id, { questionId: first.id, choice: 1 })).current).toMatchObject({ myChoice: 1, counts: null });
    await answer(db(), bruno, id, { questionId: first.id, choice: 2 });
    expect((await liveView(db(), animator, id)).current).toMatchObject({ answerCount: 2, counts: [0, 1, 1] });

    await control(db(), animator, id, { action: 'reveal' });
    const revealed = await liveView(db(), ana, id);
    expect(revealed.current).toMatchObject({ phase: 'revealed', counts: [0, 1, 1], correct: 1, myChoice: 1 });
    expect(revealed.score).toEqual({ points: 1, of: 1 });
    expect(revealed.board).toEqual([{ name: 'Ana', points: 1 }]);
    expect(revealed.can.answer).toBe(false);
    expect(await outcome(answer(db(), bruno, id, { questionId: first.id, choice: 1 }))).toBe('conflict:quiz.errors.moved_on');

    const second = (await control(db(), animator, id, { action: 'next' })).current!;
    expect(second).toMatchObject({ number: 2, kind: 'poll', correct: null });
    // A page left on the first question cannot answer it on the second.
    expect(await outcome(answer(db(), bruno, id, { questionId: first.id, choice: 0 }))).toBe('conflict:quiz.errors.moved_on');
    await answer(db(), bruno, id, { questionId: second.id, choice: 1 });
    await control(db(), animator, id, { action: 'reveal' });
    const third = (await control(db(), animator, id, { action: 'next' })).current!;
    await answer(db(), bruno, id, { questionId: third.id, choice: 0 });
    expect(await outcome(control(db(), animator, id, { action: 'next' }))).toBe('conflict:quiz.errors.cannot_next');
    const finished = await control(db(), animator, id, { action: 'finish' });
    expect(finished).toMatchObject({ status: 'finished', participants: 2 });
    // Poll questions count no points: two quiz questions, one right each.
    expect(finished.board).toEqual([{ name: 'Ana', points: 1 }, { name: 'Bruno', points: 1 }]);
    expect((await liveView(db(), bruno, id)).score).toEqual({ points: 1, of: 2 });
    expect(await outcome(addQuestion(db(), animator, id, mood))).toBe('conflict:quiz.errors.finished');
  });

  it('keeps scores to each participant when the animator chooses anonymous scoring', async () => {
    const ana = await person(db(), 'Ana Discrète');
    const { id, animator } = await activity('public', ana);
    await addQuestion(db(), animator, id, capital);
    const { current } = await control(db(), animator, id, { action: 'start', scoring: 'anonymous' });
    await answer(db(), ana, id, { questionId: current!.id, choice: 1 });
    await control(db(), animator, id, { action: 'reveal' });
    const mine = await liveView(db(), ana, id);
    expect(mine).toMatchObject({ scoring: 'anonymous', board: null, score: { points: 1, of: 1 } });
    expect(JSON.stringify(await liveView(db(), animator, id))).not.toContain('Ana');
  });

  it('lets members and registered participants answer, and no one else; keeps a private community’s session from outsiders', async () => {
    const [member, guest, passer] = [await person(db(), 'Mia Membre'), await person(db(), 'Gus Inscrit'), await person(db(), 'Paul Passant')];
    const open = await activity('public', member);
    await rsvp(db(), guest, open.id, { status: 'going' });
    await addQuestion(db(), open.animator, open.id, capital);
    const { current } = await control(db(), open.animator, open.id, { action: 'start' });
    expect(await outcome(answer(db(), member, open.id, { questionId: current!.id, choice: 0 }))).toBe('ok');
    expect(await outcome(answer(db(), guest, open.id, { questionId: current!.id, choice: 0 }))).toBe('ok');
    expect(await outcome(answer(db(), passer, open.id, { questionId: current!.id, choice: 0 }))).toBe('forbidden:quiz.errors.not_participant');
    expect(await outcome(answer(db(), null, open.id, { questionId: current!.id, choice: 0 }))).toBe('unauthorized');
    expect((await liveView(db(), null, open.id)).can).toEqual({ answer: false, run: false });
    expect(await outcome(control(db(), member, open.id, { action: 'reveal' }))).toBe('forbidden');

    const closed = await activity('private', member);
    await addQuestion(db(), closed.animator, closed.id, capital);
    expect(await outcome(liveView(db(), passer, closed.id))).toBe('not_found');
    expect(await outcome(liveView(db(), null, closed.id))).toBe('not_found');
    expect(await outcome(answer(db(), passer, closed.id, { questionId: 'x', choice: 0 }))).toBe('not_found');
  });

  it('refuses bad questions, answers and moves with their reason, changing nothing', async () => {
    const ana = await person(db(), 'Ana Erreurs');
    const { id, animator } = await activity('public', ana);
    expect(await outcome(control(db(), animator, id, { action: 'start' }))).toBe('conflict:quiz.errors.no_questions');
    expect(await outcome(addQuestion(db(), animator, id, { prompt: 'Seul ?', options: ['Oui'] }))).toBe('invalid:quiz.errors.too_few_options');
    expect(await outcome(addQuestion(db(), animator, id, { prompt: 'Laquelle ?', options: ['A', 'B'], correct: 2 }))).toBe('invalid:quiz.errors.correct_unknown');
    expect(await outcome(addQuestion(db(), animator, id, { prompt: 'x'.repeat(100_000), options: ['A', 'B'] }))).toBe('invalid:quiz.errors.prompt_too_long');
    expect(await outcome(addQuestion(db(), ana, id, capital))).toBe('forbidden');
    expect((await liveView(db(), animator, id)).status).toBe('none');

    const added = await addQuestion(db(), animator, id, capital);
    const extra = await addQuestion(db(), animator, id, river);
    const { current } = await control(db(), animator, id, { action: 'start' });
    expect(await outcome(control(db(), animator, id, { action: 'start' }))).toBe('conflict:quiz.errors.cannot_start');
    expect(await outcome(control(db(), animator, id, { action: 'next' }))).toBe('conflict:quiz.errors.cannot_next');
    expect(await outcome(answer(db(), ana, id, { questionId: current!.id, choice: 5 }))).toBe('invalid:quiz.errors.unknown_choice');
    // The question shown cannot be removed; one still to come can.
    expect(await outcome(removeQuestion(db(), animator, id, added.questions![0]!.id))).toBe('conflict:quiz.errors.already_shown');
    expect((await removeQuestion(db(), animator, id, extra.questions![1]!.id)).questionCount).toBe(1);
    expect((await liveView(db(), animator, id)).current).toMatchObject({ answerCount: 0 });
  });

  it('counts every answer sent at the same moment', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => person(db(), `Participant ${i}`)));
    const { id, animator } = await activity('public', ...people);
    await addQuestion(db(), animator, id, capital);
    const { current } = await control(db(), animator, id, { action: 'start' });
    await Promise.all(people.map((p, i) => answer(db(), p, id, { questionId: current!.id, choice: i % 3 })));
    expect((await liveView(db(), animator, id)).current).toMatchObject({ answerCount: 6, counts: [2, 2, 2] });
  });
});

// Live questions during an activity (issue 18, use 4). The animator writes a few questions on the
// event — quiz questions with a right answer, poll questions without — and runs them one at a time:
// start shows the first, reveal shows everyone the counts (and the right answer), next moves on,
// finish ends with the scores. Participants answer the question shown from their phones, and may
// change their answer until it is revealed. Scores count the quiz questions revealed so far; the
// animator chooses before the start whether the scoreboard names people by their first name or
// each participant sees only their own. Every change is announced to the session's open pages
// (./live.ts), which read it again as their viewer may see it.
import type { Actor } from '../auth/actor';
import type { DB } from '../db';
import type { Executor } from '../jobs/queue';
import { assertOnLive, canOnLive, findEvent, requireMember, type LiveRelation } from '../access';
import { forUpdate } from '../db/dialect';
import type { LivePhase, LiveQuestion, LiveScoring, LiveSession, LiveStatus } from '../db/schema';
import { conflict, invalid, notFound } from '../errors';
import { newId, now } from '../ids';
import { liveLimits } from '../../shared/live';
import { announceLive } from './live';
import { answerSchema, controlSchema, questionSchema, type AnswerInput, type ControlInput, type QuestionInput } from './schemas';

export { answerSchema, controlSchema, questionSchema, type AnswerInput, type ControlInput, type QuestionInput } from './schemas';

/** The event with its live session (null before the first question is written). */
export async function findLive(db: DB, actor: Actor | null, eventId: string): Promise<LiveRelation> {
  const relation = await findEvent(db, actor, eventId);
  const session = await db.selectFrom('live_sessions').selectAll().where('event_id', '=', eventId).executeTakeFirst();
  return { ...relation, session: session ?? null };
}

export type LiveQuestionView = { id: string; number: number; prompt: string; options: string[]; kind: 'quiz' | 'poll' };

export type LiveView = {
  eventId: string;
  eventTitle: string;
  /** `none` until a question is written. */
  status: LiveStatus | 'none';
  scoring: LiveScoring;
  questionCount: number;
  /** The question shown while running (the last one once finished). */
  current:
    | (LiveQuestionView & {
        phase: LivePhase;
        /** The viewer's choice, if they answered. */
        myChoice: number | null;
        /** How many answered, and how many chose each option: for whoever runs it, and for everyone once revealed. */
        answerCount: number | null;
        counts: number[] | null;
        /** The right choice of a quiz question, once revealed (to whoever runs it, always). */
        correct: number | null;
      })
    | null;
  /** The viewer's points over the quiz questions revealed so far, once they answered one. */
  score: { points: number; of: number } | null;
  /** With named scoring, once a quiz question was revealed: the best scores, by first name. */
  board: { name: string; points: number }[] | null;
  /** Who runs it: every question, with its right answer, and how many took part. */
  questions: (LiveQuestionView & { correct: number | null })[] | null;
  participants: number | null;
  can: { answer: boolean; run: boolean };
};

const boardSize = 10;
const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

function questionView(q: LiveQuestion, number: number): LiveQuestionView {
  return { id: q.id, number, prompt: q.prompt, options: JSON.parse(q.options) as string[], kind: q.correct === null ? 'poll' : 'quiz' };
}

/** Whether a question's result is out: before the one shown, the one shown once revealed, all once finished. */
const isRevealed = (session: LiveSession, q: LiveQuestion) =>
  session.status === 'finished' ? session.current === null || q.position <= session.current : session.status === 'running' && session.current !== null && (q.position < session.current || (q.position === session.current && session.phase === 'revealed'));

/** The live session of an event, as this viewer may see it. */
export async function liveView(db: DB, actor: Actor | null, eventId: string): Promise<LiveView> {
  return viewOf(db, actor, await findLive(db, actor, eventId));
}

async function viewOf(db: DB, actor: Actor | null, relation: LiveRelation): Promise<LiveView> {
  const { session, event } = relation;
  const runs = canOnLive(actor, 'run', relation);
  const can = { answer: canOnLive(actor, 'answer', relation) && session?.status === 'running' && session.phase === 'answering', run: runs };
  const base = { eventId: event.id, eventTitle: event.title, scoring: session?.scoring ?? 'anonymous', can };
  if (!session) return { ...base, status: 'none', questionCount: 0, current: null, score: null, board: null, questions: runs ? [] : null, participants: runs ? 0 : null };

  const questions = await db.selectFrom('live_questions').selectAll().where('event_id', '=', event.id).orderBy('position').execute();
  const numbered = questions.map((q, i) => ({ q, number: i + 1 }));
  const shown = numbered.find(({ q }) => q.position === session.current) ?? null;
  const revealedQuiz = numbered.filter(({ q }) => q.correct !== null && isRevealed(session, q)).map(({ q }) => q);

  let current: LiveView['current'] = null;
  if (shown && session.status !== 'draft') {
    const open = runs || isRevealed(session, shown.q);
    const [mine, tally] = await Promise.all([
      actor ? db.selectFrom('live_answers').select('choice').where('question_id', '=', shown.q.id).where('user_id', '=', actor.id).executeTakeFirst() : undefined,
      open ? db.selectFrom('live_answers').select(['choice', (e) => e.fn.countAll<number>().as('n')]).where('question_id', '=', shown.q.id).groupBy('choice').execute() : []
    ]);
    const view = questionView(shown.q, shown.number);
    const counts = open ? view.options.map((_, i) => Number(tally.find((t) => t.choice === i)?.n ?? 0)) : null;
    current = {
      ...view,
      phase: session.status === 'finished' ? 'revealed' : session.phase,
      myChoice: mine?.choice ?? null,
      answerCount: counts ? counts.reduce((a, b) => a + b, 0) : null,
      counts,
      correct: open ? shown.q.correct : null
    };
  }

  const [score, board, participants] = await Promise.all([
    actor && revealedQuiz.length ? pointsOf(db, event.id, revealedQuiz, actor.id) : null,
    session.scoring === 'named' && revealedQuiz.length ? boardOf(db, event.id, revealedQuiz) : null,
    runs ? db.selectFrom('live_answers').select((e) => e.fn.count<number>('user_id').distinct().as('n')).where('event_id', '=', event.id).executeTakeFirstOrThrow() : null
  ]);
  return {
    ...base,
    status: session.status,
    questionCount: questions.length,
    current,
    score,
    board,
    questions: runs ? numbered.map(({ q, number }) => ({ ...questionView(q, number), correct: q.correct })) : null,
    participants: participants ? Number(participants.n) : null
  };
}

/** Right answers among the revealed quiz questions: one participant's. Null if they answered none of them. */
async function pointsOf(db: DB, eventId: string, revealed: LiveQuestion[], userId: string): Promise<{ points: number; of: number } | null> {
  const answers = await db.selectFrom('live_answers').select(['question_id', 'choice']).where('event_id', '=', eventId).where('user_id', '=', userId).execute();
  const right = new Map(revealed.map((q) => [q.id, q.correct]));
  const counted = answers.filter((a) => right.has(a.question_id));
  if (counted.length === 0) return null;
  return { points: counted.filter((a) => right.get(a.question_id) === a.choice).length, of: revealed.length };
}

/** The best scores over the revealed quiz questions, by first name. */
async function boardOf(db: DB, eventId: string, revealed: LiveQuestion[]): Promise<{ name: string; points: number }[]> {
  const rows = await db
    .selectFrom('live_answers')
    .innerJoin('live_questions', 'live_questions.id', 'live_answers.question_id')
    .innerJoin('users', 'users.id', 'live_answers.user_id')
    .select(['users.name', (e) => e.fn.countAll<number>().as('points')])
    .where('live_answers.event_id', '=', eventId)
    .where('live_answers.question_id', 'in', revealed.map((q) => q.id))
    .whereRef('live_answers.choice', '=', 'live_questions.correct')
    .groupBy(['live_answers.user_id', 'users.name'])
    .orderBy('points', 'desc')
    .orderBy('users.name')
    .limit(boardSize)
    .execute();
  return rows.map((r) => ({ name: firstName(r.name), points: Number(r.points) }));
}

/** The session row, locked for the transaction: every change to one session waits for the one before. */
async function lockedSession(tx: Executor, eventId: string): Promise<LiveSession | undefined> {
  return forUpdate(tx, tx.selectFrom('live_sessions').selectAll().where('event_id', '=', eventId)).executeTakeFirst();
}

/** Adds a question at the end; the session is made with the first one. Not once it is finished. */
export async function addQuestion(db: DB, actor: Actor | null, eventId: string, raw: QuestionInput): Promise<LiveView> {
  const member = requireMember(actor);
  const input = questionSchema.parse(raw);
  const relation = await findLive(db, member, eventId);
  assertOnLive(member, 'run', relation);
  const at = now();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('live_sessions')
      .values({ event_id: eventId, status: 'draft', current: null, phase: 'answering', scoring: 'anonymous', created_by: member.id, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
    const session = (await lockedSession(tx, eventId))!;
    if (session.status === 'finished') throw conflict('quiz.errors.finished');
    const last = await tx.selectFrom('live_questions').select([(e) => e.fn.max<number>('position').as('top'), (e) => e.fn.countAll<number>().as('n')]).where('event_id', '=', eventId).executeTakeFirstOrThrow();
    if (Number(last.n) >= liveLimits.questionsMax) throw invalid([{ path: 'prompt', message: 'quiz.errors.too_many_questions' }]);
    await tx
      .insertInto('live_questions')
      .values({ id: newId(), event_id: eventId, position: last.top === null ? 0 : Number(last.top) + 1, prompt: input.prompt, options: JSON.stringify(input.options), correct: input.correct, created_at: at })
      .execute();
    await tx.updateTable('live_sessions').set({ updated_at: at }).where('event_id', '=', eventId).execute();
  });
  await announceLive(db, eventId);
  return liveView(db, member, eventId);
}

/** Removes a question not shown yet. */
export async function removeQuestion(db: DB, actor: Actor | null, eventId: string, questionId: string): Promise<LiveView> {
  const member = requireMember(actor);
  const relation = await findLive(db, member, eventId);
  assertOnLive(member, 'run', relation);
  await db.transaction().execute(async (tx) => {
    const session = await lockedSession(tx, eventId);
    const question = await tx.selectFrom('live_questions').selectAll().where('id', '=', questionId).where('event_id', '=', eventId).executeTakeFirst();
    if (!session || !question) throw notFound();
    const shownAlready = session.status === 'finished' || (session.status === 'running' && session.current !== null && question.position <= session.current);
    if (shownAlready) throw conflict('quiz.errors.already_shown');
    await tx.deleteFrom('live_questions').where('id', '=', questionId).execute();
  });
  await announceLive(db, eventId);
  return liveView(db, member, eventId);
}

/** The animator's moves: start (with how scores are shown), reveal, next, finish. A move the session is not ready for is refused. */
export async function control(db: DB, actor: Actor | null, eventId: string, raw: ControlInput): Promise<LiveView> {
  const member = requireMember(actor);
  const input = controlSchema.parse(raw);
  const relation = await findLive(db, member, eventId);
  assertOnLive(member, 'run', relation);
  await db.transaction().execute(async (tx) => {
    const session = await lockedSession(tx, eventId);
    if (!session) throw conflict('quiz.errors.no_questions');
    const positions = (await tx.selectFrom('live_questions').select('position').where('event_id', '=', eventId).orderBy('position').execute()).map((q) => q.position);
    const at = now();
    const set = (values: Partial<Pick<LiveSession, 'status' | 'current' | 'phase' | 'scoring'>>) => tx.updateTable('live_sessions').set({ ...values, updated_at: at }).where('event_id', '=', eventId).execute();
    const refuse = () => conflict(`quiz.errors.cannot_${input.action}`);
    switch (input.action) {
      case 'start':
        if (session.status !== 'draft') throw refuse();
        if (positions.length === 0) throw conflict('quiz.errors.no_questions');
        await set({ status: 'running', current: positions[0]!, phase: 'answering', ...(input.scoring ? { scoring: input.scoring } : {}) });
        break;
      case 'reveal':
        if (session.status !== 'running' || session.phase !== 'answering') throw refuse();
        await set({ phase: 'revealed' });
        break;
      case 'next': {
        const next = positions.find((p) => session.current !== null && p > session.current);
        if (session.status !== 'running' || session.phase !== 'revealed' || next === undefined) throw refuse();
        await set({ current: next, phase: 'answering' });
        break;
      }
      case 'finish':
        if (session.status !== 'running') throw refuse();
        await set({ status: 'finished', phase: 'revealed' });
        break;
    }
  });
  await announceLive(db, eventId);
  return liveView(db, member, eventId);
}

/** A participant's answer to the question shown, replacing theirs until it is revealed. */
export async function answer(db: DB, actor: Actor | null, eventId: string, raw: AnswerInput): Promise<LiveView> {
  const member = requireMember(actor);
  const input = answerSchema.parse(raw);
  const relation = await findLive(db, member, eventId);
  assertOnLive(member, 'answer', relation);
  await db.transaction().execute(async (tx) => {
    const session = await lockedSession(tx, eventId);
    if (!session || session.status !== 'running') throw conflict('quiz.errors.not_running');
    const question = await tx.selectFrom('live_questions').selectAll().where('event_id', '=', eventId).where('position', '=', session.current ?? -1).executeTakeFirst();
    if (!question || question.id !== input.questionId || session.phase !== 'answering') throw conflict('quiz.errors.moved_on');
    if (input.choice >= (JSON.parse(question.options) as string[]).length) throw invalid([{ path: 'choice', message: 'quiz.errors.unknown_choice' }]);
    const at = now();
    await tx
      .insertInto('live_answers')
      .values({ question_id: question.id, user_id: member.id, event_id: eventId, choice: input.choice, created_at: at })
      .onConflict((oc) => oc.columns(['question_id', 'user_id']).doUpdateSet({ choice: input.choice, created_at: at }))
      .execute();
  });
  await announceLive(db, eventId);
  return liveView(db, member, eventId);
}

/** Where an event's live questions stand, for its page (the event read already, through the access module). */
export async function liveStatusOf(db: DB, eventId: string): Promise<LiveStatus | 'none'> {
  const session = await db.selectFrom('live_sessions').select('status').where('event_id', '=', eventId).executeTakeFirst();
  return session?.status ?? 'none';
}

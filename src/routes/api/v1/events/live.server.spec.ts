import { afterAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../../tests/setup/instance';
import { person } from '../../../../../tests/setup/factories';
import { call } from '../../../../../tests/setup/api';
import { openEventStream } from '../../../../../tests/setup/sse';
import type { Actor } from '$lib/server/auth/actor';
import { createCommunity, joinCommunity } from '$lib/server/communities';
import { createEvent } from '$lib/server/events';
import { liveSchema } from '$lib/server/api/live';
import { stopListening } from '$lib/server/notifications/live';
import { translate } from '$lib/i18n';
import * as questions from './[id]/live/questions/+server';
import * as control from './[id]/live/control/+server';
import * as answer from './[id]/live/answer/+server';
import * as stream from './[id]/live/stream/+server';

const instance = useTestInstance();
const db = () => instance.db;
afterAll(stopListening);

/** Opens the session's stream as `actor`; its `live` events are read as they come. */
async function openStream(id: string, actor: Actor | null) {
  const opened = await openEventStream(stream.GET as never, actor, `/api/v1/events/${id}/live/stream`, { id });
  return { ...opened, next: async () => liveSchema.strict().parse(await opened.next('live')) };
}

describe('live questions through the API', () => {
  it('runs a question and streams each change to a participant, the right answer only once revealed', async () => {
    const [animator, ana] = [await person(db(), 'Nadia Direct'), await person(db(), 'Ana Direct')];
    const { slug } = await createCommunity(db(), animator, { name: 'Direct API', visibility: 'public', joinPolicy: 'open' });
    await joinCommunity(db(), ana, slug);
    const start = Date.now() + 3600_000;
    const { id } = await createEvent(db(), animator, { communities: [slug], title: 'Webinaire', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString(), timeZone: 'America/Toronto' });
    const params = { id };

    const bad = await call(questions.POST, 'POST', `/events/${id}/live/questions`, { as: animator, params, json: { prompt: 'Seul ?', options: ['Oui'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'options', message: translate('en', 'quiz.errors.too_few_options') });
    const added = await call(questions.POST, 'POST', `/events/${id}/live/questions`, { as: animator, params, json: { prompt: 'Capitale ?', options: ['Toronto', 'Ottawa'], correct: 1 } });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect((await call(questions.POST, 'POST', `/events/${id}/live/questions`, { as: ana, params, json: { prompt: 'Moi ?', options: ['A', 'B'] } })).status).toBe(403);

    const live = await openStream(id, ana);
    expect(await live.next()).toMatchObject({ status: 'draft', current: null });
    await call(control.POST, 'POST', `/events/${id}/live/control`, { as: animator, params, json: { action: 'start', scoring: 'named' } });
    const shown = await live.next();
    expect(shown).toMatchObject({ status: 'running', current: { prompt: 'Capitale ?', counts: null, correct: null }, can: { answer: true } });

    const answered = await call(answer.PUT, 'PUT', `/events/${id}/live/answer`, { as: ana, params, json: { questionId: shown.current!.id, choice: 1 } });
    expect(answered.status).toBe(200);
    expect((await live.next()).current).toMatchObject({ myChoice: 1, counts: null });
    await call(control.POST, 'POST', `/events/${id}/live/control`, { as: animator, params, json: { action: 'reveal' } });
    expect(await live.next()).toMatchObject({ current: { phase: 'revealed', counts: [0, 1], correct: 1 }, score: { points: 1, of: 1 }, board: [{ name: 'Ana', points: 1 }] });

    const twice = await call(control.POST, 'POST', `/events/${id}/live/control`, { as: animator, params, json: { action: 'reveal' } });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toBe(translate('en', 'quiz.errors.cannot_reveal'));
    live.close();
  });
});

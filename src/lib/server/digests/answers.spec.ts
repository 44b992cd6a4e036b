// The digest's answers section, read from the journal once per run and filtered per member: a
// question whose answer was marked in the member's window is there, one unmarked since is not, and
// two members of one run with different windows each get their own.
import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { createCommunity } from '../communities/communities';
import { joinCommunity } from '../communities/membership';
import { addComment, markAnswer } from '../posts/comments';
import { createPost } from '../posts/posts';
import { buildDigest, digestRun } from './build';

const instance = useTestInstance();
const db = () => instance.db;

describe('the answers of a digest', () => {
  it('lists the questions answered in each member’s window, still answered now, whether read for the run or alone', async () => {
    const animator = await person(db(), 'Léa Animatrice');
    const early = await person(db(), 'Ana Tôt');
    const late = await person(db(), 'Jo Tard');
    const c = await createCommunity(db(), animator, { name: `Questions ${Math.random().toString(36).slice(2, 8)}`, visibility: 'public', joinPolicy: 'open' });
    for (const member of [early, late]) await joinCommunity(db(), member, c.slug);
    const ask = async (title: string) => {
      const post = await createPost(db(), animator, c.slug, { title, body: 'Qui sait ?', kind: 'question' });
      const comment = await addComment(db(), animator, post.id, { body: 'Voici la réponse.' });
      return { post, comment };
    };
    const first = await ask('Première question');
    const second = await ask('Deuxième question');
    const dropped = await ask('Question reprise');
    await markAnswer(db(), animator, first.post.id, first.comment.id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const between = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await markAnswer(db(), animator, second.post.id, second.comment.id);
    await markAnswer(db(), animator, dropped.post.id, dropped.comment.id);
    await markAnswer(db(), animator, dropped.post.id, null);
    const at = Date.now() + 1000;
    const since = at - 60 * 60 * 1000;

    const titles = async (userId: string, from: number, run?: ReturnType<typeof digestRun>) =>
      (await buildDigest(db(), userId, 'weekly', at, from, run))?.answers.items.map((item) => item.title) ?? [];
    const run = digestRun(since, at);
    expect(await titles(early.id, since, run)).toEqual(['Deuxième question', 'Première question']);
    expect(await titles(late.id, between, run)).toEqual(['Deuxième question']);
    // The same without a run.
    expect(await titles(early.id, since)).toEqual(['Deuxième question', 'Première question']);
    expect(await titles(late.id, between)).toEqual(['Deuxième question']);
  });
});

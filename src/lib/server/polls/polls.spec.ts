import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { addMemberByEmail, createCommunity } from '../communities';
import { createPost } from '../posts';
import type { CreatePostInput } from '../posts/schemas';
import { now } from '../ids';
import { pollView, pollsOf, vote, withdrawVote } from '.';

const instance = useTestInstance();
const day = 24 * 3600 * 1000;

async function setUp(visibility: 'public' | 'private' = 'public') {
  const animator = await person(instance.db, 'Nadia Animatrice');
  const { slug } = await createCommunity(instance.db, animator, { name: `Votes ${Math.random().toString(36).slice(2, 7)}`, visibility, joinPolicy: 'open' });
  const member = async (name: string) => {
    const someone = await person(instance.db, name);
    await addMemberByEmail(instance.db, animator, slug, { email: someone.email });
    return someone;
  };
  const ask = (by: Actor, poll: CreatePostInput['poll'], extra: Partial<CreatePostInput> = {}) =>
    createPost(instance.db, by, slug, { title: 'Quel jour pour la rencontre ?', body: 'Votez', poll, ...extra }).then((p) => p.id);
  return { animator, slug, member, ask };
}

/** The options' ids in their order, as the poll's author sees them. */
const optionsOf = async (actor: Actor, postId: string) => (await pollView(instance.db, actor, postId)).options.map((o) => o.id);
const counts = async (actor: Actor | null, postId: string) => {
  const view = await pollView(instance.db, actor, postId);
  return { votes: view.options.map((o) => o.votes), voters: view.voterCount };
};
const closeNow = (postId: string) => instance.db.updateTable('polls').set({ closes_at: now() - 1000 }).where('post_id', '=', postId).execute();

describe('polls in publications', () => {
  it('counts a single-choice poll, and a changed vote replaces the earlier one', async () => {
    const { member, ask } = await setUp();
    const [ana, bruno] = [await member('Ana'), await member('Bruno')];
    const id = await ask(ana, { options: ['Lundi', 'Mardi', 'Jeudi'] });
    const [monday, tuesday, thursday] = await optionsOf(ana, id);

    const first = await vote(instance.db, ana, id, [monday!]);
    expect(first).toMatchObject({ multiple: false, closed: false, resultsVisibility: 'after_vote', voterCount: 1, myChoice: [monday], canVote: true, resultsVisible: true });
    await vote(instance.db, bruno, id, [monday!]);
    await vote(instance.db, bruno, id, [thursday!]);
    expect(await counts(ana, id)).toEqual({ votes: [1, 0, 1], voters: 2 });
    expect((await pollView(instance.db, bruno, id)).myChoice).toEqual([thursday]);

    expect(await outcome(vote(instance.db, ana, id, [monday!, tuesday!]))).toBe('invalid:polls.errors.single_choice');
    expect(await outcome(vote(instance.db, ana, id, []))).toBe('invalid:polls.errors.no_choice');
    expect(await outcome(vote(instance.db, ana, id, ['pas-un-choix']))).toBe('invalid:polls.errors.unknown_option');
    // Refused votes changed nothing.
    expect(await counts(ana, id)).toEqual({ votes: [1, 0, 1], voters: 2 });

    await withdrawVote(instance.db, bruno, id);
    expect(await counts(ana, id)).toEqual({ votes: [1, 0, 0], voters: 1 });
    expect((await pollView(instance.db, bruno, id)).myChoice).toEqual([]);
  });

  it('counts a multiple-choice poll: each option chosen, each voter once', async () => {
    const { member, ask } = await setUp();
    const [ana, bruno] = [await member('Ana'), await member('Bruno')];
    const id = await ask(ana, { options: ['Thé', 'Café', 'Jus'], multiple: true });
    const [tea, coffee, juice] = await optionsOf(ana, id);
    await vote(instance.db, ana, id, [tea!, coffee!]);
    await vote(instance.db, bruno, id, [coffee!, juice!, coffee!]);
    expect(await counts(ana, id)).toEqual({ votes: [1, 2, 1], voters: 2 });
    await vote(instance.db, ana, id, [juice!]);
    expect(await counts(ana, id)).toEqual({ votes: [0, 1, 2], voters: 2 });
    expect((await pollView(instance.db, ana, id)).myChoice).toEqual([juice]);
  });

  it('loses no vote when many arrive at once', async () => {
    const { member, ask } = await setUp();
    const voters = await Promise.all(['Ana', 'Bruno', 'Chloé', 'David', 'Emma', 'Farid'].map((name) => member(name)));
    const id = await ask(voters[0]!, { options: ['Oui', 'Non'], multiple: true });
    const [yes, no] = await optionsOf(voters[0]!, id);
    await Promise.all(voters.map((v, i) => vote(instance.db, v, id, i % 2 ? [yes!, no!] : [yes!])));
    expect(await counts(voters[0]!, id)).toEqual({ votes: [6, 3], voters: 6 });
  });

  it('hides the counts before voting (after_vote) and before closing (after_close), but not from the animators', async () => {
    const { animator, member, ask } = await setUp();
    const [ana, bruno] = [await member('Ana'), await member('Bruno')];
    const afterVote = await ask(ana, { options: ['Oui', 'Non'] });
    const afterClose = await ask(ana, { options: ['Oui', 'Non'], closesAt: now() + day, resultsVisibility: 'after_close' });
    await vote(instance.db, ana, afterVote, [(await optionsOf(ana, afterVote))[0]!]);
    await vote(instance.db, ana, afterClose, [(await optionsOf(ana, afterClose))[0]!]);

    expect(await counts(bruno, afterVote)).toEqual({ votes: [null, null], voters: null });
    expect(await counts(null, afterVote)).toEqual({ votes: [null, null], voters: null });
    expect(await counts(animator, afterVote)).toEqual({ votes: [1, 0], voters: 1 });
    // Voting shows them, under after_vote.
    expect((await vote(instance.db, bruno, afterVote, [(await optionsOf(bruno, afterVote))[1]!])).options.map((o) => o.votes)).toEqual([1, 1]);

    // Under after_close, even voters wait for the closing.
    expect(await counts(ana, afterClose)).toEqual({ votes: [null, null], voters: null });
    expect(await counts(animator, afterClose)).toEqual({ votes: [1, 0], voters: 1 });
    // The feed's batch follows the same rule, in one call for many publications.
    const batch = await pollsOf(instance.db, ana, [afterVote, afterClose, 'pas-une-publication']);
    expect([...batch.keys()].sort()).toEqual([afterVote, afterClose].sort());
    expect(batch.get(afterVote)).toMatchObject({ resultsVisible: true, voterCount: 2, myChoice: [(await optionsOf(ana, afterVote))[0]] });
    expect(batch.get(afterClose)).toMatchObject({ resultsVisible: false, voterCount: null, options: [{ votes: null }, { votes: null }] });
    expect((await pollsOf(instance.db, animator, [afterClose])).get(afterClose)).toMatchObject({ resultsVisible: true, voterCount: 1 });

    await closeNow(afterClose);
    expect(await counts(bruno, afterClose)).toEqual({ votes: [1, 0], voters: 1 });
    expect(await counts(null, afterClose)).toEqual({ votes: [1, 0], voters: 1 });
    expect((await pollsOf(instance.db, null, [afterClose])).get(afterClose)).toMatchObject({ closed: true, resultsVisible: true });
  });

  it('refuses votes on a closed poll, with its reason, and changes nothing', async () => {
    const { member, ask } = await setUp();
    const [ana, bruno] = [await member('Ana'), await member('Bruno')];
    const id = await ask(ana, { options: ['Oui', 'Non'], closesAt: now() + day });
    const [yes, no] = await optionsOf(ana, id);
    await vote(instance.db, ana, id, [yes!]);
    await closeNow(id);
    expect(await outcome(vote(instance.db, bruno, id, [no!]))).toBe('forbidden:polls.errors.closed');
    expect(await outcome(vote(instance.db, ana, id, [no!]))).toBe('forbidden:polls.errors.closed');
    expect(await outcome(withdrawVote(instance.db, ana, id))).toBe('forbidden:polls.errors.closed');
    expect(await counts(ana, id)).toEqual({ votes: [1, 0], voters: 1 });
    expect((await pollView(instance.db, bruno, id)).canVote).toBe(false);
    const rows = await instance.db.selectFrom('poll_votes').select(['option_id', 'user_id']).where('post_id', '=', id).execute();
    expect(rows).toEqual([{ option_id: yes, user_id: ana.id }]);
  });

  it('refuses a badly made poll at creation, and writes neither the poll nor the publication', async () => {
    const { member, ask } = await setUp();
    const ana = await member('Ana');
    const postsBefore = await instance.db.selectFrom('posts').select('id').execute();
    const bad: [CreatePostInput['poll'], string, Partial<CreatePostInput>?][] = [
      [{ options: ['Seul'] }, 'invalid:polls.errors.too_few_options'],
      [{ options: Array.from({ length: 11 }, (_, i) => `Choix ${i}`) }, 'invalid:polls.errors.too_many_options'],
      [{ options: ['Oui', '   '] }, 'invalid:polls.errors.option_empty'],
      [{ options: ['Oui', 'x'.repeat(201)] }, 'invalid:polls.errors.option_too_long'],
      [{ options: ['Oui', ' oui '] }, 'invalid:polls.errors.duplicate_option'],
      [{ options: ['Oui', 'Non'], closesAt: now() - day }, 'invalid:polls.errors.closes_in_past'],
      [{ options: ['Oui', 'Non'], resultsVisibility: 'after_close' }, 'invalid:polls.errors.closing_date_required'],
      [{ options: ['Oui', 'Non'] }, 'invalid:polls.errors.not_on_proposal', { kind: 'proposal' }]
    ];
    for (const [poll, expected, extra] of bad) expect(await outcome(ask(ana, poll, extra)), JSON.stringify(poll)).toBe(expected);
    expect(await instance.db.selectFrom('posts').select('id').execute()).toEqual(postsBefore);
    // Options are trimmed; any other kind may carry a poll.
    const id = await ask(ana, { options: ['  Oui ', 'Non'] }, { kind: 'question' });
    expect((await pollView(instance.db, ana, id)).options.map((o) => o.label)).toEqual(['Oui', 'Non']);
  });

  it('answers not_found to an outsider of a private community, and asks a visitor to sign in to vote', async () => {
    const { member, ask } = await setUp('private');
    const ana = await member('Ana');
    const outsider = await person(instance.db, 'Odile Dehors');
    const id = await ask(ana, { options: ['Oui', 'Non'] });
    const [yes] = await optionsOf(ana, id);
    expect(await outcome(pollView(instance.db, outsider, id))).toBe('not_found');
    expect(await outcome(pollView(instance.db, null, id))).toBe('not_found');
    expect(await outcome(vote(instance.db, outsider, id, [yes!]))).toBe('not_found');
    expect(await outcome(vote(instance.db, null, id, [yes!]))).toBe('unauthorized');
    expect(await outcome(withdrawVote(instance.db, null, id))).toBe('unauthorized');
    expect((await pollsOf(instance.db, outsider, [id])).size).toBe(0);
    // A publication without a poll has none to show.
    const plain = await createPost(instance.db, ana, (await instance.db.selectFrom('communities').select('slug').innerJoin('posts', 'posts.community_id', 'communities.id').where('posts.id', '=', id).executeTakeFirstOrThrow()).slug, { title: 'Sans vote', body: 'Rien' });
    expect(await outcome(pollView(instance.db, ana, plain.id))).toBe('not_found');
  });
});

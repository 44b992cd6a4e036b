import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import { addMemberByEmail, createCommunity } from '../communities';
import { addComment, markAnswer } from '../posts/comments';
import { createPost } from '../posts/posts';
import { updateProfile } from '../profiles';
import { createResource } from '../library';
import { suggestHelpers } from '.';

const instance = useTestInstance();
const need = "J'ai besoin d'aide sur l'évaluation d'impact";

describe('who can help me?', () => {
  it('suggests who answered, wrote and declared expertise on the topic, with the reasons, among consenting members only', async () => {
    const animatrice = await person(instance.db, 'Nadia Tremblay');
    const experte = await person(instance.db, 'Élise Gauthier');
    const discret = await person(instance.db, 'Marc Discret');
    const asker = await person(instance.db, 'Paul Nouveau');
    const { slug } = await createCommunity(instance.db, animatrice, { name: 'Évaluation en pratique', visibility: 'public' });
    for (const p of [experte, discret]) await addMemberByEmail(instance.db, animatrice, slug, { email: p.email });
    const question = await createPost(instance.db, discret, slug, { title: 'Mesurer notre impact ?', body: 'Quelle évaluation d’impact choisir ?', kind: 'question' });
    const answer = await addComment(instance.db, animatrice, question.id, { body: 'Pour l’évaluation d’impact, partez de la théorie du changement.' });
    await markAnswer(instance.db, discret, question.id, answer.id);
    await createResource(instance.db, animatrice, { kind: 'note', title: 'Guide d’évaluation d’impact', body: 'Étapes.', visibility: 'public', communities: [slug] });
    await updateProfile(instance.db, experte, { expertise: ['évaluation', 'impact social'] });
    await updateProfile(instance.db, discret, { expertise: ['évaluation'] });

    const first = await suggestHelpers(instance.db, asker, { q: need });
    expect(first.topic).toBe('évaluation impact');
    // The animator by default; the expert and the quiet member have not agreed to be suggested.
    expect(first.items.map((h) => h.name)).toEqual(['Nadia Tremblay']);
    expect(first.items[0]!.reasons).toEqual([
      { kind: 'accepted_answers', count: 1 },
      { kind: 'resources', count: 1 }
    ]);
    // Paul shares no community with her, and she takes messages from her communities only.
    expect(first.items[0]!.canWrite).toBe(false);

    await updateProfile(instance.db, experte, { suggestMe: true });
    await updateProfile(instance.db, animatrice, { suggestMe: false });
    const second = await suggestHelpers(instance.db, asker, { q: need });
    expect(second.items.map((h) => h.name)).toEqual(['Élise Gauthier']);
    expect(second.items[0]!.reasons).toEqual([{ kind: 'expertise', tags: ['évaluation', 'impact social'] }]);
    // Never oneself, nor the question's author when asked for.
    expect((await suggestHelpers(instance.db, experte, { q: need })).items).toEqual([]);
    expect((await suggestHelpers(instance.db, asker, { q: need, exclude: experte.id })).items).toEqual([]);
  });

  it('draws no reason from what the asker may not read, and asks visitors to sign in', async () => {
    const animateur = await person(instance.db, 'Animateur Privé');
    const membre = await person(instance.db, 'Membre Privé');
    const outsider = await person(instance.db, 'Dehors');
    const { slug } = await createCommunity(instance.db, animateur, { name: 'Cercle fermé', visibility: 'private' });
    await addMemberByEmail(instance.db, animateur, slug, { email: membre.email });
    const q = await createPost(instance.db, membre, slug, { title: 'Cartographie des partenaires ?', body: 'cartographie', kind: 'question' });
    const a = await addComment(instance.db, animateur, q.id, { body: 'La cartographie se fait en atelier.' });
    await markAnswer(instance.db, membre, q.id, a.id);
    const inside = await suggestHelpers(instance.db, membre, { q: 'cartographie' });
    expect(inside.items.map((h) => h.name)).toEqual(['Animateur Privé']);
    expect(inside.items[0]!.canWrite).toBe(true);
    expect((await suggestHelpers(instance.db, outsider, { q: 'cartographie' })).items).toEqual([]);
    expect(await outcome(suggestHelpers(instance.db, null, { q: 'cartographie' }))).toBe('unauthorized');
    expect((await suggestHelpers(instance.db, membre, { q: 'le la les' })).items).toEqual([]);
    // The question is on the topic: its accepted answer counts, whatever words it uses.
    const q2 = await createPost(instance.db, membre, slug, { title: 'Comment animer un webinaire ?', body: 'Première fois.', kind: 'question' });
    const a2 = await addComment(instance.db, animateur, q2.id, { body: 'Prévoyez une deuxième personne pour le clavardage.' });
    await markAnswer(instance.db, membre, q2.id, a2.id);
    expect((await suggestHelpers(instance.db, membre, { q: 'webinaires' })).items[0]!.reasons).toEqual([{ kind: 'accepted_answers', count: 1 }]);
  });
});

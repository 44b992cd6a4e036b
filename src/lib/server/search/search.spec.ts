import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTestInstance } from '../../../../tests/setup/instance';
import { outcome, person } from '../../../../tests/setup/factories';
import type { Actor } from '../auth/actor';
import { addMemberByEmail, createCommunity } from '../communities';
import { addComment, deleteComment, markAnswer } from '../posts/comments';
import { createPost, deletePost, updatePost } from '../posts/posts';
import { updateProfile } from '../profiles';
import { search } from '.';
import { reindexAll } from './reindex';
import { words } from './analyse';
import { parseQuery } from './query';

const instance = useTestInstance();

/** What the actor finds among publications (or the kind given), by title. */
const titles = async (actor: Actor | null, q: string, extra: Record<string, unknown> = {}) =>
  (await search(instance.db, actor, { q, type: 'posts', ...extra })).items.map((hit) => hit.title);

async function place(name: string, visibility: 'public' | 'private' | 'hidden' = 'public') {
  const animator = await person(instance.db, `Animatrice ${name}`);
  const community = await createCommunity(instance.db, animator, { name, visibility, joinPolicy: 'open' });
  return { animator, slug: community.slug };
}

describe('reading text as search terms', () => {
  it('folds accents and case, drops elisions and brings inclusive writing back to one word', () => {
    expect(words("L'Événement des animateur·trice·s et étudiant-e-s")).toEqual(['evenement', 'des', 'animateurs', 'et', 'etudiants']);
    expect(words('Œuvre collective, peut-être ; rendez-vous')).toEqual(['oeuvre', 'collective', 'peut', 'etre', 'rendez', 'vous']);
  });

  it('reads unbalanced quotes, operators and very long text as plain words', () => {
    const q = parseQuery('"évaluation d\'impact -AND OR NEAR( * ^');
    expect(q.clauses).toEqual([{ kind: 'phrase', words: ['evaluation', 'impact', 'and', 'or', 'near'] }]);
    const long = parseQuery('formation '.repeat(2000));
    expect(long.clauses.length).toBeLessThanOrEqual(12);
    expect(long.notes).toContain('too_long');
    expect(parseQuery('le la les et').notes).toContain('only_common_words');
    expect(parseQuery('le la les').notes).toContain('only_common_words');
    expect(parseQuery('évaluation des').clauses).toEqual([{ kind: 'stems', stems: ['evalu'] }]);
    expect(parseQuery('-stage').notes).toContain('only_exclusions');
  });
});

describe('search', () => {
  it('finds French content across accents, stems and inclusive writing, and highlights it', async () => {
    const { animator, slug } = await place('Santé publique Estrie');
    await createPost(instance.db, animator, slug, { title: 'Formation des animateur·trice·s', body: 'Un événement pour les nouvelles équipes en évaluation.' });
    await createPost(instance.db, animator, slug, { title: 'Budget annuel', body: 'Rien à voir.' });
    expect(await titles(animator, 'evenement')).toEqual(['Formation des animateur·trice·s']);
    expect(await titles(animator, 'formations')).toEqual(['Formation des animateur·trice·s']);
    expect(await titles(animator, 'animatrices')).toEqual(['Formation des animateur·trice·s']);
    expect(await titles(animator, 'ÉVALUATIONS')).toEqual(['Formation des animateur·trice·s']);
    const [hit] = (await search(instance.db, animator, { q: 'événement', type: 'posts' })).items;
    expect(hit!.excerptHtml).toContain('<mark>événement</mark>');
    expect(hit!.url).toMatch(/^\/p\//);
    expect(hit!.community).toMatchObject({ slug });
  });

  it('matches the last word as a prefix, phrases in order, and leaves out excluded words', async () => {
    const { animator, slug } = await place('Pratiques collaboratives');
    await createPost(instance.db, animator, slug, { title: 'Évaluation d’impact social', body: 'Une méthode.' });
    await createPost(instance.db, animator, slug, { title: 'Impact de l’évaluation', body: 'Une autre méthode, avec stage.' });
    const here = { community: slug };
    expect(await titles(animator, 'collabor', here)).toEqual([]);
    expect(await titles(animator, 'collabor', { ...here, type: 'communities' })).toEqual(['Pratiques collaboratives']);
    expect((await titles(animator, 'évalu', here)).sort()).toEqual(['Impact de l’évaluation', 'Évaluation d’impact social']);
    expect(await titles(animator, '"évaluation d\'impact"', here)).toEqual(['Évaluation d’impact social']);
    expect(await titles(animator, 'méthode -stage', here)).toEqual(['Évaluation d’impact social']);
  });

  it('never fails on malformed input: it searches the words or says why there is nothing', async () => {
    const { animator, slug } = await place('Requêtes étranges');
    await createPost(instance.db, animator, slug, { title: 'Guide NEAR et AND', body: 'contenu' });
    for (const q of ['"guide', 'guide"', 'NEAR(guide', 'guide*', '^guide', '{guide}', "guide' --", '(((guide']) {
      expect(await titles(animator, q), q).toEqual(['Guide NEAR et AND']);
    }
    const common = await search(instance.db, animator, { q: 'le la les et' });
    expect(common).toMatchObject({ empty: true, items: [], notes: ['only_common_words'] });
    expect(await outcome(search(instance.db, animator, { q: 'x'.repeat(20_001) }))).toBe('invalid:search.errors.too_long');
    const long = await search(instance.db, animator, { q: `guide ${'texte '.repeat(1500)}` });
    expect(long.notes).toContain('too_long');
    expect(await outcome(search(instance.db, animator, { q: 'guide', cursor: 'pas-un-curseur' }))).toBe('invalid:api.validation.cursor');
    expect(await outcome(search(instance.db, animator, { q: 'guide', from: '2026-13-45' }))).toBe('invalid:search.errors.date');
  });

  it('keeps edits and deletions in step with what is written, in the same commit', async () => {
    const { animator, slug } = await place('Écriture');
    const { id } = await createPost(instance.db, animator, slug, { title: 'Premier jet', body: 'brouillon' });
    expect(await titles(animator, 'brouillon')).toEqual(['Premier jet']);
    await updatePost(instance.db, animator, id, { title: 'Version finale', body: 'texte relu' });
    expect(await titles(animator, 'brouillon')).toEqual([]);
    expect(await titles(animator, 'relu')).toEqual(['Version finale']);
    const comment = await addComment(instance.db, animator, id, { body: 'Un commentaire sur la typographie' });
    expect((await search(instance.db, animator, { q: 'typographie' })).items.map((h) => h.type)).toEqual(['comment']);
    await deleteComment(instance.db, animator, id, comment.id);
    expect(await titles(animator, 'typographie', { type: 'comments' })).toEqual([]);
    await addComment(instance.db, animator, id, { body: 'Encore la typographie' });
    await deletePost(instance.db, animator, id);
    expect(await titles(animator, 'relu')).toEqual([]);
    expect(await titles(animator, 'typographie', { type: 'comments' })).toEqual([]);
  });

  it('never returns a private community’s content to someone outside it, and fills every page', async () => {
    const open = await place('Ouverte à tous');
    const closed = await place('Cercle fermé', 'private');
    const outsider = await person(instance.db, 'Personne Dehors');
    for (let i = 0; i < 5; i++) {
      await createPost(instance.db, closed.animator, closed.slug, { title: `Secret ${i}`, body: 'CANARYSECRET tableau' });
      await createPost(instance.db, open.animator, open.slug, { title: `Public ${i}`, body: 'tableau partagé' });
    }
    expect(await titles(outsider, 'canarysecret')).toEqual([]);
    expect(await titles(null, 'canarysecret')).toEqual([]);
    expect(await titles(closed.animator, 'canarysecret')).toHaveLength(5);
    // Pages of two: the hidden items leave no holes and the cursor walks only readable ones.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(instance.db, outsider, { q: 'tableau', limit: 2, cursor });
      expect(page.items.length === 2 || page.nextCursor === null).toBe(true);
      seen.push(...page.items.map((h) => h.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(['Public 0', 'Public 1', 'Public 2', 'Public 3', 'Public 4']);
    await expect(search(instance.db, outsider, { q: 'tableau', community: closed.slug })).resolves.toMatchObject({ items: [] });
  });

  it('ranks an answered question and its accepted answer first, and sorts by date on demand', async () => {
    const { animator, slug } = await place('Questions fréquentes');
    const old = await createPost(instance.db, animator, slug, { title: 'Comment financer un projet ?', body: 'financement', kind: 'question' });
    await createPost(instance.db, animator, slug, { title: 'Autre question de financement', body: 'financement', kind: 'question' });
    const answer = await addComment(instance.db, animator, old.id, { body: 'Le financement vient du fonds régional.' });
    await markAnswer(instance.db, animator, old.id, answer.id);
    const ranked = (await search(instance.db, animator, { q: 'financement', type: 'posts' })).items;
    expect(ranked.map((h) => h.title)).toEqual(['Comment financer un projet ?', 'Autre question de financement']);
    expect(ranked[0]!.answered).toBe(true);
    const newest = (await search(instance.db, animator, { q: 'financement', sort: 'newest' })).items;
    expect(newest.map((h) => h.type)).toEqual(['comment', 'post', 'post']);
  });

  it('finds members by what each viewer may see of their profile', async () => {
    const { animator, slug } = await place('Réseau régional', 'private');
    const colleague = await person(instance.db, 'Collègue Proche');
    const stranger = await person(instance.db, 'Inconnu Lointain');
    await addMemberByEmail(instance.db, animator, slug, { email: colleague.email });
    await updateProfile(instance.db, animator, { expertise: ['ostéopathie'], bio: 'Spécialiste CANARYBIO', visibility: { expertise: 'instance', bio: 'communities' } });
    expect(await titles(colleague, 'canarybio', { type: 'members' })).toEqual([animator.name]);
    expect(await titles(stranger, 'canarybio', { type: 'members' })).toEqual([]);
    expect(await titles(stranger, 'osteopathie', { type: 'members' })).toEqual([animator.name]);
    expect(await titles(null, 'osteopathie', { type: 'members' })).toEqual([]);
  });

  it('rebuilds the whole index from the rows, resumably', async () => {
    const { animator, slug } = await place('Reconstruction');
    await createPost(instance.db, animator, slug, { title: 'Index à refaire', body: 'reconstruire' });
    await instance.db.deleteFrom('search_documents').execute();
    if (instance.dialect === 'sqlite') await sql`INSERT INTO search_index (search_index) VALUES ('delete-all')`.execute(instance.db);
    expect(await titles(animator, 'reconstruire')).toEqual([]);
    const progress: string[] = [];
    const { indexed } = await reindexAll(instance.db, { onProgress: (p) => progress.push(p.kind) });
    expect(indexed).toBeGreaterThan(0);
    expect(progress).toContain('post');
    expect(await titles(animator, 'reconstruire')).toEqual(['Index à refaire']);
  });
});

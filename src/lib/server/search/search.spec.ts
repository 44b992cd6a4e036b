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
import { ranking } from './search';
import { up as upgradeSeqs } from '../db/migrations/0022_search_seq';
import { createEvent, updateEvent } from '../events/events';
import { reindexAll } from './reindex';
import { words } from './analyse';
import { parseQuery } from './query';
import { writeDocument } from './engines';

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

  it('gives documents of the same millisecond, written by transactions at once, each their own place', async () => {
    const at = Date.UTC(2026, 0, 1, 9);
    const written = Array.from({ length: 6 }, (_, i) => ({
      key: `post:same-ms-${i}`,
      kind: 'post' as const,
      objectId: `same-ms-${i}`,
      parentId: null,
      level: null,
      language: 'fr' as const,
      boost: 0,
      at,
      title: `Inscription simultanée ${i}`,
      body: ''
    }));
    await Promise.all(written.map((doc) => instance.db.transaction().execute((tx) => writeDocument(tx, doc))));
    const rows = await instance.db.selectFrom('search_documents').select('seq').where('key', 'like', 'post:same-ms-%').execute();
    expect(new Set(rows.map((r) => Number(r.seq))).size).toBe(6);
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

  it('ranks the newest matches a window at a time, and pages across windows without holes or repeats', async () => {
    const open = await place('Ateliers ouverts');
    const closed = await place('Ateliers fermés', 'private');
    const outsider = await person(instance.db, 'Lectrice Dehors');
    // Oldest first; every third one has the word in its title too, so it ranks first in its window.
    const created: string[] = [];
    for (let i = 0; i < 13; i++) {
      const title = i % 3 === 0 ? `Atelier ${i}` : `Rencontre ${i}`;
      await createPost(instance.db, open.animator, open.slug, { title, body: 'compte rendu de l’atelier' });
      created.push(title);
      if (i % 4 === 1) await createPost(instance.db, closed.animator, closed.slug, { title: `Fermé ${i}`, body: 'atelier interne' });
    }
    const walk = async (actor: Actor, extra: Record<string, unknown> = {}) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await search(instance.db, actor, { q: 'atelier', type: 'posts', limit: 2, cursor, ...extra });
        expect(page.items.length === 2 || page.nextCursor === null).toBe(true);
        seen.push(...page.items.map((h) => h.title));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const window = ranking.window;
    ranking.window = 5;
    try {
      // The outsider's windows hold posts they may not read: skipped, and every page still full.
      const seen = await walk(outsider);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...created].sort());
      // The open community's animator reads only the open posts too; the closed one's reads all 16.
      const all = await walk(closed.animator);
      expect(all).toHaveLength(16);
      expect(new Set(all).size).toBe(16);
      // Windows of five, newest first: the newest five matches, then the next five…
      // (Fermé n was written just after the nth.)
      const age = (title: string) => {
        const n = Number(title.split(' ')[1]);
        return n + (title.startsWith('Fermé') ? 0.5 : 0);
      };
      const windows = [all.slice(0, 5), all.slice(5, 10), all.slice(10, 15), all.slice(15)];
      for (let w = 1; w < windows.length; w++) expect(Math.min(...windows[w - 1]!.map(age))).toBeGreaterThan(Math.max(...windows[w]!.map(age)));
      // …and within a window, the title matches before the body-only ones.
      expect(windows[0]!.slice(0, 2)).toEqual(['Atelier 12', 'Atelier 9']);
      expect(windows[1]![0]).toBe('Atelier 6');
      expect(windows[2]![0]).toBe('Atelier 3');
    } finally {
      ranking.window = window;
    }
    // By date: newest first, whatever the window.
    expect((await walk(outsider, { sort: 'newest' })).slice(0, 3)).toEqual(['Atelier 12', 'Rencontre 11', 'Rencontre 10']);
  });

  it('sorts activities by their date, and a moved activity moves in the order', async () => {
    const { animator, slug } = await place('Calendrier');
    const day = 24 * 3600_000;
    const at = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 16);
    const one = await createEvent(instance.db, animator, { communities: [slug], title: 'Webinaire un', description: 'webinaire', startsAt: at(30), endsAt: at(31), timeZone: 'America/Toronto', audience: 'public' });
    await createEvent(instance.db, animator, { communities: [slug], title: 'Webinaire deux', description: 'webinaire', startsAt: at(20), endsAt: at(21), timeZone: 'America/Toronto', audience: 'public' });
    const newest = async () => (await search(instance.db, animator, { q: 'webinaire', type: 'events', sort: 'newest' })).items.map((h) => h.title);
    expect(await newest()).toEqual(['Webinaire un', 'Webinaire deux']);
    await updateEvent(instance.db, animator, one.id, { startsAt: at(10), endsAt: at(11) });
    expect(await newest()).toEqual(['Webinaire deux', 'Webinaire un']);
    expect(await titles(animator, 'webinaire', { type: 'events' })).toHaveLength(2);
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

  it('an upgrade to dated seqs queues one rebuild of the index, which leaves every document keyed by its date', async () => {
    const { animator, slug } = await place('Mise à niveau');
    await createPost(instance.db, animator, slug, { title: 'Avant la mise à niveau', body: 'ancien' });
    const queued = () => instance.db.selectFrom('jobs').select('id').where('kind', '=', 'search.reindex').where('status', '=', 'pending').execute();
    const before = (await queued()).length;
    await upgradeSeqs(instance.db);
    await upgradeSeqs(instance.db);
    expect((await queued()).length).toBe(before + (before === 0 ? 1 : 0));
    await reindexAll(instance.db);
    const docs = await instance.db.selectFrom('search_documents').select(['seq', 'at']).execute();
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(Math.floor(Number(doc.seq) / 1024)).toBe(Number(doc.at));
    expect(await titles(animator, 'ancien')).toEqual(['Avant la mise à niveau']);
  });
});

import { describe, expect, it } from 'vitest';
import { highlightAll, highlightExcerpt } from './highlight';
import { parseQuery } from './query';

const query = (q: string) => parseQuery(q).highlight;

describe('highlighting', () => {
  it('marks every form of the word in a title, escaped', () => {
    expect(highlightAll('Les Événements <b>& formations</b>', query('evenement formation'), 'fr')).toBe('Les <mark>Événements</mark> &#60;b&#62;&#38; <mark>formations</mark>&#60;/b&#62;');
    expect(highlightAll('Évaluer l’évaluation', query('évalu'), 'fr')).toBe('<mark>Évaluer</mark> l’<mark>évaluation</mark>');
  });

  it('cuts a long text around its first match, at word boundaries, and marks only whole words there', () => {
    const before = 'Un compte rendu très détaillé de la rencontre régionale, '.repeat(20);
    const text = `${before}puis un atelier sur l’évaluation d’impact social, et encore ${'des notes sur la suite. '.repeat(30)}`;
    const excerpt = highlightExcerpt(text, query('évaluations'), 'fr');
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).toContain('l’<mark>évaluation</mark> d’impact');
    expect(excerpt.replace(/<\/?mark>/g, '').length).toBeLessThanOrEqual(222);
    // The excerpt starts on a word, never inside one.
    expect(text).toContain(excerpt.slice(1, 30));
    expect(/\s/.test(text[text.indexOf(excerpt.slice(1, 30)) - 1]!)).toBe(true);
    // No match: the beginning of the text.
    expect(highlightExcerpt(text, query('zzzz'), 'fr').startsWith('Un compte rendu')).toBe(true);
  });

  it('marks the English form in French content and the word being typed', () => {
    expect(highlightExcerpt('A meeting about community meetings', query('meeting'), 'fr')).toBe('A <mark>meeting</mark> about community <mark>meetings</mark>');
    expect(highlightExcerpt('Rencontre des animatrices', query('rencontre anim'), 'fr')).toBe('<mark>Rencontre</mark> des <mark>animatrices</mark>');
  });
});

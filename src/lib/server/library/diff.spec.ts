import { describe, expect, it } from 'vitest';
import { diffFields, diffSummary, diffTexts, type DiffBlock, type DiffLine } from './diff';

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
const changedLines = (blocks: DiffBlock[]): DiffLine[] => blocks.filter((b) => b.kind === 'change').flatMap((b) => b.lines);

describe('diffTexts', () => {
  it('finds no change between identical texts', () => {
    const text = lines(20).join('\n');
    const blocks = diffTexts(text, text);
    expect(blocks.some((b) => b.kind === 'change')).toBe(false);
    expect(diffSummary(blocks)).toEqual({ added: 0, removed: 0, changed: 0 });
    expect(diffTexts('', '')).toEqual([]);
  });

  it('shows a changed word as removed and added inside one changed line', () => {
    const blocks = diffTexts('Le chat dort sur le tapis.\n', 'Le chien dort sur le tapis.\n');
    const changed = changedLines(blocks);
    expect(changed).toHaveLength(1);
    const [line] = changed;
    expect(line).toMatchObject({ kind: 'changed', oldNumber: 1, newNumber: 1 });
    expect(line!.parts).toContainEqual({ text: 'chat', change: 'removed' });
    expect(line!.parts).toContainEqual({ text: 'chien', change: 'added' });
    expect(line!.parts.filter((p) => p.change === 'same').map((p) => p.text).join('')).toBe('Le  dort sur le tapis.');
    expect(diffSummary(blocks)).toEqual({ added: 0, removed: 0, changed: 1 });
  });

  it('keeps unrelated replacement lines apart as removed then added', () => {
    const blocks = diffTexts('intro\nThe cat sat on the mat.\noutro\n', 'intro\nA storm is coming tonight!\noutro\n');
    expect(changedLines(blocks).map((l) => [l.kind, l.oldNumber, l.newNumber])).toEqual([
      ['removed', 2, null],
      ['added', null, 2]
    ]);
  });

  it('collapses long unchanged runs into skipped blocks with three lines of context', () => {
    const before = lines(30);
    const after = [...before];
    after[14] = 'line 15, edited';
    const blocks = diffTexts(before.join('\n'), after.join('\n'));
    expect(blocks.map((b) => b.kind)).toEqual(['skipped', 'context', 'change', 'context', 'skipped']);
    expect(blocks[0]!.skipped).toBe(11);
    expect(blocks[1]!.lines.map((l) => l.oldNumber)).toEqual([12, 13, 14]);
    expect(blocks[3]!.lines.map((l) => l.newNumber)).toEqual([16, 17, 18]);
    expect(blocks[4]!.skipped).toBe(12);
  });

  it('collapses only runs longer than six lines between two changes', () => {
    const before = lines(20);
    const after = [...before];
    after[0] = 'line 1 edited';
    after[7] = 'line 8 edited'; // six unchanged lines between: shown in full
    after[17] = 'line 18 edited'; // nine unchanged lines between: three skipped
    const blocks = diffTexts(before.join('\n'), after.join('\n'));
    expect(blocks.map((b) => b.kind)).toEqual(['change', 'context', 'change', 'context', 'skipped', 'context', 'change', 'context']);
    expect(blocks[1]!.lines).toHaveLength(6);
    expect(blocks[4]!.skipped).toBe(3);
  });

  it('shows every line as added when there was no text before', () => {
    const blocks = diffTexts('', 'one\ntwo\nthree');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.lines.map((l) => [l.kind, l.newNumber, l.parts[0]!.text])).toEqual([
      ['added', 1, 'one'],
      ['added', 2, 'two'],
      ['added', 3, 'three']
    ]);
    expect(diffSummary(blocks)).toEqual({ added: 3, removed: 0, changed: 0 });
  });

  it('treats CRLF and LF, and a missing final newline, as no change', () => {
    expect(diffSummary(diffTexts('a\r\nb\r\nc\r\n', 'a\nb\nc\n'))).toEqual({ added: 0, removed: 0, changed: 0 });
    expect(diffSummary(diffTexts('a\nb\nc', 'a\nb\nc\n'))).toEqual({ added: 0, removed: 0, changed: 0 });
    const blocks = diffTexts('a\nb', 'a\nb\nc');
    expect(changedLines(blocks).map((l) => [l.kind, l.parts[0]!.text])).toEqual([['added', 'c']]);
  });

  it('numbers lines of both versions across additions and removals', () => {
    const blocks = diffTexts('a\nb\nc\nd\n', 'a\nc\nnew\nd\n');
    const all = blocks.flatMap((b) => b.lines).map((l) => [l.kind, l.oldNumber, l.newNumber]);
    expect(all).toEqual([
      ['same', 1, 1],
      ['removed', 2, null],
      ['same', 3, 2],
      ['added', null, 3],
      ['same', 4, 4]
    ]);
  });

  it('diffs long texts quickly, without word diffs on very long lines', () => {
    const paragraph = (seed: string) => Array.from({ length: 400 }, (_, i) => `${seed}${i}`).join(' ');
    const before = Array.from({ length: 40 }, (_, i) => (i % 2 ? paragraph(`w${i}-`) : `Short line ${i}`)).join('\n');
    const after = before
      .split('\n')
      .map((line, i) => (i % 2 ? paragraph(`x${i}-`) : `${line} edited`))
      .join('\n');
    expect(before.length).toBeGreaterThan(40000);
    const started = performance.now();
    const blocks = diffTexts(before, after);
    expect(performance.now() - started).toBeLessThan(3000);
    const summary = diffSummary(blocks);
    // Short lines pair into changed lines; the 2,000+ character lines are replaced wholesale.
    expect(summary).toEqual({ added: 20, removed: 20, changed: 20 });
  });
});

describe('diffFields', () => {
  it('lists only the fields that differ, with word pieces', () => {
    const fields = diffFields(
      { title: 'Guide de pratique', summary: 'Un résumé', licence: 'CC BY 4.0', doi: null },
      { title: 'Guide de bonne pratique', summary: 'Un résumé', licence: 'CC BY-SA 4.0', doi: '' }
    );
    expect(fields.map((f) => f.field)).toEqual(['title', 'licence']);
    expect(fields[0]!.parts.filter((p) => p.change === 'added').map((p) => p.text.trim())).toEqual(['bonne']);
    expect(fields[0]).toMatchObject({ before: 'Guide de pratique', after: 'Guide de bonne pratique' });
  });

  it('shows a field that appears or disappears as wholly added or removed', () => {
    const fields = diffFields({ summary: null }, { summary: 'Nouveau', title: 'Titre' });
    expect(fields).toEqual([
      { field: 'summary', before: null, after: 'Nouveau', parts: [{ text: 'Nouveau', change: 'added' }] },
      { field: 'title', before: null, after: 'Titre', parts: [{ text: 'Titre', change: 'added' }] }
    ]);
  });
});

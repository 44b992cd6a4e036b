// What changed between two revisions of a text, shaped for reading rather than patching: lines
// paired into "changed" lines with word-level pieces when they still resemble each other, and
// long unchanged runs collapsed to a few lines of context, as in a unified diff.
import { diffLines, diffWordsWithSpace } from 'diff';

export type DiffPart = { text: string; change: 'same' | 'added' | 'removed' };
export type DiffLine = {
  kind: 'same' | 'added' | 'removed' | 'changed';
  oldNumber: number | null;
  newNumber: number | null;
  parts: DiffPart[];
};
/** A `skipped` block stands for `skipped` unchanged lines that are not shown (its `lines` is empty). */
export type DiffBlock = { kind: 'context' | 'change' | 'skipped'; lines: DiffLine[]; skipped?: number };
export type FieldDiff = { field: string; before: string | null; after: string | null; parts: DiffPart[] };

/** Unchanged lines kept on each side of a change. */
const contextLines = 3;
/** Word diffs are quadratic in the worst case: longer lines are shown as removed then added. */
const wordDiffMaxLength = 2000;
/** Share of a line's characters (whitespace aside) that must survive for it to count as changed. */
const similarityThreshold = 0.4;
const lineDiffTimeoutMs = 2000;
const wordDiffTimeoutMs = 100;

function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** The lines of a text; a final newline does not start an extra empty line. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Word-level pieces, or null when the strings are too long or the diff took too long. */
function wordParts(before: string, after: string): DiffPart[] | null {
  if (before.length > wordDiffMaxLength || after.length > wordDiffMaxLength) return null;
  const changes = diffWordsWithSpace(before, after, { timeout: wordDiffTimeoutMs });
  if (!changes) return null;
  return changes.map((c) => ({ text: c.value, change: c.added ? 'added' : c.removed ? 'removed' : 'same' }));
}

const visibleLength = (text: string) => text.replace(/\s+/g, '').length;

function isSimilar(before: string, after: string, parts: DiffPart[]): boolean {
  const total = visibleLength(before) + visibleLength(after);
  if (total === 0) return true;
  const kept = parts.filter((p) => p.change === 'same').reduce((sum, p) => sum + visibleLength(p.text), 0);
  // Kept characters count once in each version.
  return (2 * kept) / total > similarityThreshold;
}

type Counter = { old: number; new: number };

const sameLine = (text: string, at: Counter): DiffLine => ({ kind: 'same', oldNumber: ++at.old, newNumber: ++at.new, parts: [{ text, change: 'same' }] });
const removedLine = (text: string, at: Counter): DiffLine => ({ kind: 'removed', oldNumber: ++at.old, newNumber: null, parts: [{ text, change: 'removed' }] });
const addedLine = (text: string, at: Counter): DiffLine => ({ kind: 'added', oldNumber: null, newNumber: ++at.new, parts: [{ text, change: 'added' }] });

/**
 * One hunk of removed and added lines. Lines are paired by position; a pair that still looks alike
 * becomes one changed line, others stay apart. Removed lines come before added ones between two
 * changed lines, so the reading order follows both versions.
 */
function hunkLines(removed: string[], added: string[], at: Counter): DiffLine[] {
  const out: DiffLine[] = [];
  const pendingRemoved: string[] = [];
  const pendingAdded: string[] = [];
  const flush = () => {
    for (const text of pendingRemoved.splice(0)) out.push(removedLine(text, at));
    for (const text of pendingAdded.splice(0)) out.push(addedLine(text, at));
  };
  const pairs = Math.min(removed.length, added.length);
  for (let i = 0; i < pairs; i++) {
    const before = removed[i]!;
    const after = added[i]!;
    const parts = wordParts(before, after);
    if (parts && isSimilar(before, after, parts)) {
      flush();
      out.push({ kind: 'changed', oldNumber: ++at.old, newNumber: ++at.new, parts });
    } else {
      pendingRemoved.push(before);
      pendingAdded.push(after);
    }
  }
  pendingRemoved.push(...removed.slice(pairs));
  pendingAdded.push(...added.slice(pairs));
  flush();
  return out;
}

/** Every line of both versions in order, before collapsing. */
function allLines(before: string, after: string): DiffLine[] {
  // Both texts end with a newline so that a missing final newline is not reported as a change.
  const withBreak = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
  const oldText = withBreak(before);
  const newText = withBreak(after);
  // On a timeout, fall back to "everything was replaced" rather than hanging the request.
  const changes = diffLines(oldText, newText, { timeout: lineDiffTimeoutMs }) ?? [
    { value: oldText, added: false, removed: true, count: 0 },
    { value: newText, added: true, removed: false, count: 0 }
  ];
  const at: Counter = { old: 0, new: 0 };
  const lines: DiffLine[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  for (const change of changes) {
    if (change.removed) removed.push(...splitLines(change.value));
    else if (change.added) added.push(...splitLines(change.value));
    else {
      lines.push(...hunkLines(removed, added, at));
      removed = [];
      added = [];
      for (const text of splitLines(change.value)) lines.push(sameLine(text, at));
    }
  }
  lines.push(...hunkLines(removed, added, at));
  return lines;
}

/** Cuts lines into runs of unchanged and changed lines, collapsing what is far from any change. */
function toBlocks(lines: DiffLine[]): DiffBlock[] {
  const blocks: DiffBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const same = lines[i]!.kind === 'same';
    let j = i;
    while (j < lines.length && (lines[j]!.kind === 'same') === same) j++;
    const run = lines.slice(i, j);
    if (!same) blocks.push({ kind: 'change', lines: run });
    else blocks.push(...collapse(run, i > 0, j < lines.length));
    i = j;
  }
  return blocks;
}

function collapse(run: DiffLine[], changeBefore: boolean, changeAfter: boolean): DiffBlock[] {
  const head = changeBefore ? contextLines : 0;
  const tail = changeAfter ? contextLines : 0;
  const hidden = run.length - head - tail;
  if (hidden <= 0) return [{ kind: 'context', lines: run }];
  const blocks: DiffBlock[] = [];
  if (head) blocks.push({ kind: 'context', lines: run.slice(0, head) });
  blocks.push({ kind: 'skipped', lines: [], skipped: hidden });
  if (tail) blocks.push({ kind: 'context', lines: run.slice(run.length - tail) });
  return blocks;
}

/** The readable diff between two versions of a Markdown text (CRLF and LF count as the same). */
export function diffTexts(before: string, after: string): DiffBlock[] {
  return toBlocks(allLines(normalise(before), normalise(after)));
}

/** How many lines were added, removed and changed. */
export function diffSummary(blocks: DiffBlock[]): { added: number; removed: number; changed: number } {
  const summary = { added: 0, removed: 0, changed: 0 };
  for (const block of blocks) {
    if (block.kind !== 'change') continue;
    for (const line of block.lines) if (line.kind !== 'same') summary[line.kind]++;
  }
  return summary;
}

/**
 * The short fields (title, summary, licence…) that differ, in the order they first appear, each
 * with word-level pieces. An empty value and a missing one count as the same.
 */
export function diffFields(before: Record<string, string | null>, after: Record<string, string | null>): FieldDiff[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const out: FieldDiff[] = [];
  for (const field of fields) {
    const oldValue = before[field] ?? null;
    const newValue = after[field] ?? null;
    const oldText = normalise(oldValue ?? '');
    const newText = normalise(newValue ?? '');
    if (oldText === newText) continue;
    const parts = wordParts(oldText, newText) ?? [
      { text: oldText, change: 'removed' as const },
      { text: newText, change: 'added' as const }
    ].filter((p) => p.text !== '');
    out.push({ field, before: oldValue, after: newValue, parts });
  }
  return out;
}

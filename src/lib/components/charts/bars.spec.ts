import { describe, expect, it } from 'vitest';
import { barLayout, formatCount, formatPercent } from './bars';

const rows = (...counts: number[]) => counts.map((count, i) => ({ label: `Choice ${i + 1}`, count }));

describe('barLayout', () => {
  it('draws bars in proportion to the largest count, which fills the width', () => {
    const layout = barLayout(rows(40, 20, 10), { width: 400 });
    expect(layout.rows.map((row) => row.barWidth)).toEqual([400, 200, 100]);
  });

  it('gives a zero count no bar, and keeps a tiny one visible', () => {
    const [, none, tiny] = barLayout(rows(1000, 0, 1), { width: 400 }).rows;
    expect(none?.barWidth).toBe(0);
    expect(tiny?.barWidth).toBeGreaterThan(0);
    // Nothing answered at all: no bars, no division by zero.
    expect(barLayout(rows(0, 0)).rows.map((row) => [row.barWidth, row.percent])).toEqual([[0, 0], [0, 0]]);
  });

  it('takes percentages of the sum of counts by default', () => {
    expect(barLayout(rows(3, 1)).rows.map((row) => row.percent)).toEqual([75, 25]);
  });

  it('takes percentages of an explicit total, so multiple-choice shares may add up past 100', () => {
    const layout = barLayout(rows(8, 6, 2), { total: 10 });
    expect(layout.rows.map((row) => row.percent)).toEqual([80, 60, 20]);
    expect(layout.rows.reduce((sum, row) => sum + row.percent, 0)).toBe(160);
  });

  it('puts each label on its own line above its bar when labelWidth is 0', () => {
    const layout = barLayout(rows(5, 3), { labelWidth: 0 });
    for (const row of layout.rows) {
      expect(row.barX).toBe(0);
      expect(row.labelY).toBeLessThanOrEqual(row.barY);
      expect(row.labelY).toBeGreaterThan(row.y);
    }
    const [first, second] = layout.rows;
    if (!first || !second) throw new Error('two rows expected');
    expect(second.y).toBeGreaterThanOrEqual(first.barY + first.barHeight);
    expect(layout.height).toBe(second.barY + second.barHeight);
  });

  it('puts labels in a left column when given one, bars starting after it', () => {
    const [row] = barLayout(rows(5), { labelWidth: 120, width: 480 }).rows;
    expect(row).toMatchObject({ barX: 120, barWidth: 360, labelY: row?.valueY });
  });

  it('moves the value text inside a bar too long to leave room after it', () => {
    const [long, short] = barLayout(rows(100, 10), { width: 400 }).rows;
    if (!long || !short) throw new Error('two rows expected');
    expect(long.valueInside).toBe(true);
    expect(long.valueX).toBeLessThan(long.barX + long.barWidth);
    expect(short.valueInside).toBe(false);
    expect(short.valueX).toBeGreaterThan(short.barX + short.barWidth);
  });

  it('shortens a label that would run out of the chart, keeping the whole label on the row', () => {
    const label = 'Organiser des rencontres régulières entre les membres des différentes régions du réseau';
    const [row] = barLayout([{ label, count: 1 }], { width: 360 }).rows;
    expect(row?.label).toBe(label);
    const drawn = row?.labelText ?? '';
    expect(drawn.endsWith('…')).toBe(true);
    expect(label.startsWith(drawn.slice(0, -1))).toBe(true);
    expect(barLayout(rows(1)).rows[0]?.labelText).toBe('Choice 1');
  });

  it('has no height without rows', () => {
    expect(barLayout([])).toEqual({ width: 480, height: 0, rows: [] });
  });
});

describe('formatPercent', () => {
  it('writes French with a non-breaking space before the sign and English without one', () => {
    const fr = formatPercent(42, 'fr');
    // ICU gives U+00A0 today; newer CLDR data may switch to the narrow U+202F. Never a plain space.
    expect(fr).toMatch(/^42[\u00a0\u202f]%$/);
    expect(formatPercent(42, 'en')).toBe('42%');
  });

  it('rounds to whole percents', () => {
    expect(formatPercent(100 / 3, 'en')).toBe('33%');
    expect(formatPercent(150, 'en')).toBe('150%');
  });

  it('shows a small share with one decimal and never as 0 %', () => {
    expect(formatPercent(0.4, 'en')).toBe('0.4%');
    expect(formatPercent(0.4, 'fr')).toMatch(/^0,4[\u00a0\u202f]%$/);
    expect(formatPercent(0.01, 'en')).toBe('0.1%');
    // Just under 1 rounds up to a whole percent rather than reading "1.0%".
    expect(formatPercent(0.97, 'en')).toBe('1%');
  });

  it('writes a true zero, or a number that is not one, as 0', () => {
    expect(formatPercent(0, 'en')).toBe('0%');
    expect(formatPercent(Number.NaN, 'en')).toBe('0%');
  });
});

describe('formatCount', () => {
  it('groups thousands as each language does', () => {
    expect(formatCount(1234, 'en')).toBe('1,234');
    expect(formatCount(1234, 'fr')).toMatch(/^1[\u00a0\u202f]234$/);
  });
});

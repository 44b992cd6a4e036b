// Geometry and number formatting for BarChart.svelte, kept free of Svelte so it can be tested alone.
// Lengths are SVG user units: the chart scales to its container through its viewBox.

export type ChartLocale = 'fr' | 'en';

export type BarLayoutOptions = {
  /** What percentages are taken of; defaults to the sum of counts (not for multiple-choice questions). */
  total?: number;
  width?: number;
  barHeight?: number;
  gap?: number;
  /** Left column for the row labels; 0 puts each label on its own line above its bar (best on a phone). */
  labelWidth?: number;
};

export type BarGeometry = {
  /** Top of the row. */
  y: number;
  labelX: number;
  /** The label as drawn: shortened with "…" when it would run past its room (the table keeps it whole). */
  labelText: string;
  /** Baseline of the row's label. */
  labelY: number;
  barX: number;
  barY: number;
  barWidth: number;
  barHeight: number;
  /** Share of the total, 0 to 100 (more when `total` is smaller than the sum, as for multiple choices). */
  percent: number;
  valueX: number;
  valueY: number;
  /** The "count (percent)" text sits inside the end of the bar, anchored at its end. */
  valueInside: boolean;
};

/** Font size the geometry assumes; the component sets it on the svg. */
export const FONT_SIZE = 14;
const LABEL_LINE = 20;
const MIN_BAR = 2;
const VALUE_PAD = 6;
// Text is not measured on the server: a glyph is taken as 0.6 em, generous for digits in system fonts.
const GLYPH = FONT_SIZE * 0.6;
// Letters run narrower than digits; a label is cut only when even this estimate would overflow.
const LETTER = FONT_SIZE * 0.55;

function fitLabel(label: string, room: number): string {
  const chars = Array.from(label);
  const fits = Math.max(1, Math.floor(room / LETTER));
  return chars.length <= fits ? label : `${chars.slice(0, fits - 1).join('').trimEnd()}…`;
}

/** A negative or missing count draws as nothing rather than a bar going backwards. */
const drawnCount = (count: number) => (Number.isFinite(count) && count > 0 ? count : 0);

export function barLayout<R extends { label: string; count: number }>(rows: R[], options: BarLayoutOptions = {}) {
  const { width = 480, barHeight = 24, gap = 12, labelWidth = 0 } = options;
  const counts = rows.map((row) => drawnCount(row.count));
  const total = options.total ?? counts.reduce((sum, count) => sum + count, 0);
  const largest = Math.max(0, ...counts);
  const barArea = Math.max(0, width - labelWidth);
  const labelAbove = labelWidth <= 0;
  const rowHeight = (labelAbove ? LABEL_LINE : 0) + barHeight;

  const out = rows.map((row, i): R & BarGeometry => {
    const count = drawnCount(row.count);
    const y = i * (rowHeight + gap);
    const barY = labelAbove ? y + LABEL_LINE : y;
    const middle = barY + barHeight / 2 + FONT_SIZE * 0.35;
    const barX = labelAbove ? 0 : labelWidth;
    const barWidth = count === 0 || largest === 0 ? 0 : Math.max(MIN_BAR, (count / largest) * barArea);
    // Room for "1234 (100 %)": digits, a group separator, the space and the bracketed percent.
    const valueRoom = (String(count).length + 9) * GLYPH;
    const valueInside = barX + barWidth + VALUE_PAD + valueRoom > width && barWidth >= valueRoom + 2 * VALUE_PAD;
    return {
      ...row,
      y,
      labelX: 0,
      labelText: fitLabel(row.label, labelAbove ? width : labelWidth - VALUE_PAD),
      labelY: labelAbove ? y + FONT_SIZE : middle,
      barX,
      barY,
      barWidth,
      barHeight,
      percent: total > 0 ? (count / total) * 100 : 0,
      valueX: valueInside ? barX + barWidth - VALUE_PAD : barX + barWidth + VALUE_PAD,
      valueY: middle,
      valueInside
    };
  });
  return { width, height: rows.length ? rows.length * (rowHeight + gap) - gap : 0, rows: out };
}

const formats = new Map<string, Intl.NumberFormat>();
/** Building an Intl.NumberFormat costs far more than using one: one per locale and style, kept. */
function numberFormat(locale: ChartLocale, digits: number | null): Intl.NumberFormat {
  const key = `${locale}:${digits ?? 'count'}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, digits === null ? {} : { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(key, format);
  }
  return format;
}

/**
 * A percentage (0–100) rounded to whole percents, with one decimal below 1 % so that a small but
 * non-zero share never reads as "0 %": fr "42 %" (non-breaking space), en "42%".
 */
export function formatPercent(value: number, locale: ChartLocale): string {
  const safe = Number.isFinite(value) && value > 0 ? value : 0;
  const small = safe > 0 && Math.round(safe * 10) / 10 < 1;
  return numberFormat(locale, small ? 1 : 0).format((small ? Math.max(safe, 0.1) : safe) / 100);
}

export function formatCount(count: number, locale: ChartLocale): string {
  return numberFormat(locale, null).format(Number.isFinite(count) ? count : 0);
}

/**
 * Small SVG chart builders for reports: a radar (self vs others), horizontal
 * bars (tier distribution) and a line (monthly trend). Pure string builders,
 * no DOM; every text is XML-escaped.
 *
 * @module
 */

/** Colours used by the charts (self, others, bars, line). */
export const CHART_COLOURS = {
  primary: '#2563eb',
  secondary: '#f97316',
  grid: '#d1d5db',
  text: '#374151',
} as const;

const FONT = "font-family=\"'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif\"";

/** Escape text for SVG/XML content and attributes. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const fixed = (value: number) => Number(value.toFixed(2)).toString();

/** A series on a radar chart. */
export interface RadarSeries {
  name: string;
  /** One value per axis; `null` leaves the point at the centre. */
  values: readonly (number | null)[];
  colour?: string;
}

/** Options for {@link radarChart}. */
export interface RadarChartOptions {
  axes: readonly string[];
  series: readonly RadarSeries[];
  /** Scale bounds (e.g. 1–5). */
  min: number;
  max: number;
  size?: number;
  title?: string;
}

/**
 * A radar chart, e.g. a 360° result's dimensions, self against others.
 *
 * @example
 * ```ts
 * radarChart({ axes: ['领导力', '协作'], min: 1, max: 5, series: [{ name: '自评', values: [5, 4] }, { name: '他评', values: [4, 3.5] }] });
 * ```
 */
export function radarChart(options: RadarChartOptions): string {
  const size = options.size ?? 360;
  // Room beside the plot for axis labels that run outwards.
  const side = 110;
  const width = size + 2 * side;
  const centreX = width / 2;
  const centreY = size / 2;
  const radius = size / 2 - 50;
  const count = options.axes.length;
  const angle = (index: number) => -Math.PI / 2 + (2 * Math.PI * index) / Math.max(count, 1);
  const point = (index: number, fraction: number): [number, number] => [
    centreX + Math.cos(angle(index)) * radius * fraction,
    centreY + Math.sin(angle(index)) * radius * fraction,
  ];
  const span = options.max - options.min || 1;
  const parts: string[] = [];
  for (const ring of [0.25, 0.5, 0.75, 1]) {
    const ringPoints = options.axes.map((_, index) => point(index, ring).map(fixed).join(',')).join(' ');
    parts.push(
      `<polygon points="${ringPoints}" fill="none" stroke="${CHART_COLOURS.grid}" stroke-width="1"/>`,
    );
  }
  options.axes.forEach((axis, index) => {
    const [x, y] = point(index, 1);
    const [lx, ly] = point(index, 1.14);
    const anchor = Math.abs(lx - centreX) < 4 ? 'middle' : lx > centreX ? 'start' : 'end';
    parts.push(
      `<line x1="${fixed(centreX)}" y1="${fixed(centreY)}" x2="${fixed(x)}" y2="${fixed(y)}" stroke="${CHART_COLOURS.grid}"/>`,
      `<text x="${fixed(lx)}" y="${fixed(ly)}" text-anchor="${anchor}" dominant-baseline="middle" font-size="12" fill="${CHART_COLOURS.text}">${escapeXml(axis)}</text>`,
    );
  });
  const palette = [CHART_COLOURS.secondary, CHART_COLOURS.primary];
  options.series.forEach((series, seriesIndex) => {
    const colour = series.colour ?? palette[seriesIndex % palette.length]!;
    const points = series.values
      .map((value, index) => {
        const fraction = value === null ? 0 : Math.min(1, Math.max(0, (value - options.min) / span));
        return point(index, fraction).map(fixed).join(',');
      })
      .join(' ');
    parts.push(
      `<polygon class="series" data-series="${escapeXml(series.name)}" points="${points}" fill="${colour}" fill-opacity="0.18" stroke="${colour}" stroke-width="2"/>`,
    );
    parts.push(
      `<rect x="${12}" y="${12 + seriesIndex * 18}" width="12" height="12" fill="${colour}"/>`,
      `<text x="30" y="${22 + seriesIndex * 18}" font-size="12" fill="${CHART_COLOURS.text}">${escapeXml(series.name)}</text>`,
    );
  });
  return svg(width, size, options.title, parts);
}

/** One bar. */
export interface Bar {
  label: string;
  value: number;
  /** Text after the bar (default: the value). */
  valueText?: string;
}

/** Options for {@link barChart}. */
export interface BarChartOptions {
  bars: readonly Bar[];
  width?: number;
  title?: string;
  colour?: string;
  /** Room for the value text after each bar (default 90). */
  valueWidth?: number;
}

/**
 * Horizontal bars, e.g. the number of accounts per tier. Bar lengths are
 * proportional to the values (the largest fills the plot width).
 */
export function barChart(options: BarChartOptions): string {
  const width = options.width ?? 560;
  const rowHeight = 30;
  const labelWidth = 120;
  const valueWidth = options.valueWidth ?? 90;
  const top = options.title ? 30 : 8;
  const plot = width - labelWidth - valueWidth;
  const largest = Math.max(0, ...options.bars.map((bar) => bar.value));
  const parts: string[] = [];
  if (options.title) {
    parts.push(
      `<text x="0" y="18" font-size="14" font-weight="bold" fill="${CHART_COLOURS.text}">${escapeXml(options.title)}</text>`,
    );
  }
  options.bars.forEach((bar, index) => {
    const y = top + index * rowHeight;
    const length = largest > 0 ? (Math.max(0, bar.value) / largest) * plot : 0;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + rowHeight / 2}" text-anchor="end" dominant-baseline="middle" font-size="13" fill="${CHART_COLOURS.text}">${escapeXml(bar.label)}</text>`,
      `<rect class="bar" x="${labelWidth}" y="${y + 5}" width="${fixed(length)}" height="${rowHeight - 10}" rx="3" fill="${options.colour ?? CHART_COLOURS.primary}"/>`,
      `<text x="${fixed(labelWidth + length + 6)}" y="${y + rowHeight / 2}" dominant-baseline="middle" font-size="12" fill="${CHART_COLOURS.text}">${escapeXml(bar.valueText ?? String(bar.value))}</text>`,
    );
  });
  return svg(width, top + options.bars.length * rowHeight + 8, options.title, parts);
}

/** Options for {@link lineChart}. */
export interface LineChartOptions {
  points: readonly { label: string; value: number }[];
  width?: number;
  height?: number;
  title?: string;
  /** Formats the axis values (default: the number). */
  format?: (value: number) => string;
}

/**
 * A line over labelled points, e.g. twelve months of revenue. The y axis
 * starts at 0 and ends at the largest value.
 */
export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 560;
  const height = options.height ?? 220;
  const left = 70;
  const right = 16;
  const top = options.title ? 34 : 12;
  const bottom = 30;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const format = options.format ?? ((value: number) => String(value));
  const largest = Math.max(0, ...options.points.map((point) => point.value));
  const x = (index: number) =>
    left + (options.points.length <= 1 ? plotWidth / 2 : (index / (options.points.length - 1)) * plotWidth);
  const y = (value: number) => top + plotHeight - (largest > 0 ? (value / largest) * plotHeight : 0);
  const parts: string[] = [];
  if (options.title) {
    parts.push(
      `<text x="0" y="18" font-size="14" font-weight="bold" fill="${CHART_COLOURS.text}">${escapeXml(options.title)}</text>`,
    );
  }
  for (const fraction of [0, 0.5, 1]) {
    const value = largest * fraction;
    parts.push(
      `<line x1="${left}" y1="${fixed(y(value))}" x2="${width - right}" y2="${fixed(y(value))}" stroke="${CHART_COLOURS.grid}"/>`,
      `<text x="${left - 6}" y="${fixed(y(value))}" text-anchor="end" dominant-baseline="middle" font-size="11" fill="${CHART_COLOURS.text}">${escapeXml(format(value))}</text>`,
    );
  }
  const path = options.points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${fixed(x(index))},${fixed(y(point.value))}`)
    .join(' ');
  parts.push(
    `<path class="line" d="${path}" fill="none" stroke="${CHART_COLOURS.primary}" stroke-width="2.5"/>`,
  );
  options.points.forEach((point, index) => {
    parts.push(
      `<circle cx="${fixed(x(index))}" cy="${fixed(y(point.value))}" r="3" fill="${CHART_COLOURS.primary}"/>`,
    );
    if (options.points.length <= 12 || index % 2 === 0) {
      parts.push(
        `<text x="${fixed(x(index))}" y="${height - 10}" text-anchor="middle" font-size="11" fill="${CHART_COLOURS.text}">${escapeXml(point.label)}</text>`,
      );
    }
  });
  return svg(width, height, options.title, parts);
}

function svg(width: number, height: number, title: string | undefined, parts: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fixed(width)}" height="${fixed(height)}" viewBox="0 0 ${fixed(width)} ${fixed(height)}" ${FONT} role="img">`,
    title ? `<title>${escapeXml(title)}</title>` : '',
    ...parts,
    '</svg>',
  ].join('');
}

/**
 * The number policy: how every figure a person reads is rounded, grouped and
 * compared.
 *
 * - **Rounding is decimal, half away from zero.** A number is taken as the
 *   shortest decimal that reads back as the same double (what `String(x)`
 *   prints: `19.985`, `0.3005`), and rounded on those digits with integer
 *   arithmetic — never `toFixed`, whose binary rounding turns 19.985 into
 *   `19.98` and 1.005 into `1.00`.
 * - **Thousands separators in both locales** (`12,345.6`).
 * - **Percentages carry one decimal everywhere** (`80.0%`, `+12.5%`). When a
 *   figure is set against a threshold and both would read the same, both are
 *   shown with more decimals ({@link formatPercentPair}) so "rose 30.0%,
 *   beyond the 30.0% threshold" cannot be printed.
 * - **"≥" holds at the boundary.** Scores that are averages of whole ratings
 *   are compared with {@link atLeast}, which allows {@link SCORE_TOLERANCE} of
 *   binary drift (a gap of exactly 1 computed as 0.9999999999999996 counts);
 *   ratios of money are compared exactly with {@link ratioExceeds}.
 *
 * @module
 */

/** A finite number as an exact decimal: `coefficient × 10^-scale`. */
interface Decimal {
  negative: boolean;
  coefficient: bigint;
  scale: number;
}

const NUMBER_TEXT = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

function toDecimal(value: number | string): Decimal {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = NUMBER_TEXT.exec(text);
  if (!match) throw new RangeError(`not a finite decimal: ${text}`);
  const fraction = match[3] ?? '';
  const exponent = Number(match[4] ?? 0);
  let coefficient = BigInt(`${match[2]}${fraction}`);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    coefficient *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { negative: match[1] === '-', coefficient, scale };
}

/**
 * Round to `decimals` places, half away from zero, on the decimal digits of
 * the value (see the module note). Returns plain digits: no exponent, no
 * separators, exactly `decimals` places, and no sign on a zero result.
 *
 * @param value - a finite number, or decimal text such as `'19.985'`.
 * @param decimals - places after the point (0 or more).
 * @param shift - powers of ten to multiply by first, exactly (2 turns a ratio into percent).
 * @throws RangeError when the value is not finite.
 * @example
 * ```ts
 * roundDecimal(19.985, 1);   // '20.0'
 * roundDecimal(1.005, 2);    // '1.01'
 * roundDecimal(0.3005, 1, 2); // '30.1'
 * ```
 */
export function roundDecimal(value: number | string, decimals: number, shift = 0): string {
  const decimal = toDecimal(value);
  const scale = decimal.scale - shift;
  let units: bigint;
  if (decimals >= scale) {
    units = decimal.coefficient * 10n ** BigInt(decimals - scale);
  } else {
    const divisor = 10n ** BigInt(scale - decimals);
    units = decimal.coefficient / divisor;
    if (2n * (decimal.coefficient % divisor) >= divisor) units += 1n;
  }
  const digits = units.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const text = decimals === 0 ? whole : `${whole}.${digits.slice(digits.length - decimals)}`;
  return decimal.negative && units !== 0n ? `-${text}` : text;
}

/** Insert thousands separators into plain decimal text (`-1234567.5` → `-1,234,567.5`). */
export function groupThousands(text: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!match) return text;
  return `${match[1]}${match[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${match[3] ?? ''}`;
}

/** Options of {@link formatNumber}. */
export interface FormatNumberOptions {
  /** Most places after the point (default 2); trailing zeros are dropped unless `fixed`. */
  decimals?: number;
  /** Keep exactly `decimals` places (default false). */
  fixed?: boolean;
}

/**
 * A number for people: thousands separators, rounded half away from zero in
 * decimal, at most two places unless told (`1234567.891` → `1,234,567.89`).
 * `NaN` and infinities read `—`.
 *
 * @example
 * ```ts
 * formatNumber(1234567.891); // '1,234,567.89'
 * formatNumber(2.5, { decimals: 0 }); // '3'
 * ```
 */
export function formatNumber(value: number, options: FormatNumberOptions = {}): string {
  if (!Number.isFinite(value)) return '—';
  const decimals = options.decimals ?? 2;
  let text = roundDecimal(value, decimals);
  if (!options.fixed && text.includes('.')) text = text.replace(/\.?0+$/, '');
  return groupThousands(text);
}

/** Options of {@link formatPercent}. */
export interface FormatPercentOptions {
  /** Prefix `+` on a positive value (changes). */
  signed?: boolean;
  /** Places after the point (default 1, the policy). */
  decimals?: number;
}

/**
 * A ratio as a percentage with one decimal, rounded half away from zero in
 * decimal: `0.314` → `31.4%`, `0.19985` → `20.0%`, with `signed` `0.12` →
 * `+12.0%`. `NaN` and infinities read `—`.
 *
 * @example
 * ```ts
 * formatPercent(0.8);                      // '80.0%'
 * formatPercent(-0.31, { signed: true });  // '-31.0%'
 * ```
 */
export function formatPercent(ratio: number, options: FormatPercentOptions = {}): string {
  if (!Number.isFinite(ratio)) return '—';
  const text = groupThousands(roundDecimal(ratio, options.decimals ?? 1, 2));
  return `${options.signed && !text.startsWith('-') && /[1-9]/.test(text) ? '+' : ''}${text}%`;
}

/**
 * A figure and the threshold it is set against, as percentages that never
 * read the same when the values differ: one decimal, or as many more as it
 * takes (at most six). `0.3005` against `0.3` → `['30.1%', '30.0%']`;
 * `0.30001` against `0.3` → `['30.001%', '30.000%']`.
 */
export function formatPercentPair(value: number, threshold: number): [string, string] {
  let decimals = 1;
  while (
    decimals < 6 &&
    value !== threshold &&
    formatPercent(value, { decimals }) === formatPercent(threshold, { decimals })
  )
    decimals++;
  return [formatPercent(value, { decimals }), formatPercent(threshold, { decimals })];
}

/**
 * Drift allowed when a score built from whole ratings by division and
 * weighting is compared with a threshold: far below any difference a rating
 * scale can express (0.01 on a 1–5 scale), far above binary rounding error.
 */
export const SCORE_TOLERANCE = 1e-9;

/**
 * `value ≥ threshold`, allowing {@link SCORE_TOLERANCE} of binary drift, so a
 * gap of exactly 1 computed as `0.9999999999999996` still counts.
 */
export function atLeast(value: number, threshold: number): boolean {
  return value >= threshold - SCORE_TOLERANCE;
}

/**
 * Whether `|change| / base > threshold`, exactly, for whole amounts (fen):
 * the threshold is read as the decimal it was written as, and both sides are
 * compared in integers. ¥2,000 → ¥2,600 does not exceed 30%; → ¥2,601 does.
 *
 * @param change - the difference (any sign), a whole number.
 * @param base - the amount the change is relative to, positive.
 * @param threshold - a ratio such as `0.3`.
 */
export function ratioExceeds(change: number, base: number, threshold: number): boolean {
  if (!Number.isSafeInteger(change) || !Number.isSafeInteger(base) || !Number.isFinite(threshold))
    return Math.abs(change) / base > threshold;
  const limit = toDecimal(threshold);
  const magnitude = BigInt(Math.abs(change)) * 10n ** BigInt(limit.scale);
  const bound = BigInt(base) * limit.coefficient * (limit.negative ? -1n : 1n);
  return magnitude > bound;
}

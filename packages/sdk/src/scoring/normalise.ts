/**
 * Normalisers: one column of raw figures in, one column of 0–1 values out.
 * Every method clamps to [0, 1], reads ±Infinity as beyond every finite value,
 * and leaves NaN (a missing figure) to the factor's `missing` rule.
 *
 * @module
 */
import type { Factor } from './model.js';

/** The parts of a factor a normaliser reads. */
export type NormaliseSpec = Pick<Factor, 'normalise' | 'direction' | 'missing'>;

/**
 * Normalise one column of raw figures to 0–1 (higher = better), in place into `out`.
 *
 * - `min-max`: (x − min) / (max − min) over the finite values; a column with
 *   no spread gives 0.5.
 * - `percentile`: SQL `percent_rank()`: (rank − 1) / (n − 1) over the non-missing
 *   values, ties sharing the lowest rank; `lower-is-better` ranks in descending
 *   order (`ORDER BY x DESC`), so ties still share the lowest rank. One value → 0.
 * - `z-score`: z = (x − mean) / sd (population sd, finite values), clamped to
 *   ±`clamp` (default 3), then (z + clamp) / (2·clamp); no spread → 0.5.
 * - `log`: log1p(max(x, 0)) / log1p(max), max over the finite values.
 * - `points`: the points of the last row whose `min` x reaches (`below` under
 *   the first row), divided by the largest points in the table.
 *
 * Then `lower-is-better` maps n → 1 − n (percentile excepted, see above), and a
 * missing figure becomes the factor's `missing` value, or NaN for `'exclude'`.
 *
 * @param raw - the figures; NaN = missing.
 * @param spec - the factor's `normalise`, `direction` and `missing`.
 * @param out - where to write (default: a new array); may not be `raw`.
 * @param scratch - a work array at least `raw.length` long, reused between
 *   calls by the batch path to avoid allocation (percentile only).
 * @returns `out`.
 */
export function normaliseColumn(
  raw: Float64Array,
  spec: NormaliseSpec,
  out: Float64Array = new Float64Array(raw.length),
  scratch?: Float64Array,
): Float64Array {
  const normalise = spec.normalise;
  const lowerIsBetter = spec.direction === 'lower-is-better';
  switch (normalise.method) {
    case 'percentile':
      percentRank(raw, out, lowerIsBetter, scratch);
      break;
    case 'min-max':
      minMax(raw, out);
      break;
    case 'z-score':
      zScore(raw, out, normalise.clamp);
      break;
    case 'log':
      logScale(raw, out);
      break;
    case 'points':
      points(raw, out, normalise.table, normalise.below);
      break;
  }
  const missing = spec.missing === 'exclude' ? Number.NaN : spec.missing;
  const flip = lowerIsBetter && normalise.method !== 'percentile';
  for (let index = 0; index < raw.length; index++) {
    if (Number.isNaN(raw[index]!)) out[index] = missing;
    else if (flip) out[index] = 1 - out[index]!;
  }
  return out;
}

function clamp01(value: number): number {
  return value < 0 ? 0 : Math.min(value, 1);
}

function percentRank(
  raw: Float64Array,
  out: Float64Array,
  descending: boolean,
  scratch?: Float64Array,
): void {
  const work = scratch && scratch.length >= raw.length ? scratch : new Float64Array(raw.length);
  let count = 0;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (!Number.isNaN(value)) work[count++] = value;
  }
  const sorted = work.subarray(0, count).sort();
  const denominator = count - 1;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (Number.isNaN(value) || denominator === 0) {
      out[index] = 0;
      continue;
    }
    const before = descending ? count - upperBound(sorted, value) : lowerBound(sorted, value);
    out[index] = before / denominator;
  }
}

/** First position whose value is not below `value`: how many values are strictly smaller. */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** First position whose value is above `value`: how many values are at most `value`. */
function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Fill a column where there is no spread: finite → 0.5, +∞ → 1, −∞ → 0. */
function flat(raw: Float64Array, out: Float64Array): void {
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    out[index] = value === Number.POSITIVE_INFINITY ? 1 : value === Number.NEGATIVE_INFINITY ? 0 : 0.5;
  }
}

function minMax(raw: Float64Array, out: Float64Array): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  // Halves keep max − min finite for figures near ±Number.MAX_VALUE.
  const halfMin = min * 0.5;
  const halfRange = max * 0.5 - halfMin;
  if (!(halfRange > 0) || !Number.isFinite(halfRange)) {
    flat(raw, out);
    return;
  }
  for (let index = 0; index < raw.length; index++) {
    out[index] = clamp01((raw[index]! * 0.5 - halfMin) / halfRange);
  }
}

function zScore(raw: Float64Array, out: Float64Array, limit: number): void {
  // Scale by the largest magnitude so sums cannot overflow.
  let scale = 0;
  let count = 0;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (!Number.isFinite(value)) continue;
    count++;
    const magnitude = Math.abs(value);
    if (magnitude > scale) scale = magnitude;
  }
  if (count === 0 || scale === 0) {
    flat(raw, out);
    return;
  }
  let sum = 0;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (Number.isFinite(value)) sum += value / scale;
  }
  const mean = sum / count;
  let squares = 0;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (Number.isFinite(value)) {
      const deviation = value / scale - mean;
      squares += deviation * deviation;
    }
  }
  const deviation = Math.sqrt(squares / count);
  if (!(deviation > 0)) {
    flat(raw, out);
    return;
  }
  const span = 2 * limit;
  for (let index = 0; index < raw.length; index++) {
    const z = (raw[index]! / scale - mean) / deviation;
    const clamped = z < -limit ? -limit : Math.min(z, limit);
    out[index] = clamp01((clamped + limit) / span);
  }
}

function logScale(raw: Float64Array, out: Float64Array): void {
  let max = 0;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (Number.isFinite(value) && value > max) max = value;
  }
  const denominator = Math.log1p(max);
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (value === Number.POSITIVE_INFINITY) out[index] = 1;
    else if (!(value > 0) || denominator === 0) out[index] = 0;
    else out[index] = clamp01(Math.log1p(value) / denominator);
  }
}

function points(
  raw: Float64Array,
  out: Float64Array,
  table: readonly { min: number; points: number }[],
  below: number,
): void {
  let top = below;
  for (const row of table) if (row.points > top) top = row.points;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    let earned = below;
    for (let row = table.length - 1; row >= 0; row--) {
      const entry = table[row]!;
      if (value >= entry.min) {
        earned = entry.points;
        break;
      }
    }
    out[index] = earned / top;
  }
}

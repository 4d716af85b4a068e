/**
 * Normalisers: one column of raw figures in, one column of 0–1 values out.
 * Every method clamps to [0, 1], reads ±Infinity as beyond every finite value,
 * and leaves NaN (a missing figure) to the factor's `missing` rule.
 *
 * @module
 */
import type { ScoringFactor } from './model.js';

/** The parts of a factor a normaliser reads. */
export type NormaliseSpec = Pick<ScoringFactor, 'normalise' | 'direction' | 'missing'>;

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
 * @param scratch - work arrays for percentile ranks, reused between columns
 *   by the batch path to avoid allocation.
 * @returns `out`.
 */
export function normaliseColumn(
  raw: Float64Array,
  spec: NormaliseSpec,
  out: Float64Array = new Float64Array(raw.length),
  scratch: RankScratch = new RankScratch(),
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

/**
 * Work arrays for percentile ranks, reused across columns: an LSD radix
 * argsort on the doubles' order-preserving bit patterns, so a million values
 * rank in a few linear passes instead of a million binary searches.
 */
export class RankScratch {
  #capacity = 0;
  high = new Uint32Array(0);
  low = new Uint32Array(0);
  index = new Uint32Array(0);
  nextHigh = new Uint32Array(0);
  nextLow = new Uint32Array(0);
  nextIndex = new Uint32Array(0);
  readonly counts = new Uint32Array(1 << 16);

  /** Make room for `size` values. */
  ensure(size: number): void {
    if (size <= this.#capacity) return;
    this.#capacity = size;
    this.high = new Uint32Array(size);
    this.low = new Uint32Array(size);
    this.index = new Uint32Array(size);
    this.nextHigh = new Uint32Array(size);
    this.nextLow = new Uint32Array(size);
    this.nextIndex = new Uint32Array(size);
  }
}

const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function percentRank(raw: Float64Array, out: Float64Array, descending: boolean, scratch: RankScratch): void {
  scratch.ensure(raw.length);
  const words = new Uint32Array(raw.buffer, raw.byteOffset, raw.length * 2);
  const lowWord = littleEndian ? 0 : 1;
  const highWord = 1 - lowWord;
  let count = 0;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (Number.isNaN(value)) {
      out[index] = 0;
      continue;
    }
    let high = words[2 * index + highWord]!;
    let low = words[2 * index + lowWord]!;
    if (value === 0) {
      // −0 and +0 tie.
      high = 0x80000000;
      low = 0;
    } else if (high & 0x80000000) {
      high = ~high >>> 0;
      low = ~low >>> 0;
    } else {
      high = (high | 0x80000000) >>> 0;
    }
    scratch.high[count] = high;
    scratch.low[count] = low;
    scratch.index[count] = index;
    count++;
  }
  if (count === 0) return;
  if (count === 1) {
    out[scratch.index[0]!] = 0;
    return;
  }
  radixSort(scratch, count);
  const { high, low, index } = scratch;
  const denominator = count - 1;
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && high[end] === high[start] && low[end] === low[start]) end++;
    const rank = (descending ? count - end : start) / denominator;
    for (let position = start; position < end; position++) out[index[position]!] = rank;
    start = end;
  }
}

/** Stable LSD radix sort of the first `count` (high, low, index) triples by (high, low), 16 bits a pass. */
function radixSort(scratch: RankScratch, count: number): void {
  const counts = scratch.counts;
  for (let pass = 0; pass < 4; pass++) {
    const keys = pass < 2 ? scratch.low : scratch.high;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let position = 0; position < count; position++) counts[(keys[position]! >>> shift) & 0xffff]!++;
    if (counts[(keys[0]! >>> shift) & 0xffff] === count) continue; // every key shares this digit
    let total = 0;
    for (let digit = 0; digit < counts.length; digit++) {
      const size = counts[digit]!;
      counts[digit] = total;
      total += size;
    }
    const { high, low, index, nextHigh, nextLow, nextIndex } = scratch;
    for (let position = 0; position < count; position++) {
      const target = counts[(keys[position]! >>> shift) & 0xffff]!++;
      nextHigh[target] = high[position]!;
      nextLow[target] = low[position]!;
      nextIndex[target] = index[position]!;
    }
    scratch.high = nextHigh;
    scratch.low = nextLow;
    scratch.index = nextIndex;
    scratch.nextHigh = high;
    scratch.nextLow = low;
    scratch.nextIndex = index;
  }
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

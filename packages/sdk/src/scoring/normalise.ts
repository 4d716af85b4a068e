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

/** The widest radix digit: 13 bits, an 8,192-entry (32 KB) histogram. */
const MAX_DIGIT_BITS = 13;

/**
 * Work arrays for percentile ranks, reused across columns by the batch path.
 *
 * Each present value becomes one packed 64-bit key, held as two 32-bit words:
 * the high bits are the double's order-preserving bit pattern, and the low
 * bits (as many as positions need) are replaced by the value's position. A
 * stable LSD radix sort over only the key bits that vary in the column
 * orders the positions by value, and percent_rank is assigned while walking
 * the sorted keys once: no second n log n pass, no per-account objects.
 */
export class RankScratch {
  #capacity = 0;
  /** Packed keys: word 2i is the low word (key bits | position), 2i + 1 the high word. */
  keys = new Uint32Array(0);
  /** The other buffer of each radix pass. */
  next = new Uint32Array(0);
  /** The digit histogram of one pass. */
  readonly counts = new Uint32Array(1 << MAX_DIGIT_BITS);

  /** Make room for `size` values. */
  ensure(size: number): void {
    if (size <= this.#capacity) return;
    this.#capacity = size;
    this.keys = new Uint32Array(2 * size);
    this.next = new Uint32Array(2 * size);
  }
}

const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Bits needed to hold every position below `size` (at least 1, at most 32). */
function positionBits(size: number): number {
  let bits = 1;
  while (bits < 32 && 2 ** bits < size) bits++;
  return bits;
}

/** Index of the highest set bit of a 32-bit word, -1 for 0. */
function highestBit(word: number): number {
  return 31 - Math.clz32(word);
}

/** Index of the lowest set bit of a 32-bit word, -1 for 0. */
function lowestBit(word: number): number {
  return word === 0 ? -1 : 31 - Math.clz32(word & -word);
}

function percentRank(raw: Float64Array, out: Float64Array, descending: boolean, scratch: RankScratch): void {
  const size = raw.length;
  scratch.ensure(size);
  const words = new Uint32Array(raw.buffer, raw.byteOffset, size * 2);
  const lowWord = littleEndian ? 0 : 1;
  const highWord = 1 - lowWord;
  const indexBits = positionBits(size);
  // Key bits kept in the low word; the rest of it holds the position.
  const keyMask = indexBits >= 32 ? 0 : (0xffffffff << indexBits) >>> 0;
  const positionMask = ~keyMask >>> 0;
  let keys = scratch.keys;
  let count = 0;
  // Which key bits differ from the first key's (only those need sorting), and
  // whether any key lost bits to the position (if not, equal keys are equal values).
  let firstHigh = 0;
  let firstLow = 0;
  let variedHigh = 0;
  let variedLow = 0;
  let dropped = 0;
  for (let index = 0; index < size; index++) {
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
    dropped |= low & positionMask;
    low &= keyMask;
    if (count === 0) {
      firstHigh = high;
      firstLow = low;
    }
    variedHigh |= high ^ firstHigh;
    variedLow |= low ^ firstLow;
    keys[2 * count] = (low | index) >>> 0;
    keys[2 * count + 1] = high;
    count++;
  }
  if (count === 0) return;
  if (count === 1) {
    out[keys[0]! & positionMask] = 0;
    return;
  }

  // Sort on the varying bits [lowestVaried, highestVaried] in equal digits of at most 13 bits.
  const highestVaried = variedHigh !== 0 ? 32 + highestBit(variedHigh) : highestBit(variedLow >>> 0);
  const lowestVaried = variedLow !== 0 ? lowestBit(variedLow) : 32 + lowestBit(variedHigh);
  let next = scratch.next;
  if (highestVaried >= 0) {
    const span = highestVaried - lowestVaried + 1;
    const passes = Math.ceil(span / MAX_DIGIT_BITS);
    let shift = lowestVaried;
    for (let pass = 0; pass < passes; pass++) {
      const width = Math.ceil((highestVaried + 1 - shift) / (passes - pass));
      if (radixPass({ keys, next, count, counts: scratch.counts, shift, mask: 2 ** width - 1 })) {
        const sorted = next;
        next = keys;
        keys = sorted;
      }
      shift += width;
    }
  }
  scratch.keys = keys;
  scratch.next = next;

  // Walk runs of equal sorted keys; a run's values tie unless they differ
  // only in the key bits the position replaced (then the run is re-sorted).
  const denominator = count - 1;
  const checkTies = dropped !== 0;
  let start = 0;
  while (start < count) {
    const high = keys[2 * start + 1]!;
    const lowKey = keys[2 * start]! & keyMask;
    let end = start + 1;
    while (end < count && keys[2 * end + 1] === high && (keys[2 * end]! & keyMask) === lowKey) end++;
    let tied = true;
    if (checkTies && end - start > 1) {
      const first = raw[keys[2 * start]! & positionMask]!;
      for (let position = start + 1; position < end && tied; position++) {
        tied = raw[keys[2 * position]! & positionMask] === first;
      }
    }
    if (tied) {
      const rank = (descending ? count - end : start) / denominator;
      for (let position = start; position < end; position++) out[keys[2 * position]! & positionMask] = rank;
    } else {
      rankRun(raw, out, keys, { start, end, count, positionMask, descending });
    }
    start = end;
  }
}

/**
 * One stable radix pass over the first `count` keys, from `keys` into `next`,
 * by the digit at bit `shift` (0–63 over high:low) of width `mask`.
 *
 * @returns false when every key has the same digit (nothing was moved).
 */
function radixPass(pass: {
  keys: Uint32Array;
  next: Uint32Array;
  count: number;
  counts: Uint32Array;
  shift: number;
  mask: number;
}): boolean {
  const { keys, next, count, counts, shift, mask } = pass;
  counts.fill(0, 0, mask + 1);
  // Below bit 32 the digit may straddle the words: (low >>> s | high << (32 − s)) covers both.
  const inHigh = shift >= 32;
  const highShift = shift - 32;
  const lowShift = 32 - shift;
  if (inHigh) {
    for (let position = 0; position < count; position++)
      counts[(keys[2 * position + 1]! >>> highShift) & mask]!++;
  } else {
    for (let position = 0; position < count; position++) {
      counts[((keys[2 * position]! >>> shift) | (keys[2 * position + 1]! << lowShift)) & mask]!++;
    }
  }
  let total = 0;
  for (let digit = 0; digit <= mask; digit++) {
    const digitCount = counts[digit]!;
    if (digitCount === count) return false;
    counts[digit] = total;
    total += digitCount;
  }
  if (inHigh) {
    for (let position = 0; position < count; position++) {
      const low = keys[2 * position]!;
      const high = keys[2 * position + 1]!;
      const target = counts[(high >>> highShift) & mask]!++;
      next[2 * target] = low;
      next[2 * target + 1] = high;
    }
  } else {
    for (let position = 0; position < count; position++) {
      const low = keys[2 * position]!;
      const high = keys[2 * position + 1]!;
      const target = counts[((low >>> shift) | (high << lowShift)) & mask]!++;
      next[2 * target] = low;
      next[2 * target + 1] = high;
    }
  }
  return true;
}

/** Rank a run of sorted keys whose values differ below the packed key's precision, by value. */
function rankRun(
  raw: Float64Array,
  out: Float64Array,
  keys: Uint32Array,
  run: { start: number; end: number; count: number; positionMask: number; descending: boolean },
): void {
  const { start, end, count, positionMask, descending } = run;
  const positions: number[] = [];
  for (let position = start; position < end; position++) positions.push(keys[2 * position]! & positionMask);
  positions.sort((left, right) => {
    const a = raw[left]!;
    const b = raw[right]!;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  let from = 0;
  while (from < positions.length) {
    const value = raw[positions[from]!]!;
    let to = from + 1;
    while (to < positions.length && raw[positions[to]!] === value) to++;
    const rank = (descending ? count - (start + to) : start + from) / (count - 1);
    for (let position = from; position < to; position++) out[positions[position]!] = rank;
    from = to;
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
  // Work on t(x) = (x − ref) / scale, ref the first finite value: shifting
  // first keeps close values apart (x − ref is exact for nearby values), and
  // scaling by the largest |x − ref| keeps the sums from overflowing. When a
  // shift itself overflows (values spanning ±1.8e308) shift by 0 instead.
  let ref = Number.NaN;
  for (let index = 0; index < raw.length && Number.isNaN(ref); index++) {
    if (Number.isFinite(raw[index]!)) ref = raw[index]!;
  }
  if (Number.isNaN(ref)) {
    flat(raw, out);
    return;
  }
  let count = 0;
  let scale = 0;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (!Number.isFinite(value)) continue;
    count++;
    const magnitude = Math.abs(value - ref);
    if (magnitude > scale) scale = magnitude;
  }
  if (!Number.isFinite(scale)) {
    ref = 0;
    scale = 0;
    for (let index = 0; index < raw.length; index++) {
      const value = raw[index]!;
      if (Number.isFinite(value) && Math.abs(value) > scale) scale = Math.abs(value);
    }
  }
  if (scale === 0) {
    flat(raw, out);
    return;
  }
  const scaled = (value: number) => (value - ref) / scale;
  let sum = 0;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (Number.isFinite(value)) sum += scaled(value);
  }
  const mean = sum / count;
  let squares = 0;
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index]!;
    if (Number.isFinite(value)) {
      const deviation = scaled(value) - mean;
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
    const z = (scaled(raw[index]!) - mean) / deviation;
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

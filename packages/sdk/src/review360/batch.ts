/**
 * Columnar batch aggregation of 360° ratings: every subject of a cycle in one
 * pass over typed arrays. Per-subject results are read out of its output, so
 * the per-subject and the batch paths compute the same numbers.
 *
 * Layout: one row per submission (subject × rater); `scores` holds
 * `rows × items` values (`NaN` = not answered). Units are the relation groups
 * plus one pool (index `groupCount`) that holds groups too small to show.
 *
 * @module
 */
import { type Aggregation, aggregatePrefix } from './aggregation.js';

/** Unit has no raters for this subject. */
export const UNIT_ABSENT = 0;
/** Unit is shown (meets its minimum; for the pool: the pool meets its minimum). */
export const UNIT_SHOWN = 1;
/** Group is too small and was folded into the shown pool. */
export const UNIT_POOLED = 2;
/** Group (or pool) is too small and is not shown; its ratings feed nothing published. */
export const UNIT_WITHHELD = 3;

/** What to do with the overall when a group is withheld and cannot be pooled. */
export type WithheldPolicy = 'exclude' | 'withhold-overall';

/** Ratings of a whole cycle in columns. */
export interface RatingBatchInput {
  subjectCount: number;
  raterCount: number;
  itemCount: number;
  /** Subject index of each row. */
  rowSubject: Int32Array;
  /** Rater index of each row (leniency is computed per rater across all rows). */
  rowRater: Int32Array;
  /** Relation-group index of each row; −1 when the scheme does not weigh the relation. */
  rowGroup: Int32Array;
  /** `rows × itemCount` ratings; `NaN` when not answered. */
  scores: Float64Array;
}

/** The model, weights and rules a batch runs with (see `batchConfigFor`). */
export interface RatingBatchConfig {
  /** Dimension index of each item. */
  itemDimension: Int32Array;
  /** Weight of each dimension (any positive numbers; normalised over dimensions with data). */
  dimensionWeights: Float64Array;
  /** Nominal weight of each relation group. */
  groupWeights: Float64Array;
  /** Anonymity minimum of each relation group. */
  groupMinRaters: Int32Array;
  /** Minimum raters for the pool of too-small groups to be shown (at least each pooled group's own minimum). */
  poolMinRaters: number;
  withheldPolicy: WithheldPolicy;
  aggregation: Aggregation;
}

/** Columnar output; index `(s * unitCount + u)` for units, `((s * unitCount + u) * itemCount + i)` for items. */
export interface RatingBatchResult {
  subjectCount: number;
  groupCount: number;
  /** `groupCount + 1`: the last unit is the pool. */
  unitCount: number;
  itemCount: number;
  dimensionCount: number;
  /** One of `UNIT_ABSENT`, `UNIT_SHOWN`, `UNIT_POOLED`, `UNIT_WITHHELD` per subject × unit. */
  unitStatus: Uint8Array;
  /** Raters per subject × unit. */
  unitRaters: Int32Array;
  /** Effective (re-normalised) weight of each published unit in the overall; 0 otherwise. */
  unitWeight: Float64Array;
  /** Aggregated rating per subject × unit × item; `NaN` when the unit is not published. */
  unitItem: Float64Array;
  /** Aggregated leniency z-score per subject × unit × item. */
  unitItemZ: Float64Array;
  /** Dimension score per subject × unit × dimension. */
  unitDimension: Float64Array;
  /** Unit score (dimension-weighted) per subject × unit. */
  unitScore: Float64Array;
  /** Unit leniency z-score per subject × unit. */
  unitZ: Float64Array;
  /** Weighted overall per subject; `NaN` when nothing is published or the overall is withheld. */
  overall: Float64Array;
  /** Weighted overall of the z-scores per subject. */
  overallZ: Float64Array;
  /** Number of withheld (not pooled) groups per subject. */
  withheldGroups: Int32Array;
  /** Each row's own dimension-weighted score. */
  rowScore: Float64Array;
  /** Published unit of each row, or −1 when its ratings feed nothing published. */
  rowUnit: Int32Array;
  /** Per rater: mean, standard deviation and count of their published ratings (the leniency basis). */
  raterMean: Float64Array;
  raterSd: Float64Array;
  raterRatings: Int32Array;
}

/**
 * Leniency z-score of one rating: how far it lies from the rater's own mean
 * across everyone they rated (their published ratings), in units of their own spread. 0 when the rater
 * gave fewer than two ratings or always the same rating (no basis).
 */
export function leniencyZ(value: number, mean: number, sd: number, count: number): number {
  return count >= 2 && sd > 1e-9 ? (value - mean) / sd : 0;
}

/**
 * Aggregate a whole cycle: per subject × relation group × item robust
 * aggregates, dimension and group scores, anonymity suppression and pooling,
 * re-normalised weights, the weighted overall, and leniency z-scores beside
 * every raw figure. Linear in the number of ratings; allocation-free per subject.
 *
 * @example
 * ```ts
 * const result = aggregateRatingBatch(input, batchConfigFor({ model, weights, aggregation }));
 * result.overall[0]; // overall of subject 0
 * ```
 */
export function aggregateRatingBatch(input: RatingBatchInput, config: RatingBatchConfig): RatingBatchResult {
  const { subjectCount, raterCount, itemCount, rowSubject, rowRater, rowGroup, scores } = input;
  const rowCount = rowSubject.length;
  const groupCount = config.groupWeights.length;
  const unitCount = groupCount + 1;
  const pool = groupCount;
  const dimensionCount = config.dimensionWeights.length;
  const { itemDimension, dimensionWeights, aggregation } = config;

  // Rows grouped by subject (counting sort).
  const subjectStart = new Int32Array(subjectCount + 1);
  for (let row = 0; row < rowCount; row++) subjectStart[rowSubject[row]! + 1]!++;
  let maxRows = 0;
  for (let s = 0; s < subjectCount; s++) {
    const rowsOfSubject = subjectStart[s + 1]!;
    if (rowsOfSubject > maxRows) maxRows = rowsOfSubject;
    subjectStart[s + 1] = subjectStart[s]! + rowsOfSubject;
  }
  const order = new Int32Array(rowCount);
  const cursor = subjectStart.slice(0, subjectCount);
  for (let row = 0; row < rowCount; row++) order[cursor[rowSubject[row]!]!++] = row;

  const cells = subjectCount * unitCount;
  const unitStatus = new Uint8Array(cells);
  const unitRaters = new Int32Array(cells);
  const unitWeight = new Float64Array(cells);
  const unitItem = new Float64Array(cells * itemCount).fill(Number.NaN);
  const unitItemZ = new Float64Array(cells * itemCount).fill(Number.NaN);
  const unitDimension = new Float64Array(cells * dimensionCount).fill(Number.NaN);
  const unitScore = new Float64Array(cells).fill(Number.NaN);
  const unitZ = new Float64Array(cells).fill(Number.NaN);
  const overall = new Float64Array(subjectCount).fill(Number.NaN);
  const overallZ = new Float64Array(subjectCount).fill(Number.NaN);
  const withheldGroups = new Int32Array(subjectCount);
  const rowUnit = new Int32Array(rowCount).fill(-1);

  // Anonymity: which groups are shown, pooled or withheld, and which unit each row feeds.
  for (let s = 0; s < subjectCount; s++) {
    const start = subjectStart[s]!;
    const end = subjectStart[s + 1]!;
    const cellBase = s * unitCount;
    for (let k = start; k < end; k++) {
      const group = rowGroup[order[k]!]!;
      if (group >= 0) unitRaters[cellBase + group]!++;
    }
    let candidates = 0;
    let candidateRaters = 0;
    let poolMinimum = config.poolMinRaters;
    for (let g = 0; g < groupCount; g++) {
      const count = unitRaters[cellBase + g]!;
      if (count === 0) continue;
      if (count >= config.groupMinRaters[g]!) unitStatus[cellBase + g] = UNIT_SHOWN;
      else {
        candidates++;
        candidateRaters += count;
        if (config.groupMinRaters[g]! > poolMinimum) poolMinimum = config.groupMinRaters[g]!;
      }
    }
    if (candidates > 0) {
      const poolShown = candidateRaters >= poolMinimum;
      unitStatus[cellBase + pool] = poolShown ? UNIT_SHOWN : UNIT_WITHHELD;
      unitRaters[cellBase + pool] = poolShown ? candidateRaters : 0;
      for (let g = 0; g < groupCount; g++) {
        const count = unitRaters[cellBase + g]!;
        if (count > 0 && count < config.groupMinRaters[g]!) {
          unitStatus[cellBase + g] = poolShown ? UNIT_POOLED : UNIT_WITHHELD;
          if (!poolShown) withheldGroups[s]!++;
        }
      }
    }
    for (let k = start; k < end; k++) {
      const row = order[k]!;
      const group = rowGroup[row]!;
      if (group < 0) continue;
      const status = unitStatus[cellBase + group];
      if (status === UNIT_SHOWN) rowUnit[row] = group;
      else if (status === UNIT_POOLED) rowUnit[row] = pool;
    }
  }

  // Each row's own score, and the leniency basis of each rater over their published rows only:
  // a withheld rating must not move any published figure, not even another subject's z-scores.
  const raterSum = new Float64Array(raterCount);
  const raterSumSquares = new Float64Array(raterCount);
  const raterRatings = new Int32Array(raterCount);
  const rowScore = new Float64Array(rowCount);
  const dimensionSum = new Float64Array(dimensionCount);
  const dimensionCountScratch = new Int32Array(dimensionCount);
  for (let row = 0; row < rowCount; row++) {
    const rater = rowRater[row]!;
    dimensionSum.fill(0);
    dimensionCountScratch.fill(0);
    const base = row * itemCount;
    const published = rowUnit[row]! >= 0;
    for (let i = 0; i < itemCount; i++) {
      const value = scores[base + i]!;
      if (Number.isNaN(value)) continue;
      if (published) {
        raterSum[rater]! += value;
        raterSumSquares[rater]! += value * value;
        raterRatings[rater]!++;
      }
      const dimension = itemDimension[i]!;
      dimensionSum[dimension]! += value;
      dimensionCountScratch[dimension]!++;
    }
    rowScore[row] = weightedDimensions(dimensionSum, dimensionCountScratch, dimensionWeights);
  }
  const raterMean = new Float64Array(raterCount);
  const raterSd = new Float64Array(raterCount);
  for (let r = 0; r < raterCount; r++) {
    const count = raterRatings[r]!;
    if (count === 0) continue;
    const mean = raterSum[r]! / count;
    raterMean[r] = mean;
    raterSd[r] = Math.sqrt(Math.max(0, raterSumSquares[r]! / count - mean * mean));
  }

  // z = (value − mean) · scale, scale = 1/sd (0 when the rater gives no basis: see leniencyZ).
  const raterScale = new Float64Array(raterCount);
  for (let r = 0; r < raterCount; r++) raterScale[r] = leniencyZ(1, 0, raterSd[r]!, raterRatings[r]!);
  const unitRows = new Int32Array(Math.max(1, maxRows));
  const values = new Float64Array(Math.max(1, maxRows));
  const zValues = new Float64Array(Math.max(1, maxRows));
  const zDimensionSum = new Float64Array(dimensionCount);

  // Aggregate every published unit.
  for (let s = 0; s < subjectCount; s++) {
    const start = subjectStart[s]!;
    const end = subjectStart[s + 1]!;
    const cellBase = s * unitCount;
    let weightTotal = 0;
    for (let u = 0; u < unitCount; u++) {
      if (unitStatus[cellBase + u] !== UNIT_SHOWN) continue;
      let n = 0;
      for (let k = start; k < end; k++) if (rowUnit[order[k]!] === u) unitRows[n++] = order[k]!;
      const cell = cellBase + u;
      const itemBase = cell * itemCount;
      dimensionSum.fill(0);
      zDimensionSum.fill(0);
      dimensionCountScratch.fill(0);
      for (let i = 0; i < itemCount; i++) {
        let m = 0;
        for (let j = 0; j < n; j++) {
          const row = unitRows[j]!;
          const value = scores[row * itemCount + i]!;
          if (Number.isNaN(value)) continue;
          const rater = rowRater[row]!;
          values[m] = value;
          zValues[m] = (value - raterMean[rater]!) * raterScale[rater]!;
          m++;
        }
        if (m === 0) continue;
        const score = aggregatePrefix(values, m, aggregation);
        const z = aggregatePrefix(zValues, m, aggregation);
        unitItem[itemBase + i] = score;
        unitItemZ[itemBase + i] = z;
        const dimension = itemDimension[i]!;
        dimensionSum[dimension]! += score;
        zDimensionSum[dimension]! += z;
        dimensionCountScratch[dimension]!++;
      }
      const dimensionBase = cell * dimensionCount;
      for (let d = 0; d < dimensionCount; d++) {
        const count = dimensionCountScratch[d]!;
        if (count > 0) unitDimension[dimensionBase + d] = dimensionSum[d]! / count;
      }
      unitScore[cell] = weightedDimensions(dimensionSum, dimensionCountScratch, dimensionWeights);
      unitZ[cell] = weightedDimensions(zDimensionSum, dimensionCountScratch, dimensionWeights);
      if (Number.isNaN(unitScore[cell]!)) continue;
      let weight = 0;
      if (u === pool) {
        for (let g = 0; g < groupCount; g++)
          if (unitStatus[cellBase + g] === UNIT_POOLED) weight += config.groupWeights[g]!;
      } else weight = config.groupWeights[u]!;
      unitWeight[cell] = weight;
      weightTotal += weight;
    }
    if (weightTotal <= 0 || (withheldGroups[s]! > 0 && config.withheldPolicy === 'withhold-overall')) {
      for (let u = 0; u < unitCount; u++) unitWeight[cellBase + u] = 0;
      continue;
    }
    let sum = 0;
    let zSum = 0;
    for (let u = 0; u < unitCount; u++) {
      const cell = cellBase + u;
      const weight = unitWeight[cell]!;
      if (weight === 0) continue;
      const effective = weight / weightTotal;
      unitWeight[cell] = effective;
      sum += effective * unitScore[cell]!;
      zSum += effective * unitZ[cell]!;
    }
    overall[s] = sum;
    overallZ[s] = zSum;
  }

  return {
    subjectCount,
    groupCount,
    unitCount,
    itemCount,
    dimensionCount,
    unitStatus,
    unitRaters,
    unitWeight,
    unitItem,
    unitItemZ,
    unitDimension,
    unitScore,
    unitZ,
    overall,
    overallZ,
    withheldGroups,
    rowScore,
    rowUnit,
    raterMean,
    raterSd,
    raterRatings,
  };
}

/** Σ w_d · (sum_d / count_d) / Σ w_d over dimensions with data; `NaN` when none. */
function weightedDimensions(sums: Float64Array, counts: Int32Array, weights: Float64Array): number {
  let total = 0;
  let weighted = 0;
  for (let d = 0; d < weights.length; d++) {
    const count = counts[d]!;
    if (count === 0) continue;
    total += weights[d]!;
    weighted += (weights[d]! * sums[d]!) / count;
  }
  return total > 0 ? weighted / total : Number.NaN;
}

/**
 * Robust aggregation of one group's ratings: mean, trimmed mean (drop the
 * highest and the lowest when there are at least `minCount` ratings — the
 * "Olympic" panel of the Liuqiao case) or median.
 *
 * @module
 */
import { z } from 'zod';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';

/** How a group's ratings of one item are combined; chosen per cycle. */
export const AggregationSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('mean') }),
  z.object({
    method: z.literal('trimmed-mean'),
    /** Trim only when the group has at least this many ratings (default 5). */
    minCount: z.number().int().min(3).default(5),
    /** How many to drop at each end (default 1). */
    trim: z.number().int().min(1).default(1),
  }),
  z.object({ method: z.literal('median') }),
]);
/** An aggregation method. */
export type Aggregation = z.infer<typeof AggregationSchema>;
/** Input form of an aggregation method. */
export type AggregationInput = z.input<typeof AggregationSchema>;

/** Sort the first `count` entries of `values` ascending, in place (insertion sort: groups are small). */
export function sortPrefix(values: Float64Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > value) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = value;
  }
}

/**
 * Aggregate the first `count` entries of `values` (which it may reorder).
 * Returns `NaN` when `count` is 0. Hot path of the batch: no allocation.
 */
export function aggregatePrefix(values: Float64Array, count: number, aggregation: Aggregation): number {
  if (count === 0) return Number.NaN;
  switch (aggregation.method) {
    case 'mean': {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += values[i]!;
      return sum / count;
    }
    case 'trimmed-mean': {
      const drop = count >= aggregation.minCount && count > 2 * aggregation.trim ? aggregation.trim : 0;
      if (drop > 0) sortPrefix(values, count);
      let sum = 0;
      for (let i = drop; i < count - drop; i++) sum += values[i]!;
      return sum / (count - 2 * drop);
    }
    case 'median': {
      sortPrefix(values, count);
      const middle = count >> 1;
      return count % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
    }
  }
}

/**
 * Aggregate a list of ratings with the chosen method.
 *
 * @throws KamError `INVALID_INPUT` when a rating is not a finite number.
 * @example
 * ```ts
 * aggregateRatings([5, 4, 4, 3, 1], { method: 'trimmed-mean', minCount: 5, trim: 1 }); // 3.666…
 * ```
 */
export function aggregateRatings(ratings: readonly number[], aggregation: Aggregation): number {
  const values = new Float64Array(ratings.length);
  ratings.forEach((rating, index) => {
    if (!Number.isFinite(rating))
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: `[${index}]`,
        message: { 'zh-CN': `评分不是有效数字：${rating}`, en: `Rating is not a finite number: ${rating}` },
      });
    values[index] = rating;
  });
  return aggregatePrefix(values, values.length, aggregation);
}

/**
 * The weighted overall of group scores: Σ wᵢ·sᵢ / Σ wᵢ over the groups that
 * have a score, so a missing group's weight is spread over the others.
 * Returns the overall and the effective (re-normalised) weights.
 *
 * @example
 * ```ts
 * weightedOverall([{ weight: 0.7, score: 4 }, { weight: 0.1, score: 3 }, { weight: 0.1, score: 3.5 }, { weight: 0.1, score: 5 }]);
 * // { overall: 3.95, effectiveWeights: [0.7, 0.1, 0.1, 0.1] }
 * ```
 */
export function weightedOverall(groups: readonly { weight: number; score: number | null }[]): {
  overall: number | null;
  effectiveWeights: (number | null)[];
} {
  let total = 0;
  for (const group of groups) if (group.score !== null && Number.isFinite(group.score)) total += group.weight;
  if (total <= 0) return { overall: null, effectiveWeights: groups.map(() => null) };
  let overall = 0;
  const effectiveWeights = groups.map((group) => {
    if (group.score === null || !Number.isFinite(group.score)) return null;
    const weight = group.weight / total;
    overall += weight * group.score;
    return weight;
  });
  return { overall, effectiveWeights };
}

import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { ScoreResult } from './score-columns.js';

/** Which factors of the result hold recency, frequency and monetary value. */
export interface RfmFactorIds {
  recency: string;
  frequency: string;
  monetary: string;
}

/** RFM quintile codes per account, in columns aligned with the score result. */
export interface RfmSegments {
  accountIds: readonly string[] | undefined;
  /** 1–5 per account, 5 = most recent. */
  recency: Uint8Array;
  /** 1–5 per account, 5 = most frequent. */
  frequency: Uint8Array;
  /** 1–5 per account, 5 = most spend. */
  monetary: Uint8Array;
  /** The classic three-digit code per account, e.g. `'545'`. */
  codes: string[];
}

/**
 * The 1–5 quintile of a normalised value: min(5, 1 + ⌊5·n⌋). With percentile
 * normalisation n is the percent rank, so this is the rank quintile.
 * Missing (excluded) values fall in quintile 1.
 */
export function rfmQuintile(normalised: number): number {
  if (Number.isNaN(normalised)) return 1;
  const quintile = 1 + Math.floor(5 * normalised);
  return quintile > 5 ? 5 : Math.max(quintile, 1);
}

/**
 * Classic RFM segment codes (`'545'`: R5 F4 M5) from a result scored with an
 * RFM model such as {@link RFM_MODEL}: each factor's normalised value (its
 * direction-aware percent rank there) falls into a quintile 1–5, 5 = best.
 *
 * @param factorIds - which factors are R, F and M (default `recency`,
 *   `frequency`, `monetary`, as in the preset).
 * @throws KamError `INVALID_INPUT` when the result has no such factor.
 *
 * @example
 * ```ts
 * const result = scorePortfolio({ model: RFM_MODEL, context });
 * const segments = rfmSegments(result);
 * segments.codes[0]; // '545'
 * ```
 */
export function rfmSegments(
  result: ScoreResult,
  factorIds: RfmFactorIds = { recency: 'recency', frequency: 'frequency', monetary: 'monetary' },
): RfmSegments {
  const column = (role: keyof RfmFactorIds): Uint8Array => {
    const id = factorIds[role];
    const found = result.factors.find((entry) => entry.factor.id === id);
    if (!found) {
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: role,
        message: {
          'zh-CN': `${role}：评分结果中没有因子“${id}”（模型 ${result.model.id}）`,
          en: `${role}: the score result has no factor "${id}" (model ${result.model.id})`,
        },
      });
    }
    const quintiles = new Uint8Array(result.size);
    for (let index = 0; index < result.size; index++)
      quintiles[index] = rfmQuintile(found.normalised[index]!);
    return quintiles;
  };
  const recency = column('recency');
  const frequency = column('frequency');
  const monetary = column('monetary');
  const codes = new Array<string>(result.size);
  for (let index = 0; index < result.size; index++) {
    codes[index] = `${recency[index]}${frequency[index]}${monetary[index]}`;
  }
  return { accountIds: result.accountIds, recency, frequency, monetary, codes };
}

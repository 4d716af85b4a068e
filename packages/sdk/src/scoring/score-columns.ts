import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { ScoringFactor, ScoringModel } from './model.js';
import { normaliseColumn, RankScratch } from './normalise.js';

/** Raw and normalised figures of one factor, aligned with the result's accounts. */
export interface FactorColumn {
  /** The factor as the model defines it (id, label, source, weight…). */
  readonly factor: ScoringFactor;
  /** The raw figures scored (the caller's array, not a copy; do not mutate it). NaN = missing. */
  readonly raw: Float64Array;
  /** Normalised values in [0, 1]; NaN where a missing figure was excluded. */
  readonly normalised: Float64Array;
}

/**
 * Scores of many accounts, in columns: `scores[i]` belongs to `accountIds[i]`
 * (or to position `i` when the caller passed no ids).
 */
export interface ScoreResult {
  readonly model: ScoringModel;
  /** The accounts, when known. */
  readonly accountIds: readonly string[] | undefined;
  /** Number of accounts scored. */
  readonly size: number;
  /** Scores 0–100. */
  readonly scores: Float64Array;
  /** One entry per factor, in model order. */
  readonly factors: readonly FactorColumn[];
  /** The as-of month the figures were computed for, when known (`YYYY-MM`). */
  readonly asOf: string | undefined;
}

/** Options for {@link scoreColumns}. */
export interface ScoreColumnsOptions {
  model: ScoringModel;
  /**
   * One raw column per factor: an array in the model's factor order, or an
   * object keyed by factor id. Every column has one value per account; NaN = missing.
   */
  columns: readonly Float64Array[] | Readonly<Record<string, Float64Array>>;
  /** The accounts the positions stand for (optional; needed to explain by id). */
  accountIds?: readonly string[];
  /** The as-of month the figures belong to, carried into explanations. */
  asOf?: string;
}

/**
 * Score many accounts from columns of raw figures: each factor's column is
 * normalised to 0–1, then `score = 100 × Σ wᵢ·nᵢ / Σ wᵢ` per account. Factors
 * whose figure is missing with `missing: 'exclude'` drop out of that account's
 * Σ wᵢ; an account with every factor excluded scores 0.
 *
 * Allocation-light for large portfolios: one output array per factor, the score
 * array, and shared work arrays for percentile ranks (a radix sort of packed
 * value/position keys, then one walk; see `RankScratch`).
 *
 * @throws KamError `INVALID_INPUT` when a factor has no column or the columns
 *   (and `accountIds`) differ in length; `path` names the column.
 *
 * @example
 * ```ts
 * const result = scoreColumns({
 *   model,                                    // from loadScoringModel
 *   columns: { profit: profitFen, recency: recencyDays },
 *   accountIds: ['acme', 'globex', 'initech'],
 * });
 * result.scores; // Float64Array of 0–100
 * ```
 */
export function scoreColumns(options: ScoreColumnsOptions): ScoreResult {
  const { model, accountIds } = options;
  const raws = columnsInOrder(options);
  const size = raws[0]?.length ?? 0;
  raws.forEach((raw, index) => {
    if (raw.length !== size) throw lengthError(`columns.${model.factors[index]!.id}`, raw.length, size);
  });
  if (accountIds !== undefined && accountIds.length !== size) {
    throw lengthError('accountIds', accountIds.length, size);
  }

  const scores = new Float64Array(size);
  const excluding = model.factors.some((factor) => factor.missing === 'exclude');
  let totalWeight = 0;
  for (const factor of model.factors) totalWeight += factor.weight;
  // Present weights are added (not subtracted from the total) so tiny weights beside large ones stay exact.
  const weights = excluding ? new Float64Array(size) : undefined;
  const scratch = new RankScratch();

  const factors: FactorColumn[] = model.factors.map((factor, index) => {
    const raw = raws[index]!;
    const normalised = normaliseColumn(raw, factor, new Float64Array(size), scratch);
    const weight = factor.weight;
    if (weights) {
      for (let account = 0; account < size; account++) {
        const value = normalised[account]!;
        if (!Number.isNaN(value)) {
          weights[account]! += weight;
          scores[account]! += weight * value;
        }
      }
    } else {
      for (let account = 0; account < size; account++) scores[account]! += weight * normalised[account]!;
    }
    return { factor, raw, normalised };
  });

  for (let account = 0; account < size; account++) {
    const weight = weights ? weights[account]! : totalWeight;
    const score = weight > 0 ? (100 * scores[account]!) / weight : 0;
    scores[account] = Math.min(score, 100);
  }
  return { model, accountIds, size, scores, factors, asOf: options.asOf };
}

function columnsInOrder(options: ScoreColumnsOptions): Float64Array[] {
  const { model, columns } = options;
  if (Array.isArray(columns)) {
    const list = columns as readonly Float64Array[];
    if (list.length !== model.factors.length) {
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: 'columns',
        message: {
          'zh-CN': `columns：模型有 ${model.factors.length} 个因子，却给了 ${list.length} 列`,
          en: `columns: the model has ${model.factors.length} factors but ${list.length} columns were given`,
        },
      });
    }
    list.forEach((column, index) => {
      if (!(column instanceof Float64Array)) throw notAColumn(model.factors[index]!.id, `columns[${index}]`);
    });
    return [...list];
  }
  const byId = columns as Readonly<Record<string, Float64Array>>;
  return model.factors.map((factor) => {
    const column = Object.hasOwn(byId, factor.id) ? byId[factor.id] : undefined;
    if (!(column instanceof Float64Array)) throw notAColumn(factor.id, `columns.${factor.id}`);
    return column;
  });
}

function notAColumn(factorId: string, path: string): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path,
    message: {
      'zh-CN': `${path}：缺少因子“${factorId}”的数据列（应为 Float64Array）`,
      en: `${path}: no column for factor "${factorId}" (expected a Float64Array)`,
    },
  });
}

function lengthError(path: string, length: number, expected: number): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_INPUT,
    path,
    message: {
      'zh-CN': `${path}：长度为 ${length}，应与其他列一样为 ${expected}`,
      en: `${path}: has ${length} values, expected ${expected} like the other columns`,
    },
  });
}

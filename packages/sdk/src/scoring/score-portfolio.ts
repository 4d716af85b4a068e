import type { FigureContext } from '../metrics/figures.js';
import type { ScoringModel } from './model.js';
import { type ScoreResult, scoreColumns } from './score-columns.js';

/** Options for {@link scorePortfolio}. */
export interface ScorePortfolioOptions {
  model: ScoringModel;
  /** Resolves each factor's figure for every account of the portfolio. */
  context: FigureContext;
}

/**
 * Score every account of a portfolio: each factor's `source` is resolved
 * through the {@link FigureContext} (metric tables are computed once per
 * window from the monthly aggregates), then {@link scoreColumns} does the rest.
 *
 * @example
 * ```ts
 * const context = new FigureContext({ accounts, aggregates, asOf: '2026-10' });
 * const result = scorePortfolio({ model: CONTRIBUTION_VALUE_MODEL, context });
 * const why = explainScore(result, 'acme');
 * console.log(why.score, why.factors[0]?.id);
 * ```
 */
export function scorePortfolio(options: ScorePortfolioOptions): ScoreResult {
  const { model, context } = options;
  return scoreColumns({
    model,
    columns: model.factors.map((factor) => context.column(factor.source)),
    accountIds: context.accountIds,
    asOf: context.asOf,
  });
}

/**
 * The month's portfolio analysis as the reports send it: from the month's
 * stored results, with the units' narratives as they are written now.
 *
 * @module
 */
import { notFound } from '../../errors/kam-error.js';
import type { PortfolioPolicies } from '../../portfolio/policies.js';
import { ensureMonthResults } from '../../refresh/ensure-month.js';
import type { ComputeMonthFunction } from '../../refresh/refresh-month.js';
import type { Freshness } from '../../results/freshness.js';
import type { Store } from '../../store/port.js';
import { readUnitPlans } from '../../unit-plans/unit-plan.js';
import { type PortfolioAnalysis, withUnitPlans } from './portfolio-analysis.js';

/** Options of {@link loadStoredPortfolioAnalysis}. */
export interface LoadStoredPortfolioAnalysisOptions {
  store: Store;
  policies: PortfolioPolicies;
  /** The month `YYYY-MM`. */
  month: string;
  /** The organisation's time zone (default Asia/Shanghai), for a first computation of the month. */
  timeZone?: string;
  /** Where a first computation runs (default: in this thread); a bot passes `createWorkerCompute()`. */
  compute?: ComputeMonthFunction;
}

/**
 * The month's portfolio analysis from its stored results — computed once
 * when the month has none, read as one row otherwise — with every unit's
 * narrative of the month (what went well, next month's plan) as written now,
 * since narratives change no figure. What the monthly report job,
 * `kamkit report portfolio` and the WeChat rooms send; stale results come
 * back with `freshness.stale` for the caller to say so.
 *
 * @throws KamError `NOT_FOUND` when the month's results could not be stored.
 * @example
 * ```ts
 * const { analysis } = await loadStoredPortfolioAnalysis({ store, policies: defaultPolicies(), month: '2026-10' });
 * console.log(analysis.revenue.monthFen);
 * ```
 */
export async function loadStoredPortfolioAnalysis(
  options: LoadStoredPortfolioAnalysisOptions,
): Promise<{ analysis: PortfolioAnalysis; freshness: Freshness }> {
  const { store, month } = options;
  const freshness = await ensureMonthResults(options);
  const portfolio = await store.results.getPortfolioMonth(month);
  if (portfolio === undefined) throw notFound('月份结果 / month results', month);
  // The units are the divisions the month was computed over (listed from the accounts for months stored before they were kept).
  const { divisions, plans } = await readUnitPlans(store, month, undefined, portfolio.divisions);
  return { analysis: withUnitPlans(portfolio.analysis, divisions, plans), freshness };
}

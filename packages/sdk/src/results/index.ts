export { type ComputedMonth, type ComputeMonthOptions, computeMonth } from './compute-month.js';
export { policyFingerprint, RESULTS_FORMAT } from './fingerprint.js';
export {
  computedAtLabel,
  type Freshness,
  monthFreshness,
  refreshingNote,
  staleNote,
} from './freshness.js';
export { FIGURE_TABLES, resultsMigrations } from './migrations.js';
export type {
  AccountMonth,
  AccountMonthQuery,
  DayAgendas,
  MonthClaim,
  MonthResults,
  OwnedDueAction,
  PortfolioMonth,
  PortfolioSummary,
  ResultsMeta,
  ResultsStore,
  StoredFactor,
  StoredTierResult,
} from './results-store.js';
export { type SaveMonthMeta, type SaveMonthOptions, saveMonth } from './save-month.js';

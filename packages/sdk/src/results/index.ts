export {
  type ComputedMonth,
  type ComputeMonthOptions,
  computeMonth,
  type PreparedMonth,
  prepareMonth,
  type SerialisedComputedAccount,
  type SerialisedComputedMonth,
  serialiseAccountMonth,
  serialiseComputedMonth,
} from './compute-month.js';
export { policyFingerprint, RESULTS_FORMAT } from './fingerprint.js';
export {
  computedAtLabel,
  type Freshness,
  monthFreshness,
  refreshingNote,
  staleNote,
} from './freshness.js';
export { FIGURE_TABLES, resultsMigrations } from './migrations.js';
export {
  type AccountMonth,
  type AccountMonthQuery,
  type AccountMonthRow,
  accountMonthJson,
  type DayAgendas,
  type MonthClaim,
  type MonthResults,
  type OwnedDueAction,
  type PortfolioMonth,
  type PortfolioSummary,
  type ResultsMeta,
  type ResultsStore,
  type SerialisedAccountMonth,
  type StoredFactor,
  type StoredTierResult,
} from './results-store.js';
export { type SaveMonthMeta, type SaveMonthOptions, saveMonth } from './save-month.js';

export {
  assertMonthHasData,
  type DefaultMonthOptions,
  defaultMonth,
  lastCompleteMonth,
  type MonthDataReader,
  noDataMessage,
} from './default-month.js';
export {
  ALERT_PRESETS,
  type AlertPresetName,
  defaultPolicies,
  loadAlertPreset,
  type PortfolioPolicies,
} from './policies.js';
export {
  computePortfolioRun,
  type PortfolioRun,
  type PortfolioRunInput,
  type PortfolioTiers,
  type PortfolioTiersInput,
  portfolioTiers,
  type RunPortfolioOptions,
  runPortfolio,
} from './run-portfolio.js';
export { SCHEME_PRESETS, SCHEMES, type SchemeName, type SchemePresets, schemePolicies } from './schemes.js';

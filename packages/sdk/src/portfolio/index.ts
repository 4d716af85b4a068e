export {
  assertMonthHasData,
  type DefaultMonthOptions,
  defaultMonth,
  lastCompleteMonth,
  type MonthDataReader,
  noDataMessage,
} from './default-month.js';
export { defaultPolicies, type PortfolioPolicies } from './policies.js';
export { type PortfolioRun, type RunPortfolioOptions, runPortfolio } from './run-portfolio.js';

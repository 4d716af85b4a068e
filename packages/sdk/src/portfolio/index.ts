export { defaultPolicies, type PortfolioPolicies } from './policies.js';
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

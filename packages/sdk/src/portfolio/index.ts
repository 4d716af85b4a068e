export { defaultPolicies, type PortfolioPolicies } from './policies.js';
export { type PortfolioRun, type RunPortfolioOptions, runPortfolio } from './run-portfolio.js';

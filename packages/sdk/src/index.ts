/**
 * `@kamkit/sdk` — key-account management as code: accounts and their structure
 * tree, metrics, scoring, tiering, service cadences, alerts, 360° evaluation,
 * storage and access control.
 *
 * @module
 */
export * from './access/index.js';
export * from './alerts/index.js';
export * from './authz/index.js';
export * from './cadence/index.js';
export * from './chat/index.js';
export * from './claims/index.js';
export * from './complaints/index.js';
export * from './config/index.js';
export * from './contracts/index.js';
export {
  type DemoContactHabit,
  type GenerateContactHistoryOptions,
  generateContactHistory,
} from './demo/generate-contact-history.js';
export {
  type DemoPaymentHabit,
  type GeneratePaymentsOptions,
  generatePayments,
} from './demo/generate-payments.js';
export {
  type DemoPortfolio,
  type GeneratePortfolioOptions,
  generatePortfolio,
} from './demo/generate-portfolio.js';
export { seedDemoPortfolio } from './demo/seed-demo.js';
export * from './domain/index.js';
export * from './errors/index.js';
export * from './host/index.js';
export * from './import/index.js';
export * from './kam/index.js';
export * from './metrics/index.js';
export * from './money/index.js';
export * from './notify/index.js';
export * from './output/index.js';
export * from './portfolio/index.js';
export * from './profile/index.js';
export * from './refresh/index.js';
export * from './relationship-plans/index.js';
export * from './reports/index.js';
export * from './results/index.js';
export * from './review360/index.js';
export * from './satisfaction/index.js';
export * from './scheduler/index.js';
export * from './scoring/index.js';
export * from './store/index.js';
export * from './tasks/index.js';
export * from './tiering/index.js';
export * from './time/index.js';
export * from './unit-plans/index.js';

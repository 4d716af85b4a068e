/**
 * `@kamkit/sdk` — key-account management as code: accounts and their structure
 * tree, metrics, scoring, tiering, service cadences and alerts.
 *
 * @module
 */
export * from './domain/index.js';
export * from './errors/index.js';
export * from './metrics/index.js';
export * from './money/index.js';
export * from './time/index.js';

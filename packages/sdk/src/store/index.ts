export type { AggregateCacheOptions } from './aggregate-cache.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { allMigrations, coreMigrations, type MigrationReport, runMigrations } from './migrations.js';
export {
  DATABASE_OWNER_URL_ENV,
  DATABASE_URL_ENV,
  DEFAULT_DATA_DIR,
  type OpenStoreOptions,
  openStore,
  resolveStoreTarget,
  type StoreTarget,
} from './open-store.js';
export type {
  AccountFilter,
  AccountRecords,
  AccountVersion,
  AggregateColumnsOptions,
  AggregateQuery,
  AlertStatus,
  AuditEntry,
  AuditFilter,
  ClaimFilter,
  InsertResult,
  Migration,
  MonthlyPaymentTotal,
  PaymentFilter,
  SqlClient,
  Store,
  StoredAlert,
  StoredScore,
  StoredTierAssignment,
  TierOverride,
  WriteMeta,
} from './port.js';
export { ALERT_STATUSES } from './port.js';
export {
  createPostgresStore,
  DEFAULT_AGGREGATE_CACHE_ROWS,
  type PostgresStoreOptions,
} from './postgres-store.js';
export {
  type PgliteDatabase,
  type PgliteQueryable,
  type PgliteServerDatabase,
  type PgPool,
  type PgPoolConnection,
  type PgQueryable,
  pgliteDriver,
  pgPoolDriver,
  type SqlDriver,
} from './sql-driver.js';

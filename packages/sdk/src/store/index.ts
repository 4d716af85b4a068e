export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export type {
  AccountFilter,
  AccountVersion,
  AggregateQuery,
  AuditEntry,
  AuditFilter,
  InsertResult,
  Migration,
  SqlClient,
  Store,
  StoredAlert,
  StoredScore,
  StoredTierAssignment,
  TierOverride,
  WriteMeta,
} from './port.js';

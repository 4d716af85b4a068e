export {
  type AuditTableOptions,
  displayWidth,
  formatAuditTable,
  parseAuditBound,
  summariseChange,
} from './audit-format.js';
export { ACCESS_AUDIT_ACTIONS, auditEntryInDivision, type DivisionRecords } from './audit-scope.js';
export { accessFrozen, forbidden, hiddenOrMissing, type RecordKind } from './errors.js';
export { permissionTableMarkdown } from './permission-table.js';
export {
  ACCESS_RESOURCES,
  ACCESS_SCOPES,
  ACCOUNT_BOUND_RESOURCES,
  type AccessPolicy,
  type AccessPolicyInput,
  AccessPolicySchema,
  type AccessResource,
  AccessScope,
  type AccessTarget,
  DEFAULT_ACCESS_POLICY,
  inScope,
  isAllowed,
  loadAccessPolicy,
  mayGrantRole,
  PERMISSION_LABELS,
  PERMISSIONS,
  type Permission,
  PermissionSchema,
  type Principal,
  ROLE_LABELS,
  SCOPE_LABELS,
  scopeOf,
} from './permissions.js';
export {
  type HandedOverAccount,
  type OffboardResult,
  type OverrideInput,
  type OwnerChange,
  type ScopedStore,
  type ScopeOptions,
  scopeStore,
} from './scoped-store.js';

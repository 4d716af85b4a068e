/**
 * The authorisation layer: a principal (user + rights from the permission
 * table + the accounts those rights reach) that every public path asks, and
 * the check of who a CLI command may act as.
 *
 * @module
 */
export {
  type ActAsOptions,
  mayActAs,
  OPERATOR_ENV,
  operatorOf,
  resolveActingUser,
} from './act-as.js';
export {
  type AccessPrincipal,
  accountTarget,
  loadPrincipal,
  mayReadWholePortfolio,
  type PrincipalOptions,
  type PrincipalStore,
  principalOf,
  visibleRows,
  WHOLE_PORTFOLIO_PERMISSIONS,
} from './principal.js';

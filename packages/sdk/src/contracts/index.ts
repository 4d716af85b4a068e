/**
 * Contracts per account (合同 / 业务协议): terms, renewal, fulfilment, the
 * derived `agreement` flag and the due-list hook for renewals.
 *
 * @module
 */
export {
  AGREEMENT_FLAG,
  CONTRACT_RENEWALS,
  CONTRACT_SCOPE_LABELS,
  CONTRACT_SCOPES,
  CONTRACT_STATUSES,
  CONTRACT_TYPE_LABELS,
  CONTRACT_TYPES,
  type Contract,
  type ContractDueItem,
  type ContractInput,
  ContractSchema,
  type ContractStanding,
  type ContractState,
  contractDueItems,
  contractLine,
  contractState,
  isContractInForce,
  renewContract,
  STANDING_LABELS,
  withContractFlags,
} from './contract.js';
export { contractMigrations } from './migrations.js';

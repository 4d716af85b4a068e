/**
 * Attribution claims (大客户归属争议): a unit claims an account registered to
 * another; the holding division accepts or contests; the level above decides.
 *
 * @module
 */
export {
  CLAIM_STATUS_LABELS,
  CLAIM_STATUSES,
  CLAIM_TEXT_MAX,
  type Claim,
  type ClaimAnswer,
  type ClaimDecision,
  type ClaimInput,
  ClaimInputSchema,
  ClaimSchema,
  type ClaimStatus,
  claimId,
  claimStage,
  describeClaim,
  PENDING_CLAIM_STATUSES,
} from './claim.js';
export { claimActors } from './claim-actors.js';
export { claimMigrations } from './migrations.js';

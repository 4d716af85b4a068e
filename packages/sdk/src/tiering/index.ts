/**
 * Tiering (分级): tier policies as data — ladder, ranges, grid, rules,
 * matrix — with admission, explanations, upgrade paths, hysteresis, manual
 * overrides, tier history and the seed schemes as presets.
 *
 * @module
 */
export { type AdmissionResult, admissionColumn, assessAdmission } from './admission.js';
export {
  type AppliedOverride,
  type AssignTiersOptions,
  assignTiers,
  type TierAssignment,
  type TierExplanation,
  toStoredTierAssignment,
} from './assign-tiers.js';
export type { ConditionExplanation, FigureReading, Requirement } from './condition.js';
export {
  evaluateTierColumns,
  type RawBasis,
  type RawTierAssignment,
  rawAssignmentAt,
  type TierColumns,
} from './evaluate.js';
export { type FigureUnit, formatFigure, type PolicyText } from './figure-text.js';
export {
  compareTiers,
  isDowngrade,
  isUpgrade,
  type TierMigrations,
  type TierOfAccount,
  tierMigrations,
} from './history.js';
export {
  loadAdmissionPolicy,
  loadAdmissionPolicyFile,
  loadTierPolicy,
  loadTierPolicyFile,
} from './load-policy.js';
export {
  type Admission,
  type AdmissionPolicy,
  type Axis,
  type Band,
  type Cell,
  type Condition,
  type Engine,
  type Interval,
  type MarginBand,
  type Rule,
  type TierInfo,
  type TierPolicy,
  tierLabel,
  tierRank,
  withAdmission,
} from './policy.js';
export {
  type AdmissionPolicyDocument,
  type AdmissionPolicyInput,
  AdmissionPolicySchema,
  type ConditionDocument,
  type ConditionInput,
  ConditionSchema,
  type Threshold,
  type TierPolicyDocument,
  type TierPolicyInput,
  type TierPolicyKind,
  TierPolicySchema,
} from './policy-schema.js';
export {
  ADMISSION_PRESETS,
  type AdmissionPresetName,
  loadAdmissionPreset,
  loadTierPreset,
  TIER_PRESETS,
  type TierPresetName,
} from './presets.js';
export {
  type RawTier,
  type Stabilised,
  stabilise,
  stateFromHistory,
  statesFromHistory,
  type TierHold,
  type TierState,
  TierStateSchema,
} from './stabilise.js';
export { type UpgradeInput, type UpgradePath, upgradePath } from './upgrade.js';

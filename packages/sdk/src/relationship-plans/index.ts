/**
 * Half-yearly relationship development plans (客户关系发展计划): one per key
 * account and half-year, written by its owners, approved and filed by their
 * supervisor, on the due list until filed.
 *
 * @module
 */
export {
  HALF_YEAR_EXPECTED,
  HALF_YEAR_PATTERN,
  halfYearDays,
  halfYearLabel,
  halfYearMonths,
  halfYearOf,
  parseHalfYear,
} from './half-year.js';
export { relationshipPlanMigrations } from './migrations.js';
export {
  DEFAULT_RELATIONSHIP_PLAN_POLICY,
  decideRelationshipPlan,
  type FiledRelationshipPlan,
  FiledRelationshipPlanSchema,
  loadRelationshipPlanPolicy,
  RELATIONSHIP_PLAN_SECTION_LABELS,
  RELATIONSHIP_PLAN_SECTIONS,
  RELATIONSHIP_PLAN_STATUS_LABELS,
  RELATIONSHIP_PLAN_STATUSES,
  RELATIONSHIP_PLAN_SUBJECT,
  RELATIONSHIP_PLAN_TEXT_MAX,
  type RelationshipPlan,
  type RelationshipPlanActor,
  type RelationshipPlanDecision,
  type RelationshipPlanDueInput,
  type RelationshipPlanDueItem,
  type RelationshipPlanInput,
  RelationshipPlanInputSchema,
  type RelationshipPlanPolicy,
  type RelationshipPlanPolicyInput,
  RelationshipPlanPolicySchema,
  RelationshipPlanSchema,
  type RelationshipPlanSection,
  type RelationshipPlanStatus,
  relationshipPlanDueDate,
  relationshipPlanDueItems,
  relationshipPlanHalfYears,
  relationshipPlanId,
  relationshipPlanLines,
  submitRelationshipPlan,
  writeRelationshipPlan,
} from './relationship-plan.js';

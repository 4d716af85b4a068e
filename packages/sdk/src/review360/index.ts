/**
 * 360° evaluation: competency models and presets, relation weights, cycles
 * and their state machine, nominations and invitations, submissions, robust
 * columnar aggregation with anonymity and leniency checks, results access,
 * appeals and reminders.
 *
 * @module
 */
export {
  administersSubject,
  assertCanReadResult,
  canReadResult,
  isReview360Admin,
  onCommitteeFor,
  type Review360Directory,
  resultReaders,
  review360AdminScope,
  review360CommitteeScope,
  subjectDivision,
} from './access.js';
export {
  type Aggregation,
  type AggregationInput,
  AggregationSchema,
  aggregateRatings,
  weightedOverall,
} from './aggregation.js';
export { APPEAL_LEVELS, type Appeal, type AppealLevel, appealLevel } from './appeal.js';
export {
  aggregateRatingBatch,
  leniencyZ,
  type RatingBatchConfig,
  type RatingBatchInput,
  type RatingBatchResult,
  UNIT_ABSENT,
  UNIT_POOLED,
  UNIT_SHOWN,
  UNIT_WITHHELD,
  type WithheldPolicy,
} from './batch.js';
export {
  assertCycleState,
  CYCLE_STATES,
  CYCLE_TRANSITIONS,
  type Cycle,
  type CycleInput,
  CycleSchema,
  type CycleState,
  copyCycle,
  loadCycle,
  type Subject,
  SubjectSchema,
  subjectPersonId,
  transitionCycle,
} from './cycle.js';
export {
  createReview360Engine,
  type RaterIdentity,
  type Review360Engine,
  type Review360EngineOptions,
} from './engine.js';
export { review360Migrations } from './migrations.js';
export {
  type CompetencyModel,
  type CompetencyModelInput,
  CompetencyModelSchema,
  type Dimension,
  type EventPoints,
  eventPointsAdjustment,
  type GradeBand,
  gradeFor,
  type Item,
  loadCompetencyModel,
  type SatisfactionBlend,
  SatisfactionBlendSchema,
  type Scale,
  satisfactionOnScale,
} from './model.js';
export {
  createInvitation,
  hashInvitationToken,
  type Invitation,
  type Nomination,
  type RaterProposal,
  type RaterProposalInput,
  raterKeyOf,
} from './nomination.js';
export {
  COMPETENCY_MODEL_PRESETS,
  competencyModelPreset,
  RELATION_WEIGHT_PRESETS,
  relationWeightsPreset,
} from './presets.js';
export {
  DEFAULT_MIN_RATERS,
  loadRelationWeights,
  RELATIONS,
  type Relation,
  type RelationGroup,
  type RelationWeights,
  type RelationWeightsInput,
  RelationWeightsSchema,
} from './relations.js';
export {
  type CycleProgress,
  cycleProgress,
  type ProgressCounts,
  type ReminderEvent,
  reminderEvents,
} from './reminders.js';
export {
  createMemoryReviewRepository,
  type ReviewRepository,
  type StoredResult,
  type UpsertSubmissionResult,
} from './repository.js';
export {
  batchConfigFor,
  type CycleResults,
  computeCycleResults,
  type EventTallies,
  type GapEntry,
  type GroupResult,
  type ItemResult,
  type OutlierFlag,
  type PoolResult,
  type SatisfactionFigures,
  type SatisfactionInResult,
  type ScoredFigure,
  type SubjectResult,
  type SubjectSatisfaction,
} from './results.js';
export { applyReview360Migrations, createSqlReviewRepository } from './sql-repository.js';
export { type Submission, type SubmissionInput, submissionHash, validateAnswers } from './submission.js';

/**
 * Scoring (贡献值评价): models as data, columnar batch scoring, explanations,
 * score diffs, ranking and RFM segments.
 *
 * @module
 */
export {
  diffScores,
  explainScore,
  type FactorContribution,
  type FactorDelta,
  type ScoreDiff,
  type ScoreExplanation,
  type TopFactorsOptions,
  topFactors,
} from './explain.js';
export { loadScoringModelFile } from './load-model-file.js';
export {
  DIRECTIONS,
  type Direction,
  type Factor,
  type FactorInput,
  FactorSchema,
  type Label,
  LabelSchema,
  labelText,
  loadScoringModel,
  MissingSchema,
  NORMALISE_METHODS,
  type Normalise,
  type NormaliseInput,
  type NormaliseMethod,
  NormaliseSchema,
  type ScoringModel,
  type ScoringModelInput,
  ScoringModelSchema,
} from './model.js';
export { type NormaliseSpec, normaliseColumn } from './normalise.js';
export { CONTRIBUTION_VALUE_MODEL, RFM_MODEL, SCORING_PRESETS } from './presets.js';
export { type RankedAccount, type RankScoresOptions, rankScores } from './rank.js';
export { quintileOf, type RfmFactorIds, type RfmSegments, rfmSegments } from './rfm.js';
export {
  type FactorColumn,
  type ScoreColumnsOptions,
  type ScoreResult,
  scoreColumns,
} from './score-columns.js';
export { type ScorePortfolioOptions, scorePortfolio } from './score-portfolio.js';

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
  loadScoringModel,
  MissingFigureSchema,
  NORMALISE_METHODS,
  type Normalise,
  type NormaliseInput,
  type NormaliseMethod,
  NormaliseSchema,
  SCORE_DIRECTIONS,
  type ScoreDirection,
  type ScoringFactor,
  type ScoringFactorInput,
  ScoringFactorSchema,
  type ScoringLabel,
  ScoringLabelSchema,
  type ScoringModel,
  type ScoringModelInput,
  ScoringModelSchema,
  scoringLabelText,
} from './model.js';
export { type NormaliseSpec, normaliseColumn } from './normalise.js';
export { CONTRIBUTION_VALUE_MODEL, RFM_MODEL, SCORING_PRESETS } from './presets.js';
export { type RankedAccount, type RankScoresOptions, rankScores } from './rank.js';
export { type RfmFactorIds, type RfmSegments, rfmQuintile, rfmSegments } from './rfm.js';
export {
  type FactorColumn,
  type ScoreColumnsOptions,
  type ScoreResult,
  scoreColumns,
} from './score-columns.js';
export { type ScorePortfolioOptions, scorePortfolio } from './score-portfolio.js';

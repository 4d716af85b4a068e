/**
 * Satisfaction surveys (满意度调查): surveys as policy data, responses per
 * account, and the satisfaction index per account and portfolio.
 *
 * @module
 */
export { satisfactionMigrations } from './migrations.js';
export {
  type AccountSatisfaction,
  accountSatisfaction,
  type PortfolioSatisfaction,
  portfolioSatisfaction,
  responseScore,
  type SatisfactionIndex,
  type SatisfactionOptions,
  satisfactionLine,
} from './satisfaction-index.js';
export {
  answersInOrder,
  checkAnswers,
  defaultSurvey,
  loadSurvey,
  SURVEY_CHANNEL_LABELS,
  SURVEY_CHANNELS,
  SURVEY_PRESETS,
  type SurveyChannel,
  type SurveyDefinition,
  type SurveyDefinitionInput,
  SurveyDefinitionSchema,
  type SurveyPresetName,
  type SurveyQuestion,
  SurveyQuestionSchema,
  type SurveyResponse,
  type SurveyResponseInput,
  SurveyResponseSchema,
  surveyOf,
  surveyPresets,
  surveyScaleText,
} from './survey.js';

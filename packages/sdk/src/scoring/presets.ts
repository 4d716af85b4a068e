import { loadScoringModel, type ScoringModel } from './model.js';
import contributionValue from './presets/contribution-value.json' with { type: 'json' };
import rfm from './presets/rfm.json' with { type: 'json' };

/**
 * RFM (recency, frequency, monetary) as a scoring model: days since the last
 * purchase (lower is better), number of purchases and revenue over a rolling
 * 12 months, each by percentile rank, equal weights. Pair with
 * {@link rfmSegments} for the classic `'545'` codes.
 */
export const RFM_MODEL: ScoringModel = loadScoringModel(rfm, 'scoring/presets/rfm.json');

/**
 * Contribution value (贡献值, seed004 / seed000): profit contribution 30
 * (rolling 12 months, percentile; unknown profit is left out), sales volume 20
 * (percentile), growth over the previous 12 months 15 (z-score ±2; a new account
 * counts as average), purchase frequency 10 (log), credit standing 10 (attribute
 * `creditScore`, points ≥60/75/90), sales potential 10 (attribute `potential`,
 * min-max), industry standing 5 (attribute `industryStanding` 1–5, points ≥3/4/5).
 */
export const CONTRIBUTION_VALUE_MODEL: ScoringModel = loadScoringModel(
  contributionValue,
  'scoring/presets/contribution-value.json',
);

/** The built-in scoring models by id. */
export const SCORING_PRESETS: Readonly<Record<string, ScoringModel>> = {
  [RFM_MODEL.id]: RFM_MODEL,
  [CONTRIBUTION_VALUE_MODEL.id]: CONTRIBUTION_VALUE_MODEL,
};

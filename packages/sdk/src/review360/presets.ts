/**
 * The seed schemes as presets: competency models and relation weights
 * (DOMAIN.md §8). Parsed on first use.
 *
 * @module
 */
import { notFound } from '../errors/kam-error.js';
import { type CompetencyModel, loadCompetencyModel } from './model.js';
import annualReview from './presets/annual-review.json' with { type: 'json' };
import dcfin18 from './presets/dcfin-18.json' with { type: 'json' };
import dcfin27 from './presets/dcfin-27.json' with { type: 'json' };
import frontLine from './presets/front-line.json' with { type: 'json' };
import keyAccountRelationship from './presets/key-account-relationship.json' with { type: 'json' };
import midLevelManager from './presets/mid-level-manager.json' with { type: 'json' };
import relationWeights from './presets/relation-weights.json' with { type: 'json' };
import { loadRelationWeights, type RelationWeights } from './relations.js';

const modelSources = {
  'dcfin-27': dcfin27,
  'dcfin-18': dcfin18,
  'annual-review': annualReview,
  'mid-level-manager': midLevelManager,
  'front-line': frontLine,
  'key-account-relationship': keyAccountRelationship,
} as const;

/** Ids of the preset competency models. */
export const COMPETENCY_MODEL_PRESETS = Object.keys(modelSources) as (keyof typeof modelSources)[];
/** Ids of the preset relation weight schemes. */
export const RELATION_WEIGHT_PRESETS = [
  'dcfin-cycle-1',
  'dcfin-cycle-2',
  'annual-review',
  'key-account-relationship',
] as const;

const modelCache = new Map<string, CompetencyModel>();
const weightCache = new Map<string, RelationWeights>();

/**
 * A preset competency model: `dcfin-27` (9 × 3 = 27 criteria), `dcfin-18` (its
 * 18-criteria revision), `annual-review` (character 20 %, ability 30 %,
 * performance 50 %), `mid-level-manager` (anchored 1–5 form), `front-line`
 * (conduct with event points, results 70 %) or `key-account-relationship`
 * (a key-account relationship; half its customer-satisfaction dimension is
 * the account's satisfaction index).
 *
 * @throws KamError `NOT_FOUND` for an unknown id.
 * @example
 * ```ts
 * const model = competencyModelPreset('dcfin-27');
 * ```
 */
export function competencyModelPreset(id: string): CompetencyModel {
  const cached = modelCache.get(id);
  if (cached) return cached;
  const source = (modelSources as Record<string, unknown>)[id];
  if (source === undefined) throw notFound('能力模型预设 / competency model preset', id);
  const model = loadCompetencyModel(source);
  modelCache.set(id, model);
  return model;
}

/**
 * A preset relation weight scheme: `dcfin-cycle-1` (70/20/10), `dcfin-cycle-2`
 * (60/30/10; the seed gives only the supervisor's 60 %, the split of the rest
 * is ours), `annual-review` (70/10/10/10) or `key-account-relationship`.
 *
 * @throws KamError `NOT_FOUND` for an unknown id.
 */
export function relationWeightsPreset(id: string): RelationWeights {
  const cached = weightCache.get(id);
  if (cached) return cached;
  const source = relationWeights.find((scheme) => scheme.id === id);
  if (source === undefined) throw notFound('评价关系权重预设 / relation weights preset', id);
  const scheme = loadRelationWeights(source);
  weightCache.set(id, scheme);
  return scheme;
}

/**
 * Competency models as data: a rating scale, weighted dimensions whose items
 * carry high/low behaviour anchors, optional event points (front-line form) and
 * grade bands. Load them from JSON, YAML or an object; bad models fail at load
 * with the path of the bad field.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import { Id } from '../domain/common.js';
import { parseWith } from '../errors/from-zod.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { LocalisedTextSchema } from './localised.js';

/** One label on the rating scale, e.g. `5 → 卓越 / Outstanding`. */
export const ScaleLabelSchema = z.object({ value: z.number(), label: LocalisedTextSchema });

/** The rating scale: integer steps from `min` to `max` (default 1–5). */
export const ScaleSchema = z
  .object({
    min: z.number().int().default(1),
    max: z.number().int().default(5),
    labels: z.array(ScaleLabelSchema).default([]),
  })
  .refine((scale) => scale.max > scale.min, { message: 'max must be greater than min', path: ['max'] });
/** The rating scale. */
export type Scale = z.infer<typeof ScaleSchema>;

/** One rated item (criterion) with its behaviour anchors. */
export const ItemSchema = z.object({
  id: Id,
  text: LocalisedTextSchema,
  /** What the top of the scale looks like (高效表现). */
  high: LocalisedTextSchema.optional(),
  /** What the bottom of the scale looks like (低效表现). */
  low: LocalisedTextSchema.optional(),
});
/** One rated item. */
export type Item = z.infer<typeof ItemSchema>;

/** A dimension (competency): a weight and its items. */
export const DimensionSchema = z.object({
  id: Id,
  name: LocalisedTextSchema,
  definition: LocalisedTextSchema.optional(),
  /** Relative weight; weights are normalised over the model. */
  weight: z.number().positive(),
  items: z.array(ItemSchema).min(1),
});
/** A dimension. */
export type Dimension = z.infer<typeof DimensionSchema>;

/** A grade band: a result at or above `min` (and below the next band) gets this grade. */
export const GradeBandSchema = z.object({ id: Id, label: LocalisedTextSchema, min: z.number() });
/** A grade band. */
export type GradeBand = z.infer<typeof GradeBandSchema>;

/**
 * Event points (front-line form): counted events such as customer praise (+1)
 * or complaint (−1) adjust one dimension, normalised by the number of surveys.
 */
export const EventPointsSchema = z.object({
  dimensionId: Id,
  events: z.array(z.object({ id: Id, label: LocalisedTextSchema, points: z.number() })).min(1),
  /** Scale points added per net event point per survey. */
  scaleUnitsPerPoint: z.number().positive().default(1),
});
/** Event points configuration. */
export type EventPoints = z.infer<typeof EventPointsSchema>;

/**
 * The satisfaction index in a dimension (opt-in): when results are computed,
 * the dimension's score becomes `(1 − weight) × ratings + weight × index`, the
 * index (0–100, `accountSatisfaction` / `portfolioSatisfaction`) placed on the
 * model's scale — a key-account subject's account, or the accounts a staff
 * subject owns (A or B). No index in the window → the ratings alone, with a note.
 */
export const SatisfactionBlendSchema = z.object({
  dimensionId: Id,
  /** Share of the dimension's score the index takes, more than 0 and at most 1. */
  weight: z.number().gt(0).max(1),
});
/** The satisfaction blend of a model. */
export type SatisfactionBlend = z.infer<typeof SatisfactionBlendSchema>;

/** A competency model. */
export const CompetencyModelSchema = z
  .object({
    id: Id,
    name: LocalisedTextSchema,
    description: LocalisedTextSchema.optional(),
    scale: ScaleSchema.default({ min: 1, max: 5, labels: [] }),
    dimensions: z.array(DimensionSchema).min(1),
    eventPoints: EventPointsSchema.optional(),
    satisfaction: SatisfactionBlendSchema.optional(),
    gradeBands: z.array(GradeBandSchema).default([]),
  })
  .superRefine((model, context) => {
    const dimensionIds = new Set<string>();
    const itemIds = new Set<string>();
    model.dimensions.forEach((dimension, dimensionIndex) => {
      if (dimensionIds.has(dimension.id))
        context.addIssue({
          code: 'custom',
          path: ['dimensions', dimensionIndex, 'id'],
          message: `duplicate dimension id ${dimension.id}`,
        });
      dimensionIds.add(dimension.id);
      dimension.items.forEach((item, itemIndex) => {
        if (itemIds.has(item.id))
          context.addIssue({
            code: 'custom',
            path: ['dimensions', dimensionIndex, 'items', itemIndex, 'id'],
            message: `duplicate item id ${item.id}`,
          });
        itemIds.add(item.id);
      });
    });
    if (model.eventPoints && !dimensionIds.has(model.eventPoints.dimensionId))
      context.addIssue({
        code: 'custom',
        path: ['eventPoints', 'dimensionId'],
        message: `unknown dimension ${model.eventPoints.dimensionId}`,
      });
    if (model.satisfaction && !dimensionIds.has(model.satisfaction.dimensionId))
      context.addIssue({
        code: 'custom',
        path: ['satisfaction', 'dimensionId'],
        message: `unknown dimension ${model.satisfaction.dimensionId}`,
      });
    for (const [index, label] of model.scale.labels.entries())
      if (label.value < model.scale.min || label.value > model.scale.max)
        context.addIssue({
          code: 'custom',
          path: ['scale', 'labels', index, 'value'],
          message: `label value outside the scale ${model.scale.min}–${model.scale.max}`,
        });
  });
/** A validated competency model. */
export type CompetencyModel = z.infer<typeof CompetencyModelSchema>;
/** Input form of a competency model (defaults may be omitted). */
export type CompetencyModelInput = z.input<typeof CompetencyModelSchema>;

/**
 * Load a competency model from an object, or from JSON / YAML text.
 *
 * @param input - the model object, or its JSON or YAML source.
 * @throws KamError `INVALID_CONFIG` naming every bad field (e.g. `dimensions[2].weight`).
 * @example
 * ```ts
 * const model = loadCompetencyModel(fs.readFileSync('model.yaml', 'utf8'));
 * model.dimensions.length; // 9
 * ```
 */
export function loadCompetencyModel(input: unknown): CompetencyModel {
  let value = input;
  if (typeof input === 'string') {
    try {
      // The YAML parser is loaded on first use: reading the configured models (objects) does not need it.
      value = (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(input);
    } catch (cause) {
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_CONFIG,
        message: {
          'zh-CN': '能力模型不是有效的 JSON 或 YAML',
          en: 'Competency model is not valid JSON or YAML',
        },
        cause,
      });
    }
  }
  return parseWith(CompetencyModelSchema, value, { 'zh-CN': '能力模型', en: 'competency model' });
}

/** Every item of a model in order, with the index of its dimension. */
export function modelItems(model: CompetencyModel): { item: Item; dimensionIndex: number }[] {
  const items: { item: Item; dimensionIndex: number }[] = [];
  model.dimensions.forEach((dimension, dimensionIndex) => {
    for (const item of dimension.items) items.push({ item, dimensionIndex });
  });
  return items;
}

/** The grade band a score falls in (highest `min` not above the score), or `null`. */
export function gradeFor(score: number, bands: readonly GradeBand[]): GradeBand | null {
  if (!Number.isFinite(score)) return null;
  let best: GradeBand | null = null;
  for (const band of bands) if (score >= band.min && (best === null || band.min > best.min)) best = band;
  return best;
}

/**
 * Event-point adjustment of the front-line form: the net points
 * (Σ points × count) divided by the number of surveys, times
 * `scaleUnitsPerPoint`. Staff with many surveys are not favoured over staff
 * with few. No surveys → no adjustment.
 *
 * @example
 * ```ts
 * // 3 praises, 1 complaint over 10 surveys → +0.2 scale points
 * eventPointsAdjustment(model.eventPoints!, { counts: { praise: 3, complaint: 1 }, surveys: 10 });
 * ```
 */
export function eventPointsAdjustment(
  config: EventPoints,
  tally: { counts: Readonly<Record<string, number>>; surveys: number },
): number {
  if (!(tally.surveys > 0)) return 0;
  let net = 0;
  for (const event of config.events) net += event.points * (tally.counts[event.id] ?? 0);
  return (net / tally.surveys) * config.scaleUnitsPerPoint;
}

/**
 * A satisfaction index (0–100) placed on a model's scale:
 * `min + index / 100 × (max − min)`.
 *
 * @example
 * ```ts
 * satisfactionOnScale(75, { min: 1, max: 5, labels: [] }); // 4
 * ```
 */
export function satisfactionOnScale(index: number, scale: Pick<Scale, 'min' | 'max'>): number {
  const bounded = Math.min(100, Math.max(0, index));
  return scale.min + (bounded / 100) * (scale.max - scale.min);
}

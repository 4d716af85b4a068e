/**
 * Scoring models as data (贡献值评价模型): a list of weighted factors, each
 * reading one per-account figure, normalising it to 0–1 and saying which
 * direction is better. Models are plain JSON/YAML objects validated here once;
 * the scoring functions take the validated {@link ScoringModel}.
 *
 * @module
 */
import { z } from 'zod';
import { issuesFromZod, validationError } from '../errors/from-zod.js';
import type { Issue, LocalisedText } from '../errors/kam-error.js';
import { FigureRefSchema } from '../metrics/figures.js';
import { parseMoney } from '../money/money.js';

/** A label: one string, or one per locale. */
export const ScoringLabelSchema = z.union([
  z.string().trim().min(1),
  z.strictObject({ 'zh-CN': z.string().trim().min(1), en: z.string().trim().min(1) }),
]);
/** A label: one string, or one per locale. */
export type ScoringLabel = z.infer<typeof ScoringLabelSchema>;

/** Ways a raw figure becomes a 0–1 value, before `direction` is applied. */
export const NORMALISE_METHODS = ['min-max', 'percentile', 'z-score', 'log', 'points'] as const;
/** One of {@link NORMALISE_METHODS}. */
export type NormaliseMethod = (typeof NORMALISE_METHODS)[number];

/** `direction` values: whether a larger raw figure is better or worse. */
export const SCORE_DIRECTIONS = ['higher-is-better', 'lower-is-better'] as const;
/** One of {@link SCORE_DIRECTIONS}. */
export type ScoreDirection = (typeof SCORE_DIRECTIONS)[number];

/**
 * A custom zod issue that carries its own bilingual "expected" text, so the
 * load error reads well in both locales.
 */
function expecting(expected: LocalisedText) {
  return { message: expected.en, params: { expected } };
}

/** A threshold: a number in the figure's unit, or an amount string (`'150万'`, `'¥1,500,000'`) read as fen. */
const Threshold = z.union([
  z.number(),
  z.string().transform((text, context) => {
    try {
      return parseMoney(text);
    } catch {
      context.issues.push({
        code: 'custom',
        input: text,
        ...expecting({
          'zh-CN': `应为数字或金额（如 150万、¥1,500,000），而不是“${text}”`,
          en: `expected a number or an amount such as 150万 or ¥1,500,000, not "${text}"`,
        }),
      });
      return z.NEVER;
    }
  }),
]);

const PointsRow = z.strictObject({
  /** Figures at or above `min` (inclusive) earn `points`, up to the next row's `min`. */
  min: Threshold,
  points: z.number().min(0),
});

const NormaliseObjectSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('min-max') }),
  z.strictObject({ method: z.literal('percentile') }),
  z.strictObject({
    method: z.literal('z-score'),
    /** |z| is clamped to this many standard deviations, then mapped linearly onto 0–1. */
    clamp: z.number().positive().default(3),
  }),
  z.strictObject({ method: z.literal('log') }),
  z.strictObject({
    method: z.literal('points'),
    /** Rows with ascending `min`; a figure earns the points of the last row whose `min` it reaches. */
    table: z
      .array(PointsRow)
      .min(1)
      .superRefine((rows, context) => {
        rows.forEach((row, index) => {
          const previous = rows[index - 1];
          if (previous !== undefined && !(row.min > previous.min)) {
            context.addIssue({
              code: 'custom',
              path: [index, 'min'],
              ...expecting({
                'zh-CN': `阈值须严格递增：应大于上一行的 ${previous.min}`,
                en: `thresholds must ascend: expected more than the previous row's ${previous.min}`,
              }),
            });
          }
        });
        if (!rows.some((row) => row.points > 0)) {
          context.addIssue({
            code: 'custom',
            ...expecting({
              'zh-CN': '至少一行的分数应大于 0',
              en: 'expected at least one row with points above 0',
            }),
          });
        }
      }),
    /** Points for figures below the first row's `min` (default 0). */
    below: z.number().min(0).default(0),
  }),
]);

/**
 * How a factor normalises its figure: `'percentile'` (shorthand for
 * `{ method: 'percentile' }`) or an object with the method's parameters.
 */
export const NormaliseSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { method: value } : value),
  NormaliseObjectSchema,
);
/** How a factor normalises its figure. */
export type Normalise = z.infer<typeof NormaliseObjectSchema>;
/** Input form of {@link Normalise}. */
export type NormaliseInput = NormaliseMethod | z.input<typeof NormaliseObjectSchema>;

const [metricRefSchema, attributeRefSchema, flagRefSchema] = FigureRefSchema.options;

/**
 * The figure a factor reads: `{ metric, window?, rollUp? }`, `{ attribute }` or
 * `{ flag }`. Checked form by form, so an unknown metric name is reported at
 * `source.metric` with the list of known names.
 */
const SourceSchema = z.unknown().transform((value, context) => {
  const form =
    typeof value === 'object' && value !== null
      ? 'metric' in value
        ? metricRefSchema
        : 'attribute' in value
          ? attributeRefSchema
          : 'flag' in value
            ? flagRefSchema
            : undefined
      : undefined;
  if (form === undefined) {
    context.issues.push({
      code: 'custom',
      input: value,
      ...expecting({
        'zh-CN': '应为 { metric, window } 、{ attribute } 或 { flag } 之一',
        en: 'expected one of { metric, window }, { attribute } or { flag }',
      }),
    });
    return z.NEVER;
  }
  const result = form.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const expected = issuesFromZod(new z.ZodError([issue]))[0]!.expected;
      context.issues.push({ code: 'custom', input: value, path: issue.path, ...expecting(expected) });
    }
    return z.NEVER;
  }
  return result.data;
});

/** What a missing figure (NaN) counts as: a normalised value in 0–1, or `'exclude'`. */
export const MissingFigureSchema = z.union([z.number().min(0).max(1), z.literal('exclude')]);

/** One weighted factor of a scoring model. */
export const ScoringFactorSchema = z.strictObject({
  /** Stable id, unique within the model (`profit`, `recency`). */
  id: z.string().trim().min(1),
  label: ScoringLabelSchema.optional(),
  /** The per-account figure: a metric over a window, an attribute, or a flag. */
  source: SourceSchema,
  /** Relative weight, > 0; weights need not sum to 1 or 100. */
  weight: z
    .number()
    .refine(
      (value) => value > 0,
      expecting({ 'zh-CN': '应为大于 0 的数', en: 'expected a number greater than 0' }),
    ),
  normalise: NormaliseSchema.default({ method: 'percentile' }),
  direction: z.enum(SCORE_DIRECTIONS).default('higher-is-better'),
  /**
   * What a missing figure counts as: a normalised value (default 0, the worst),
   * or `'exclude'` to leave the factor out of that account's weighted average.
   */
  missing: MissingFigureSchema.default(0),
});
/** One weighted factor of a scoring model (validated). */
export type ScoringFactor = z.infer<typeof ScoringFactorSchema>;
/** Input form of {@link ScoringFactor}. */
export type ScoringFactorInput = z.input<typeof ScoringFactorSchema>;

/**
 * A scoring model: `score = 100 × Σ wᵢ·nᵢ / Σ wᵢ` over its factors, where
 * nᵢ ∈ [0, 1] is the factor's normalised figure.
 */
export const ScoringModelSchema = z.strictObject({
  id: z.string().trim().min(1),
  name: ScoringLabelSchema,
  description: ScoringLabelSchema.optional(),
  factors: z.array(ScoringFactorSchema).superRefine((factors, context) => {
    if (factors.length === 0) {
      context.addIssue({
        code: 'custom',
        ...expecting({ 'zh-CN': '应至少有一个因子', en: 'expected at least one factor' }),
      });
    }
    const seen = new Map<string, number>();
    factors.forEach((factor, index) => {
      const first = seen.get(factor.id);
      if (first !== undefined) {
        context.addIssue({
          code: 'custom',
          path: [index, 'id'],
          ...expecting({
            'zh-CN': `因子 id 不能重复：“${factor.id}”已用于 factors[${first}]`,
            en: `expected a unique factor id: "${factor.id}" is already used by factors[${first}]`,
          }),
        });
      } else seen.set(factor.id, index);
    });
  }),
});
/** A validated scoring model. */
export type ScoringModel = z.infer<typeof ScoringModelSchema>;
/** Input form of a scoring model, as written in JSON or YAML. */
export type ScoringModelInput = z.input<typeof ScoringModelSchema>;

const subject = { 'zh-CN': '评分模型', en: 'scoring model' };

/** Turn zod issues into KAMkit issues, keeping the bilingual text of our own checks. */
function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'custom') {
      const expected = (issue.params as { expected?: LocalisedText } | undefined)?.expected;
      if (expected) return [{ path: issuesFromZod(new z.ZodError([issue]))[0]!.path, expected }];
    }
    if (issue.code === 'invalid_union' && issue.path.at(-1) === 'method') {
      const methods = NORMALISE_METHODS.join(', ');
      return [
        {
          path: issuesFromZod(new z.ZodError([issue]))[0]!.path,
          expected: { 'zh-CN': `应为以下之一：${methods}`, en: `expected one of: ${methods}` },
        },
      ];
    }
    return issuesFromZod(new z.ZodError([issue]));
  });
}

/**
 * Validate a scoring model written as data.
 *
 * @param raw - the model object (from JSON, YAML, or code).
 * @param source - where it came from, named in the error (a file path).
 * @returns the model with defaults filled in (`normalise: percentile`,
 *   `direction: higher-is-better`, `missing: 0`, metric `window: this month`).
 * @throws KamError `INVALID_CONFIG` listing every bad field's path and what was
 *   expected: a missing or non-positive `weight`, an unknown metric name, a
 *   duplicate factor id, points thresholds that do not ascend, no factors.
 *
 * @example
 * ```ts
 * const model = loadScoringModel({
 *   id: 'value', name: { 'zh-CN': '客户价值', en: 'Customer value' },
 *   factors: [
 *     { id: 'profit', source: { metric: 'profit', window: { unit: 'rolling', months: 12 } }, weight: 3 },
 *     { id: 'recency', source: { metric: 'recencyDays' }, weight: 1,
 *       normalise: 'min-max', direction: 'lower-is-better' },
 *   ],
 * });
 * ```
 */
export function loadScoringModel(raw: unknown, source?: string): ScoringModel {
  const result = ScoringModelSchema.safeParse(raw);
  if (result.success) return result.data;
  const named =
    source === undefined
      ? subject
      : { 'zh-CN': `${subject['zh-CN']}（${source}）`, en: `${subject.en} (${source})` };
  throw validationError(named, issuesOf(result.error));
}

/** The text of a label in a locale (a plain string label reads the same in both). */
export function scoringLabelText(
  label: ScoringLabel | undefined,
  locale: 'zh-CN' | 'en',
  fallback = '',
): string {
  if (label === undefined) return fallback;
  return typeof label === 'string' ? label : label[locale];
}

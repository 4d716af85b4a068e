/**
 * Tier and admission policies as data: the zod schemas of the documents people
 * write (JSON or YAML). Structure is checked here; meaning (order of
 * thresholds, overlapping ranges, tiers a rule names, units of thresholds) is
 * checked by {@link loadTierPolicy}.
 *
 * @module
 */
import { z } from 'zod';
import { type FigureRefInput, FigureRefSchema } from '../metrics/figures.js';
import { PolicyTextSchema } from './figure-text.js';

/**
 * A figure reference, dispatched on its key (`metric`, `attribute` or `flag`) so
 * a bad one is reported at the bad field (`figure.metric: expected one of …`)
 * rather than as "matches no allowed form".
 */
export const PolicyFigureSchema = z.unknown().transform((value, context) => {
  const options = FigureRefSchema.options;
  const schema =
    typeof value === 'object' && value !== null
      ? 'metric' in value
        ? options[0]
        : 'attribute' in value
          ? options[1]
          : 'flag' in value
            ? options[2]
            : undefined
      : undefined;
  if (schema === undefined) {
    context.addIssue({
      code: 'invalid_type',
      expected: 'object',
      input: value,
      message: 'expected a figure: { metric, window? } or { attribute } or { flag }',
    });
    return z.NEVER;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) context.addIssue(issue as z.core.$ZodRawIssue);
    return z.NEVER;
  }
  return result.data;
}) as unknown as z.ZodType<z.output<typeof FigureRefSchema>, FigureRefInput>;

/**
 * A threshold in the figure's own unit: money figures in fen (a number) or as
 * people write money (`'¥1,500,000'`, `'150万'`); ratios as `0.6` or `'60%'`;
 * other figures as numbers (`2000` kVA, `'5,000,000'` kWh).
 */
export const ThresholdSchema = z.union([z.number(), z.string().min(1)]);
/** A threshold as written in a policy. */
export type Threshold = z.infer<typeof ThresholdSchema>;

/** A tier: its stable id and how it is called. Tiers are listed best first. */
export const TierSchema = z.strictObject({
  id: z.string().trim().min(1),
  label: PolicyTextSchema.optional(),
  description: PolicyTextSchema.optional(),
});

/** Comparison operators of a condition. */
export const CONDITION_OPERATORS = ['>=', '>', '<=', '<', '==', '!='] as const;

/** A condition, as written in a rule or an admission policy. */
export type ConditionInput =
  | {
      figure: FigureRefInput;
      op: (typeof CONDITION_OPERATORS)[number];
      value: Threshold;
      label?: z.input<typeof PolicyTextSchema>;
      unit?: string;
    }
  | { flag: string }
  | { all: ConditionInput[] }
  | { any: ConditionInput[] }
  | { not: ConditionInput };

/** A condition after structural parsing (thresholds still as written). */
export type ConditionDocument =
  | {
      figure: z.output<typeof FigureRefSchema>;
      op: (typeof CONDITION_OPERATORS)[number];
      value: Threshold;
      label?: z.output<typeof PolicyTextSchema> | undefined;
      unit?: string | undefined;
    }
  | { flag: string }
  | { all: ConditionDocument[] }
  | { any: ConditionDocument[] }
  | { not: ConditionDocument };

const ComparisonSchema = z.strictObject({
  figure: PolicyFigureSchema,
  op: z.enum(CONDITION_OPERATORS),
  value: ThresholdSchema,
  label: PolicyTextSchema.optional(),
  unit: z.string().min(1).optional(),
});
const FlagConditionSchema = z.strictObject({ flag: z.string().trim().min(1) });

/**
 * A condition: a comparison (`{ figure, op, value }`), a flag that must be set
 * (`{ flag: 'VIP' }`), or `{ all: [...] }`, `{ any: [...] }`, `{ not: ... }`.
 * Dispatched on its key so errors name the bad field.
 */
export const ConditionSchema: z.ZodType<ConditionDocument, ConditionInput> = z
  .unknown()
  .transform((value, context) => {
    const schema = conditionSchemaFor(value);
    if (schema === undefined) {
      context.addIssue({
        code: 'invalid_type',
        expected: 'object',
        input: value,
        message:
          'expected a condition: { figure, op, value }, { flag }, { all: [...] }, { any: [...] } or { not: ... }',
      });
      return z.NEVER;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) context.addIssue(issue as z.core.$ZodRawIssue);
      return z.NEVER;
    }
    return result.data as ConditionDocument;
  }) as unknown as z.ZodType<ConditionDocument, ConditionInput>;

function conditionSchemaFor(value: unknown): z.ZodType | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if ('figure' in value) return ComparisonSchema;
  if ('flag' in value) return FlagConditionSchema;
  if ('all' in value) return z.strictObject({ all: z.array(ConditionSchema).min(1) });
  if ('any' in value) return z.strictObject({ any: z.array(ConditionSchema).min(1) });
  if ('not' in value) return z.strictObject({ not: ConditionSchema });
  return undefined;
}

/**
 * Hysteresis: `confirmPeriods` N — a change of tier is confirmed only after N
 * consecutive periods pointing the same way; `marginBand` — to leave its
 * current tier an account's figure must cross the bound by a fraction of the
 * bound (`{ fraction: 0.05 }`) or by an amount in the figure's unit
 * (`{ amount: '¥50,000' }`).
 */
export const HysteresisSchema = z.strictObject({
  confirmPeriods: z.number().int().min(1).default(1),
  marginBand: z
    .union([
      z.strictObject({ fraction: z.number().min(0).max(1) }),
      z.strictObject({ amount: ThresholdSchema }),
    ])
    .optional(),
});

/** `'always'` (open entry) or a condition; a bad condition is reported at its own field. */
const AdmissionWhenSchema = z.unknown().transform((value, context): 'always' | ConditionDocument => {
  if (value === 'always') return 'always';
  const result = ConditionSchema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) context.addIssue(issue as z.core.$ZodRawIssue);
    return z.NEVER;
  }
  return result.data;
}) as unknown as z.ZodType<'always' | ConditionDocument, 'always' | ConditionInput>;

/** When an account is admitted as a key account: a condition, or `'always'` (open entry). */
export const AdmissionRuleSchema = z.strictObject({
  when: AdmissionWhenSchema,
  label: PolicyTextSchema.optional(),
});

/** A key-account admission policy (准入), separate from tiering. */
export const AdmissionPolicySchema = z.strictObject({
  kind: z.literal('admission'),
  id: z.string().trim().min(1),
  name: PolicyTextSchema.optional(),
  description: PolicyTextSchema.optional(),
  when: AdmissionWhenSchema,
});
/** An admission policy document. */
export type AdmissionPolicyDocument = z.output<typeof AdmissionPolicySchema>;
/** Input form of an admission policy. */
export type AdmissionPolicyInput = z.input<typeof AdmissionPolicySchema>;

const common = {
  id: z.string().trim().min(1),
  name: PolicyTextSchema.optional(),
  description: PolicyTextSchema.optional(),
  /** What to call an account below every tier (default "not a key account"). */
  noTierLabel: PolicyTextSchema.optional(),
  hysteresis: HysteresisSchema.optional(),
  /** Only admitted accounts are tiered; the rest get no tier. */
  admission: AdmissionRuleSchema.optional(),
};

const singleFigure = {
  figure: PolicyFigureSchema,
  figureLabel: PolicyTextSchema.optional(),
  /** Name of a custom unit (`kVA`, `kWh`) for attributes and units. */
  figureUnit: z.string().min(1).optional(),
};

/** Ladder on one figure: each tier from its minimum up, best first (retail A–E). */
export const LadderPolicySchema = z.strictObject({
  kind: z.literal('ladder'),
  ...common,
  ...singleFigure,
  /** Whether a value equal to a tier's minimum belongs to it (包含, default true). */
  inclusive: z.boolean().default(true),
  tiers: z.array(TierSchema.extend({ min: ThresholdSchema })).min(1),
});

/** Ranges on one figure, best first (postal Platinum ¥1M–5M, Gold ¥500k–1M, VIP ¥10k–500k). */
export const RangesPolicySchema = z.strictObject({
  kind: z.literal('ranges'),
  ...common,
  ...singleFigure,
  /** Which tier a value exactly on a shared bound belongs to (default the better one). */
  atSharedBound: z.enum(['better', 'worse']).default('better'),
  /** What happens above the top range's maximum (default: still the top tier). */
  aboveTop: z.enum(['top-tier', 'no-tier']).default('top-tier'),
  tiers: z.array(TierSchema.extend({ min: ThresholdSchema, max: ThresholdSchema.optional() })).min(1),
});

const BandSchema = z.strictObject({
  id: z.string().trim().min(1),
  label: PolicyTextSchema.optional(),
  /** Lowest value in the band (inclusive); omit on the last band to catch everything below. */
  min: ThresholdSchema.optional(),
});

/** One axis of a grid: a figure and its bands, highest first. */
export const GridAxisSchema = z.strictObject({
  figure: PolicyFigureSchema,
  label: PolicyTextSchema.optional(),
  unit: z.string().min(1).optional(),
  bands: z.array(BandSchema).min(1),
});

/** A grid cell: a tier id, `null` (no tier), or a tier with flags. */
export const GridCellSchema = z.union([
  z.string().trim().min(1),
  z.null(),
  z.strictObject({
    tier: z.string().trim().min(1).nullable(),
    flags: z.array(z.string().min(1)).default([]),
  }),
]);

/**
 * Two factors → levels (airline: customer's total volume × our share). `cells`
 * is one row per band of `rows`, one entry per band of `columns`.
 * `upgrade: 'volume-with-us'` words upgrade paths as extra volume with us
 * (rows must be `marketTotal`, columns `shareOfWallet`).
 */
export const GridPolicySchema = z.strictObject({
  kind: z.literal('grid'),
  ...common,
  rows: GridAxisSchema,
  columns: GridAxisSchema,
  cells: z.array(z.array(GridCellSchema)),
  tiers: z.array(TierSchema).min(1),
  upgrade: z.enum(['per-figure', 'volume-with-us']).default('per-figure'),
});

const MatrixAxisSchema = z.strictObject({
  figure: PolicyFigureSchema,
  label: PolicyTextSchema.optional(),
  unit: z.string().min(1).optional(),
  /** Values at or above the threshold are "high". */
  threshold: ThresholdSchema,
});

/** Attractiveness × position, a threshold on each → four quadrants named by tier ids. */
export const MatrixPolicySchema = z.strictObject({
  kind: z.literal('matrix'),
  ...common,
  attractiveness: MatrixAxisSchema,
  position: MatrixAxisSchema,
  quadrants: z.strictObject({
    /** Attractive and strong (Star). */
    highHigh: z.string().trim().min(1),
    /** Attractive, weak position (Question). */
    highLow: z.string().trim().min(1),
    /** Strong position, limited future (Cash cow). */
    lowHigh: z.string().trim().min(1),
    /** Neither. */
    lowLow: z.string().trim().min(1),
  }),
  tiers: z.array(TierSchema).min(1),
});

/** Ordered rules: the first whose condition holds gives the tier; else `default`. */
export const RulesPolicySchema = z.strictObject({
  kind: z.literal('rules'),
  ...common,
  rules: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1).optional(),
        tier: z.string().trim().min(1),
        when: ConditionSchema,
        label: PolicyTextSchema.optional(),
      }),
    )
    .min(1),
  default: z.string().trim().min(1).nullable().default(null),
  tiers: z.array(TierSchema).min(1),
});

/** Any tier policy document, discriminated on `kind`. */
export const TierPolicySchema = z.discriminatedUnion('kind', [
  LadderPolicySchema,
  RangesPolicySchema,
  GridPolicySchema,
  MatrixPolicySchema,
  RulesPolicySchema,
]);
/** A tier policy document (thresholds as written). */
export type TierPolicyDocument = z.output<typeof TierPolicySchema>;
/** Input form of a tier policy (what a JSON/YAML file or an object literal holds). */
export type TierPolicyInput = z.input<typeof TierPolicySchema>;
/** The kinds of tier policy. */
export type TierPolicyKind = TierPolicyDocument['kind'];

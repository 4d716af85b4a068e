/**
 * The raw tier of every account: what the figures say this period, before
 * hysteresis and overrides. The batch path is columnar (typed arrays over the
 * portfolio); {@link rawAssignmentAt} explains one account from the columns.
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import type { FigureContext } from '../metrics/figures.js';
import { conditionColumn, explainCondition, type FigureReading, reading, valueReader } from './condition.js';
import { type FigureUnit, formatFigure } from './figure-text.js';
import { type Axis, type Engine, type Interval, inInterval, type TierPolicy, tierLabel } from './policy.js';

/** The raw tiers of a portfolio, in columns aligned with `accountIds`. */
export interface TierColumns {
  readonly accountIds: readonly string[];
  /** Tier index (best first) after admission; -1 for no tier. */
  readonly tier: Int32Array;
  /** Tier index the figures give, ignoring admission. */
  readonly tierIgnoringAdmission: Int32Array;
  /** 1 when the account passes the policy's admission rule (always 1 without one). */
  readonly admitted: Uint8Array;
  /** Banded policies: band index per axis (-1 outside every band). */
  readonly bands: readonly Int32Array[];
  /** Banded policies: the measured figure per axis. */
  readonly values: readonly Float64Array[];
  /** Rules policies: index of the first matching rule, -1 for the default. */
  readonly rule: Int32Array;
}

/** The band of `value` on `axis`, or -1; with `aboveTop`, values above the first band count in it. */
export function bandOf(axis: Axis, value: number, aboveTop: boolean): number {
  const bands = axis.bands;
  for (let band = 0; band < bands.length; band++) if (inInterval(value, bands[band]!.interval)) return band;
  const top = bands[0];
  if (aboveTop && top !== undefined && value >= top.interval.hi) return 0;
  return -1;
}

/** The cell of a combination of bands, or -1 when any axis is outside. */
export function cellIndex(engine: Extract<Engine, { kind: 'banded' }>, bands: ArrayLike<number>): number {
  let cell = 0;
  for (let axis = 0; axis < engine.axes.length; axis++) {
    const band = bands[axis]!;
    if (band < 0) return -1;
    cell = cell * engine.axes[axis]!.bands.length + band;
  }
  return cell;
}

/**
 * Evaluate a policy over every account of `context` into typed-array columns.
 * This is the batch path: no per-account objects.
 *
 * @example
 * ```ts
 * const columns = evaluateTierColumns(policy, context);
 * const aCount = columns.tier.filter((tier) => tier === 0).length;
 * ```
 */
export function evaluateTierColumns(policy: TierPolicy, context: FigureContext): TierColumns {
  const size = context.accountIds.length;
  const ungated = new Int32Array(size).fill(-1);
  const rule = new Int32Array(size).fill(-1);
  const bands: Int32Array[] = [];
  const values: Float64Array[] = [];
  const { engine } = policy;
  if (engine.kind === 'banded') {
    engine.axes.forEach((axis, axisIndex) => {
      const column = context.column(axis.meta.figure);
      const bandColumn = new Int32Array(size);
      const aboveTop = engine.aboveTop && axisIndex === 0;
      for (let index = 0; index < size; index++) bandColumn[index] = bandOf(axis, column[index]!, aboveTop);
      bands.push(bandColumn);
      values.push(column);
    });
    if (engine.axes.length === 1) {
      // One axis (ladders, ranges): the band is the cell.
      const cellTiers = Int32Array.from(engine.cells, (cell) => cell.tier);
      const bandColumn = bands[0]!;
      for (let index = 0; index < size; index++) {
        const band = bandColumn[index]!;
        ungated[index] = band < 0 ? -1 : cellTiers[band]!;
      }
    } else {
      const scratch = new Int32Array(engine.axes.length);
      for (let index = 0; index < size; index++) {
        for (let axis = 0; axis < scratch.length; axis++) scratch[axis] = bands[axis]![index]!;
        const cell = cellIndex(engine, scratch);
        ungated[index] = cell < 0 ? -1 : engine.cells[cell]!.tier;
      }
    }
  } else {
    const decided = new Uint8Array(size);
    engine.rules.forEach((candidate, ruleIndex) => {
      const holds = conditionColumn(candidate.when, context);
      for (let index = 0; index < size; index++) {
        if (decided[index] || !holds[index]) continue;
        decided[index] = 1;
        rule[index] = ruleIndex;
        ungated[index] = candidate.tier;
      }
    });
    for (let index = 0; index < size; index++) if (!decided[index]) ungated[index] = engine.defaultTier;
  }
  const admitted =
    policy.admission === undefined || policy.admission.when === 'always'
      ? new Uint8Array(size).fill(1)
      : conditionColumn(policy.admission.when, context);
  const tier = new Int32Array(size);
  for (let index = 0; index < size; index++) tier[index] = admitted[index] ? ungated[index]! : -1;
  return {
    accountIds: context.accountIds,
    tier,
    tierIgnoringAdmission: ungated,
    admitted,
    bands,
    values,
    rule,
  };
}

/** Why the figures gave the raw tier. */
export type RawBasis = 'band' | 'cell' | 'rule' | 'default' | 'outside' | 'unknown-figure' | 'not-admitted';

/** One account's raw tier with the figures and reasoning behind it. */
export interface RawTierAssignment {
  accountId: string;
  policyId: string;
  /** The period the figures are for (the context's as-of month). */
  period: string;
  tier: string | null;
  admitted: boolean;
  /** Flags of the grid cell (e.g. `route-match-analysis`). */
  flags: string[];
  basis: RawBasis;
  /** Id of the band, cell (`L/low`), quadrant or rule that decided. */
  ref: string | null;
  /** Banded policies: band index per axis (-1 outside). */
  bands: number[];
  /** Banded policies: measured figure per axis. */
  values: number[];
  figures: FigureReading[];
  reason: LocalisedText;
}

/** Explain the account at `index` of `columns` (from {@link evaluateTierColumns}). */
export function rawAssignmentAt(
  policy: TierPolicy,
  context: FigureContext,
  columns: TierColumns,
  index: number,
): RawTierAssignment {
  const tierIndex = columns.tier[index]!;
  const tier = tierIndex < 0 ? null : policy.tiers[tierIndex]!.id;
  const base = {
    accountId: columns.accountIds[index]!,
    policyId: policy.id,
    period: context.asOf,
    tier,
    admitted: columns.admitted[index] === 1,
  };
  const { engine } = policy;
  let result: RawTierAssignment;
  if (engine.kind === 'banded') {
    const bands = columns.bands.map((column) => column[index]!);
    const values = columns.values.map((column) => column[index]!);
    const cell = cellIndex(engine, bands);
    const figures = engine.axes.map((axis, axisIndex) => reading(axis.meta, values[axisIndex]!));
    const ungated = columns.tierIgnoringAdmission[index]!;
    result = {
      ...base,
      tier: base.admitted ? tier : null,
      flags: cell >= 0 ? [...engine.cells[cell]!.flags] : [],
      basis: bandedBasis(policy, values, cell),
      ref: cell >= 0 ? engine.cells[cell]!.id : null,
      bands,
      values,
      figures,
      reason: bandedReason(policy, engine, bands, values, cell, ungated),
    };
  } else {
    const readFigure = valueReader(context, index);
    const ruleIndex = columns.rule[index]!;
    const matched = engine.rules[ruleIndex];
    const ungated = columns.tierIgnoringAdmission[index]!;
    const outcome = tierLabel(policy, ungated < 0 ? null : policy.tiers[ungated]!.id);
    let reason: LocalisedText;
    let figures: FigureReading[];
    if (matched) {
      const explained = explainCondition(matched.when, readFigure);
      figures = explained.figures;
      reason = {
        'zh-CN': `${matched.label['zh-CN']}：${explained.text['zh-CN']} → ${outcome['zh-CN']}`,
        en: `${matched.label.en}: ${explained.text.en} → ${outcome.en}`,
      };
    } else {
      const explained = engine.rules.map((candidate) => ({
        candidate,
        ...explainCondition(candidate.when, readFigure),
      }));
      figures = explained.flatMap((entry) => entry.figures);
      const list = (locale: 'zh-CN' | 'en') =>
        explained.map((entry) => `${entry.candidate.label[locale]}：${entry.text[locale]}`).join('；');
      reason = {
        'zh-CN': `没有规则适用（${list('zh-CN')}）→ 默认 ${outcome['zh-CN']}`,
        en: `no rule applies (${list('en').replaceAll('：', ': ').replaceAll('；', '; ')}) → default ${outcome.en}`,
      };
    }
    result = {
      ...base,
      flags: [],
      basis: matched ? 'rule' : 'default',
      ref: matched ? matched.id : null,
      bands: [],
      values: [],
      figures: dedupeFigures(figures),
      reason,
    };
  }
  if (!result.admitted && policy.admission !== undefined && policy.admission.when !== 'always') {
    const admission = explainCondition(policy.admission.when, valueReader(context, index));
    result.basis = 'not-admitted';
    result.figures = dedupeFigures([...admission.figures, ...result.figures]);
    result.reason = {
      'zh-CN': `未达准入条件（${policy.admission.label['zh-CN']}：${admission.text['zh-CN']}）→ ${policy.noTierLabel['zh-CN']}`,
      en: `admission not met (${policy.admission.label.en}: ${admission.text.en}) → ${policy.noTierLabel.en}`,
    };
  }
  return result;
}

function dedupeFigures(figures: readonly FigureReading[]): FigureReading[] {
  const seen = new Set<string>();
  const out: FigureReading[] = [];
  for (const figure of figures) {
    const key = JSON.stringify(figure.figure);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(figure);
  }
  return out;
}

function bandedBasis(policy: TierPolicy, values: readonly number[], cell: number): RawBasis {
  if (values.some((value) => Number.isNaN(value))) return 'unknown-figure';
  if (cell < 0) return 'outside';
  return policy.kind === 'ladder' || policy.kind === 'ranges' ? 'band' : 'cell';
}

const intervalTexts = new WeakMap<Interval, LocalisedText>();

/** A band's bounds for people: `≥ ¥150万`, `≥ ¥100万 且 ≤ ¥500万` (computed once per band). */
export function intervalText(interval: Interval, unit: FigureUnit): LocalisedText {
  let cached = intervalTexts.get(interval);
  if (!cached) {
    cached = describeInterval(interval, unit);
    intervalTexts.set(interval, cached);
  }
  return cached;
}

function describeInterval(interval: Interval, unit: FigureUnit): LocalisedText {
  const text = (locale: 'zh-CN' | 'en') => {
    const lo = `${interval.loInclusive ? '≥' : '>'} ${formatFigure(interval.lo, unit, locale)}`;
    const hi = `${interval.hiInclusive ? '≤' : '<'} ${formatFigure(interval.hi, unit, locale)}`;
    if (interval.hi === Number.POSITIVE_INFINITY) return lo;
    if (interval.lo === Number.NEGATIVE_INFINITY) return hi;
    return `${lo}${locale === 'zh-CN' ? ' 且 ' : ' and '}${hi}`;
  };
  return { 'zh-CN': text('zh-CN'), en: text('en') };
}

function bandedReason(
  policy: TierPolicy,
  engine: Extract<Engine, { kind: 'banded' }>,
  bands: readonly number[],
  values: readonly number[],
  cell: number,
  tierIndex: number,
): LocalisedText {
  const outcome = tierLabel(policy, tierIndex < 0 ? null : policy.tiers[tierIndex]!.id);
  const single = engine.axes.length === 1;
  const parts = engine.axes.map((axis, axisIndex) => {
    const value = values[axisIndex]!;
    const band = bands[axisIndex]!;
    const valueText = (locale: 'zh-CN' | 'en') =>
      `${axis.label[locale]} ${formatFigure(value, axis.meta.unit, locale)}`;
    if (Number.isNaN(value))
      return { 'zh-CN': `${valueText('zh-CN')}（数据缺失）`, en: `${valueText('en')} (no data)` };
    if (band < 0) {
      const lowest = axis.bands[axis.bands.length - 1]!;
      const bound = intervalText(lowest.interval, axis.meta.unit);
      return {
        'zh-CN': `${valueText('zh-CN')}，低于最低一档 ${lowest.label['zh-CN']}（${bound['zh-CN']}）`,
        en: `${valueText('en')}, outside every band (lowest: ${lowest.label.en}, ${bound.en})`,
      };
    }
    const info = axis.bands[band]!;
    const above = engine.aboveTop && band === 0 && value >= info.interval.hi;
    const bound = intervalText(info.interval, axis.meta.unit);
    if (above)
      return {
        'zh-CN': `${valueText('zh-CN')}，高于最高一档（${bound['zh-CN']}），仍属最高档`,
        en: `${valueText('en')}, above the top range (${bound.en}), still the top tier`,
      };
    if (single)
      return {
        'zh-CN': `${valueText('zh-CN')}，在 ${info.label['zh-CN']} 档（${bound['zh-CN']}）`,
        en: `${valueText('en')}, in band ${info.label.en} (${bound.en})`,
      };
    return {
      'zh-CN': `${valueText('zh-CN')}：${info.label['zh-CN']}（${bound['zh-CN']}）`,
      en: `${valueText('en')}: ${info.label.en} (${bound.en})`,
    };
  });
  const joined = (locale: 'zh-CN' | 'en') =>
    parts.map((part) => part[locale]).join(locale === 'zh-CN' ? '；' : '; ');
  const cellInfo = cell >= 0 && !single ? engine.cells[cell] : undefined;
  const where = cellInfo
    ? {
        'zh-CN': `，格 ${cellInfo.id}`,
        en: `, cell ${cellInfo.id}`,
      }
    : { 'zh-CN': '', en: '' };
  const flags =
    cellInfo && cellInfo.flags.length > 0
      ? { 'zh-CN': `；标记：${cellInfo.flags.join('、')}`, en: `; flags: ${cellInfo.flags.join(', ')}` }
      : { 'zh-CN': '', en: '' };
  return {
    'zh-CN': `${joined('zh-CN')}${where['zh-CN']} → ${outcome['zh-CN']}${flags['zh-CN']}`,
    en: `${joined('en')}${where.en} → ${outcome.en}${flags.en}`,
  };
}

import { readConfigFile } from '../config/read-config-file.js';
import { issuesFromZod, validationError } from '../errors/from-zod.js';
import { type Issue, KamError, type LocalisedText } from '../errors/kam-error.js';
import type { FigureRef } from '../metrics/figures.js';
import { parseMoney } from '../money/money.js';
import {
  defaultFigureLabel,
  type FigureMeta,
  type FigureUnit,
  localised,
  type PolicyText,
  unitName,
  unitOf,
} from './figure-text.js';
import type {
  Admission,
  AdmissionPolicy,
  Axis,
  Band,
  Cell,
  Condition,
  Engine,
  MarginBand,
  Rule,
  TierInfo,
  TierPolicy,
} from './policy.js';
import {
  AdmissionPolicySchema,
  type ConditionDocument,
  type Threshold,
  type TierPolicyDocument,
  TierPolicySchema,
} from './policy-schema.js';

const POLICY_SUBJECT = { 'zh-CN': '分级策略', en: 'tier policy' };
const ADMISSION_SUBJECT = { 'zh-CN': '准入策略', en: 'admission policy' };
const NO_TIER = { 'zh-CN': '非大客户', en: 'not a key account' };

/**
 * Load a tier policy from data (parsed JSON/YAML or an object literal):
 * validate its structure, then its meaning, and compile it.
 *
 * Thresholds are written in the figure's unit; money may also be written
 * `'¥1,500,000'` or `'150万'`, ratios `'60%'`.
 *
 * @param raw - the policy document.
 * @returns the loaded policy, ready for {@link assignTiers}.
 * @throws KamError `INVALID_CONFIG` listing every bad field with its path and
 *   what was expected: missing fields, unknown metrics, thresholds out of order,
 *   overlapping ranges, unknown tiers named by a rule or cell, a grid table of
 *   the wrong shape, thresholds not in the figure's unit.
 * @example
 * ```ts
 * const retail = loadTierPolicy({
 *   kind: 'ladder', id: 'retail',
 *   figure: { metric: 'revenue', window: { unit: 'cumulative' } },
 *   tiers: [{ id: 'A', min: '¥1,500,000' }, { id: 'B', min: '100万' }],
 * });
 * ```
 */
export function loadTierPolicy(raw: unknown): TierPolicy {
  const parsed = TierPolicySchema.safeParse(raw);
  if (!parsed.success) throw validationError(POLICY_SUBJECT, issuesFromZod(parsed.error));
  const compiler = new Compiler();
  const policy = compiler.policy(parsed.data);
  if (compiler.issues.length > 0) throw validationError(POLICY_SUBJECT, compiler.issues);
  return policy;
}

/**
 * Load an admission policy (准入) from data.
 *
 * @throws KamError `INVALID_CONFIG` with the path of every bad field.
 * @example
 * ```ts
 * const postal = loadAdmissionPolicy({
 *   kind: 'admission', id: 'postal',
 *   when: { any: [{ flag: 'agreement' }, { all: [
 *     { figure: { metric: 'revenue', window: { unit: 'year', offset: -1 } }, op: '>=', value: '¥10,000' },
 *     { figure: { metric: 'revenue' }, op: '>=', value: '¥1,000' },
 *   ] }] },
 * });
 * ```
 */
export function loadAdmissionPolicy(raw: unknown): AdmissionPolicy {
  const parsed = AdmissionPolicySchema.safeParse(raw);
  if (!parsed.success) throw validationError(ADMISSION_SUBJECT, issuesFromZod(parsed.error));
  const compiler = new Compiler();
  const document = parsed.data;
  const admission: Admission = {
    when: document.when === 'always' ? 'always' : compiler.condition(document.when, 'when'),
    label: localised(document.name, { 'zh-CN': document.id, en: document.id }),
  };
  if (compiler.issues.length > 0) throw validationError(ADMISSION_SUBJECT, compiler.issues);
  return {
    id: document.id,
    kind: 'admission',
    name: admission.label,
    description: document.description === undefined ? undefined : localised(document.description, NO_TIER),
    admission,
    document,
  };
}

/**
 * Read a tier policy from a `.json`, `.yaml` or `.yml` file and load it.
 *
 * @throws KamError `NOT_FOUND` when the file cannot be read, `INVALID_CONFIG`
 *   when it does not parse or the policy is invalid (the message names the file).
 */
export async function loadTierPolicyFile(path: string): Promise<TierPolicy> {
  return withFile(path, loadTierPolicy);
}

/** Read an admission policy from a `.json`, `.yaml` or `.yml` file and load it. */
export async function loadAdmissionPolicyFile(path: string): Promise<AdmissionPolicy> {
  return withFile(path, loadAdmissionPolicy);
}

async function withFile<T>(path: string, load: (raw: unknown) => T): Promise<T> {
  const raw = await readConfigFile(path, { 'zh-CN': '策略', en: 'policy' });
  try {
    return load(raw);
  } catch (error) {
    if (error instanceof KamError) {
      throw new KamError({
        code: error.code,
        path: error.path,
        issues: error.issues,
        cause: error,
        message: {
          'zh-CN': `${path}：${error.localised['zh-CN']}`,
          en: `${path}: ${error.localised.en}`,
        },
      });
    }
    throw error;
  }
}

/** Collects meaning-level issues while compiling a parsed document. */
class Compiler {
  readonly issues: Issue[] = [];

  issue(path: string, zh: string, en: string): void {
    this.issues.push({ path, expected: { 'zh-CN': zh, en } });
  }

  policy(document: TierPolicyDocument): TierPolicy {
    const tiers = this.tiers(document.tiers);
    const tierIndex = new Map(tiers.map((tier, index) => [tier.id, index] as const));
    const engine = this.engine(document, tierIndex);
    const hysteresis = this.hysteresis(document, engine);
    const admission: Admission | undefined =
      document.admission === undefined
        ? undefined
        : {
            when:
              document.admission.when === 'always'
                ? 'always'
                : this.condition(document.admission.when, 'admission.when'),
            label: localised(document.admission.label, { 'zh-CN': '准入条件', en: 'admission rule' }),
          };
    return {
      id: document.id,
      kind: document.kind,
      name: localised(document.name, { 'zh-CN': document.id, en: document.id }),
      description: document.description === undefined ? undefined : localised(document.description, NO_TIER),
      tiers,
      noTierLabel: localised(document.noTierLabel, NO_TIER),
      hysteresis,
      admission,
      engine,
      document,
    };
  }

  tiers(tiers: TierPolicyDocument['tiers']): TierInfo[] {
    const seen = new Set<string>();
    return tiers.map((tier, index) => {
      if (seen.has(tier.id))
        this.issue(
          `tiers[${index}].id`,
          `层级编号重复：${tier.id}`,
          `a unique tier id (${tier.id} is repeated)`,
        );
      seen.add(tier.id);
      return {
        id: tier.id,
        label: localised(tier.label, { 'zh-CN': tier.id, en: tier.id }),
        description: tier.description === undefined ? undefined : localised(tier.description, NO_TIER),
      };
    });
  }

  engine(document: TierPolicyDocument, tierIndex: Map<string, number>): Engine {
    switch (document.kind) {
      case 'ladder':
        return this.ladder(document);
      case 'ranges':
        return this.ranges(document);
      case 'grid':
        return this.grid(document, tierIndex);
      case 'matrix':
        return this.matrix(document, tierIndex);
      case 'rules':
        return this.rules(document, tierIndex);
    }
  }

  meta(figure: FigureRef, label: PolicyText | undefined, unit: string | undefined): FigureMeta {
    return { figure, label: localised(label, defaultFigureLabel(figure)), unit: unitOf(figure, unit) };
  }

  ladder(document: Extract<TierPolicyDocument, { kind: 'ladder' }>): Engine {
    const meta = this.meta(document.figure, document.figureLabel, document.figureUnit);
    const mins = document.tiers.map((tier, index) =>
      this.threshold(tier.min, meta.unit, `tiers[${index}].min`),
    );
    mins.forEach((min, index) => {
      const above = mins[index - 1];
      if (above !== undefined && !(min < above))
        this.issue(
          `tiers[${index}].min`,
          `应低于上一级（tiers[${index - 1}].min）的门槛——层级须从高到低排列`,
          `a threshold below tiers[${index - 1}].min — tiers are listed best first, thresholds strictly decreasing`,
        );
    });
    const bands: Band[] = document.tiers.map((tier, index) => ({
      id: tier.id,
      label: localised(tier.label, { 'zh-CN': tier.id, en: tier.id }),
      interval: {
        lo: mins[index]!,
        loInclusive: document.inclusive,
        hi: index === 0 ? Number.POSITIVE_INFINITY : mins[index - 1]!,
        hiInclusive: !document.inclusive,
      },
    }));
    return {
      kind: 'banded',
      axes: [{ meta, label: meta.label, bands }],
      cells: bands.map((band, index) => ({ tier: index, flags: [], id: band.id })),
      aboveTop: false,
      volumeWithUs: false,
    };
  }

  ranges(document: Extract<TierPolicyDocument, { kind: 'ranges' }>): Engine {
    const meta = this.meta(document.figure, document.figureLabel, document.figureUnit);
    const bounds = document.tiers.map((tier, index) => ({
      min: this.threshold(tier.min, meta.unit, `tiers[${index}].min`),
      max:
        tier.max === undefined
          ? Number.POSITIVE_INFINITY
          : this.threshold(tier.max, meta.unit, `tiers[${index}].max`),
    }));
    document.tiers.forEach((tier, index) => {
      const bound = bounds[index]!;
      if (tier.max === undefined && index > 0) {
        this.issue(
          `tiers[${index}].max`,
          '应有上限（只有最高一档可以不设上限）',
          'a maximum (only the top range may be open-ended)',
        );
        return;
      }
      if (!(bound.min < bound.max))
        this.issue(
          `tiers[${index}].max`,
          `应大于本档下限 tiers[${index}].min`,
          `a maximum above tiers[${index}].min`,
        );
      const above = bounds[index - 1];
      if (above !== undefined && bound.max > above.min)
        this.issue(
          `tiers[${index}].max`,
          `区间重叠：应不高于上一档下限 tiers[${index - 1}].min（层级须从高到低排列）`,
          `ranges that do not overlap: at most tiers[${index - 1}].min (ranges are listed best first)`,
        );
    });
    const betterTakesBound = document.atSharedBound === 'better';
    const bands: Band[] = document.tiers.map((tier, index) => {
      const bound = bounds[index]!;
      const sharedBelow = bounds[index + 1]?.max === bound.min;
      const sharedAbove = bounds[index - 1]?.min === bound.max;
      return {
        id: tier.id,
        label: localised(tier.label, { 'zh-CN': tier.id, en: tier.id }),
        interval: {
          lo: bound.min,
          loInclusive: !(sharedBelow && !betterTakesBound),
          hi: bound.max,
          hiInclusive: !(sharedAbove && betterTakesBound),
        },
      };
    });
    return {
      kind: 'banded',
      axes: [{ meta, label: meta.label, bands }],
      cells: bands.map((band, index) => ({ tier: index, flags: [], id: band.id })),
      aboveTop: document.aboveTop === 'top-tier',
      volumeWithUs: false,
    };
  }

  axis(
    axis: Extract<TierPolicyDocument, { kind: 'grid' }>['rows'],
    path: string,
  ): Axis & { bandPaths: string[] } {
    const meta = this.meta(axis.figure, axis.label, axis.unit);
    const mins = axis.bands.map((band, index) => {
      const bandPath = `${path}.bands[${index}].min`;
      if (band.min === undefined) {
        if (index < axis.bands.length - 1)
          this.issue(
            bandPath,
            '应有下限（只有最后一档可以不设下限）',
            'a minimum (only the last band may be open below)',
          );
        return Number.NEGATIVE_INFINITY;
      }
      return this.threshold(band.min, meta.unit, bandPath);
    });
    mins.forEach((min, index) => {
      const above = mins[index - 1];
      if (above !== undefined && !(min < above))
        this.issue(
          `${path}.bands[${index}].min`,
          `应低于 ${path}.bands[${index - 1}].min——各档须从高到低排列`,
          `a minimum below ${path}.bands[${index - 1}].min — bands are listed highest first`,
        );
    });
    const bands = axis.bands.map((band, index) => ({
      id: band.id,
      label: localised(band.label, { 'zh-CN': band.id, en: band.id }),
      interval: {
        lo: mins[index]!,
        loInclusive: true,
        hi: index === 0 ? Number.POSITIVE_INFINITY : mins[index - 1]!,
        hiInclusive: false,
      },
    }));
    return {
      meta,
      label: meta.label,
      bands,
      bandPaths: axis.bands.map((_, index) => `${path}.bands[${index}]`),
    };
  }

  tierRef(tier: string | null, tierIndex: Map<string, number>, path: string): number {
    if (tier === null) return -1;
    const index = tierIndex.get(tier);
    if (index === undefined) {
      this.issue(
        path,
        `应为 tiers 中定义的层级之一：${[...tierIndex.keys()].join(', ')}（未知层级“${tier}”）`,
        `one of the tiers defined in tiers: ${[...tierIndex.keys()].join(', ')} (unknown tier "${tier}")`,
      );
      return -1;
    }
    return index;
  }

  grid(document: Extract<TierPolicyDocument, { kind: 'grid' }>, tierIndex: Map<string, number>): Engine {
    const rows = this.axis(document.rows, 'rows');
    const columns = this.axis(document.columns, 'columns');
    const cells: Cell[] = [];
    if (document.cells.length !== rows.bands.length)
      this.issue(
        'cells',
        `应有 ${rows.bands.length} 行（每个 rows.bands 一行），实际 ${document.cells.length} 行`,
        `${rows.bands.length} rows (one per rows.bands entry), found ${document.cells.length}`,
      );
    rows.bands.forEach((rowBand, rowIndex) => {
      const row = document.cells[rowIndex] ?? [];
      if (rowIndex < document.cells.length && row.length !== columns.bands.length)
        this.issue(
          `cells[${rowIndex}]`,
          `应有 ${columns.bands.length} 列（每个 columns.bands 一列），实际 ${row.length} 列`,
          `${columns.bands.length} entries (one per columns.bands entry), found ${row.length}`,
        );
      columns.bands.forEach((columnBand, columnIndex) => {
        const cell = row[columnIndex];
        const path = `cells[${rowIndex}][${columnIndex}]`;
        const id = `${rowBand.id}/${columnBand.id}`;
        if (cell === undefined || cell === null) cells.push({ tier: -1, flags: [], id });
        else if (typeof cell === 'string')
          cells.push({ tier: this.tierRef(cell, tierIndex, path), flags: [], id });
        else cells.push({ tier: this.tierRef(cell.tier, tierIndex, `${path}.tier`), flags: cell.flags, id });
      });
    });
    const volumeWithUs = document.upgrade === 'volume-with-us';
    if (volumeWithUs) {
      const rowMetric = 'metric' in document.rows.figure ? document.rows.figure.metric : undefined;
      const columnMetric = 'metric' in document.columns.figure ? document.columns.figure.metric : undefined;
      if (rowMetric !== 'marketTotal' || columnMetric !== 'shareOfWallet')
        this.issue(
          'upgrade',
          '“volume-with-us” 要求 rows 为 marketTotal、columns 为 shareOfWallet',
          '"volume-with-us" needs rows on metric marketTotal and columns on metric shareOfWallet',
        );
    }
    return {
      kind: 'banded',
      axes: [
        { meta: rows.meta, label: rows.label, bands: rows.bands },
        { meta: columns.meta, label: columns.label, bands: columns.bands },
      ],
      cells,
      aboveTop: false,
      volumeWithUs,
    };
  }

  matrix(document: Extract<TierPolicyDocument, { kind: 'matrix' }>, tierIndex: Map<string, number>): Engine {
    const axis = (
      side: 'attractiveness' | 'position',
      fallback: LocalisedText,
    ): { meta: FigureMeta; label: LocalisedText; bands: Band[] } => {
      const spec = document[side];
      const meta = this.meta(spec.figure, spec.label ?? fallback, spec.unit);
      const threshold = this.threshold(spec.threshold, meta.unit, `${side}.threshold`);
      return {
        meta,
        label: meta.label,
        bands: [
          {
            id: 'high',
            label: { 'zh-CN': '高', en: 'high' },
            interval: { lo: threshold, loInclusive: true, hi: Number.POSITIVE_INFINITY, hiInclusive: false },
          },
          {
            id: 'low',
            label: { 'zh-CN': '低', en: 'low' },
            interval: { lo: Number.NEGATIVE_INFINITY, loInclusive: true, hi: threshold, hiInclusive: false },
          },
        ],
      };
    };
    const attractiveness = axis('attractiveness', { 'zh-CN': '吸引力', en: 'attractiveness' });
    const position = axis('position', { 'zh-CN': '我方地位', en: 'our position' });
    const quadrant = (key: keyof typeof document.quadrants, id: string): Cell => ({
      tier: this.tierRef(document.quadrants[key], tierIndex, `quadrants.${key}`),
      flags: [],
      id,
    });
    return {
      kind: 'banded',
      axes: [attractiveness, position],
      cells: [
        quadrant('highHigh', 'high/high'),
        quadrant('highLow', 'high/low'),
        quadrant('lowHigh', 'low/high'),
        quadrant('lowLow', 'low/low'),
      ],
      aboveTop: false,
      volumeWithUs: false,
    };
  }

  rules(document: Extract<TierPolicyDocument, { kind: 'rules' }>, tierIndex: Map<string, number>): Engine {
    const rules: Rule[] = document.rules.map((rule, index) => {
      const id = rule.id ?? `rule-${index + 1}`;
      return {
        id,
        tier: this.tierRef(rule.tier, tierIndex, `rules[${index}].tier`),
        when: this.condition(rule.when, `rules[${index}].when`),
        label: localised(rule.label, { 'zh-CN': `规则 ${id}`, en: `rule ${id}` }),
      };
    });
    return { kind: 'rules', rules, defaultTier: this.tierRef(document.default, tierIndex, 'default') };
  }

  condition(condition: ConditionDocument, path: string): Condition {
    if ('figure' in condition) {
      const meta = this.meta(condition.figure, condition.label, condition.unit);
      return {
        kind: 'compare',
        meta,
        op: condition.op,
        value: this.threshold(condition.value, meta.unit, `${path}.value`),
      };
    }
    if ('flag' in condition) {
      return {
        kind: 'flag',
        flag: condition.flag,
        meta: this.meta({ flag: condition.flag }, undefined, undefined),
      };
    }
    if ('all' in condition)
      return {
        kind: 'all',
        conditions: condition.all.map((child, index) => this.condition(child, `${path}.all[${index}]`)),
      };
    if ('any' in condition)
      return {
        kind: 'any',
        conditions: condition.any.map((child, index) => this.condition(child, `${path}.any[${index}]`)),
      };
    return { kind: 'not', condition: this.condition(condition.not, `${path}.not`) };
  }

  hysteresis(document: TierPolicyDocument, engine: Engine): TierPolicy['hysteresis'] {
    const confirmPeriods = document.hysteresis?.confirmPeriods ?? 1;
    const margin = document.hysteresis?.marginBand;
    if (margin === undefined) return { confirmPeriods, marginBand: undefined };
    if (engine.kind === 'rules') {
      this.issue(
        'hysteresis.marginBand',
        '规则型策略不支持 marginBand，请用 confirmPeriods',
        'no marginBand on a rules policy (use confirmPeriods)',
      );
      return { confirmPeriods, marginBand: undefined };
    }
    if ('fraction' in margin) return { confirmPeriods, marginBand: { fraction: margin.fraction } };
    if (engine.axes.length !== 1) {
      this.issue(
        'hysteresis.marginBand.amount',
        '两个指标的策略只能用比例 { fraction }',
        'a { fraction } margin (an amount has no single unit on a two-figure policy)',
      );
      return { confirmPeriods, marginBand: undefined };
    }
    const amount = this.threshold(margin.amount, engine.axes[0]!.meta.unit, 'hysteresis.marginBand.amount');
    if (amount < 0) this.issue('hysteresis.marginBand.amount', '应不小于 0', 'an amount of at least 0');
    const marginBand: MarginBand = { amount };
    return { confirmPeriods, marginBand };
  }

  threshold(value: Threshold, unit: FigureUnit, path: string): number {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) this.issue(path, '应为有限数值', 'a finite number');
      return value;
    }
    const text = value.trim();
    if (unit.kind === 'fen') {
      try {
        return parseMoney(text, path);
      } catch {
        this.issue(
          path,
          `应为金额：以分为单位的整数，或写作 ¥1,500,000、150万（实际“${value}”）`,
          `an amount: whole fen, or written ¥1,500,000 or 150万 (found "${value}")`,
        );
        return Number.NaN;
      }
    }
    if (unit.kind === 'ratio') {
      const match = /^(-?\d+(?:\.\d+)?)\s*%$/.exec(text);
      if (match) return Number(match[1]) / 100;
    }
    if (/^-?\d[\d,]*(?:\.\d+)?$/.test(text)) return Number(text.replaceAll(',', ''));
    const expected =
      unit.kind === 'ratio'
        ? { zh: '比例，写作 0.6 或 60%', en: 'a ratio, written 0.6 or 60%' }
        : { zh: `以 ${unitName(unit)} 为单位的数值`, en: `a number in ${unitName(unit)}` };
    this.issue(path, `应为${expected.zh}（实际“${value}”）`, `${expected.en} (found "${value}")`);
    return Number.NaN;
  }
}

/**
 * Conditions of rules and admission policies: evaluated over a whole
 * portfolio at once (one byte per account), explained for one account, and
 * turned into the requirements still unmet (for upgrade paths).
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import type { FigureContext, FigureRef } from '../metrics/figures.js';
import { groupThousands, roundDecimal } from '../money/decimal.js';
import { type FigureMeta, type FigureUnit, formatFigure, formatFigureText } from './figure-text.js';
import type { Condition } from './policy.js';

/** One figure of one account as an explanation shows it. */
export interface FigureReading {
  figure: FigureRef;
  label: LocalisedText;
  unit: FigureUnit;
  /** In the figure's unit (fen for money); NaN when unknown. */
  value: number;
  /** The value for people, e.g. `¥150万` / `¥1,500,000`. */
  text: LocalisedText;
}

/** A reading of `meta` with `value`. */
export function reading(meta: FigureMeta, value: number): FigureReading {
  return {
    figure: meta.figure,
    label: meta.label,
    unit: meta.unit,
    value,
    text: formatFigureText(value, meta.unit),
  };
}

/** Whether `value op threshold` holds; an unknown (NaN) figure never satisfies a comparison. */
export function compare(
  value: number,
  op: Extract<Condition, { kind: 'compare' }>['op'],
  threshold: number,
): boolean {
  if (Number.isNaN(value)) return false;
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/** Evaluate a condition for every account of `context`: 1 where it holds. */
export function conditionColumn(condition: Condition, context: FigureContext): Uint8Array {
  const size = context.accountIds.length;
  const out = new Uint8Array(size);
  switch (condition.kind) {
    case 'compare': {
      const values = context.column(condition.meta.figure);
      for (let index = 0; index < size; index++)
        out[index] = compare(values[index]!, condition.op, condition.value) ? 1 : 0;
      return out;
    }
    case 'flag': {
      const values = context.column(condition.meta.figure);
      for (let index = 0; index < size; index++) out[index] = values[index]! > 0 ? 1 : 0;
      return out;
    }
    case 'all': {
      out.fill(1);
      for (const child of condition.conditions) {
        const column = conditionColumn(child, context);
        for (let index = 0; index < size; index++) out[index]! &= column[index]!;
      }
      return out;
    }
    case 'any': {
      for (const child of condition.conditions) {
        const column = conditionColumn(child, context);
        for (let index = 0; index < size; index++) out[index]! |= column[index]!;
      }
      return out;
    }
    case 'not': {
      const column = conditionColumn(condition.condition, context);
      for (let index = 0; index < size; index++) out[index] = column[index]! ^ 1;
      return out;
    }
  }
}

/** Reads one account's figures (the context's column at the account's index). */
export type FigureReader = (figure: FigureRef) => number;

/** A value reader for the account at `index` of `context`. */
export function valueReader(context: FigureContext, index: number): FigureReader {
  return (figure) => context.column(figure)[index]!;
}

/** A condition explained for one account. */
export interface ConditionExplanation {
  holds: boolean;
  text: LocalisedText;
  figures: FigureReading[];
}

const OP_TEXT = {
  '>=': { 'zh-CN': '≥', en: '≥' },
  '>': { 'zh-CN': '>', en: '>' },
  '<=': { 'zh-CN': '≤', en: '≤' },
  '<': { 'zh-CN': '<', en: '<' },
  '==': { 'zh-CN': '=', en: '=' },
  '!=': { 'zh-CN': '≠', en: '≠' },
} as const;

/** Explain a condition for one account: whether it holds, in words, with the figures it read. */
export function explainCondition(condition: Condition, readFigure: FigureReader): ConditionExplanation {
  switch (condition.kind) {
    case 'compare': {
      const value = readFigure(condition.meta.figure);
      const holds = compare(value, condition.op, condition.value);
      const read = reading(condition.meta, value);
      const mark = holds ? { 'zh-CN': '满足', en: 'met' } : { 'zh-CN': '不满足', en: 'not met' };
      const text = (locale: 'zh-CN' | 'en') =>
        `${condition.meta.label[locale]} ${read.text[locale]} ${OP_TEXT[condition.op][locale]} ${formatFigure(
          condition.value,
          condition.meta.unit,
          locale,
        )}${locale === 'zh-CN' ? `（${mark[locale]}）` : ` (${mark[locale]})`}`;
      return { holds, text: { 'zh-CN': text('zh-CN'), en: text('en') }, figures: [read] };
    }
    case 'flag': {
      const holds = readFigure(condition.meta.figure) > 0;
      return {
        holds,
        text: holds
          ? { 'zh-CN': `有标记“${condition.flag}”`, en: `flag “${condition.flag}” set` }
          : { 'zh-CN': `无标记“${condition.flag}”`, en: `flag “${condition.flag}” not set` },
        figures: [reading(condition.meta, holds ? 1 : 0)],
      };
    }
    case 'all':
    case 'any': {
      const parts = condition.conditions.map((child) => explainCondition(child, readFigure));
      const holds =
        condition.kind === 'all' ? parts.every((part) => part.holds) : parts.some((part) => part.holds);
      const joiner =
        condition.kind === 'all' ? { 'zh-CN': ' 且 ', en: ' and ' } : { 'zh-CN': ' 或 ', en: ' or ' };
      const wrap = (locale: 'zh-CN' | 'en') => {
        const joined = parts.map((part) => part.text[locale]).join(joiner[locale]);
        return parts.length > 1 ? `(${joined})` : joined;
      };
      return {
        holds,
        text: { 'zh-CN': wrap('zh-CN'), en: wrap('en') },
        figures: parts.flatMap((part) => part.figures),
      };
    }
    case 'not': {
      const inner = explainCondition(condition.condition, readFigure);
      return {
        holds: !inner.holds,
        text: { 'zh-CN': `非 ${inner.text['zh-CN']}`, en: `not ${inner.text.en}` },
        figures: inner.figures,
      };
    }
  }
}

/**
 * One thing an account still needs: raise a figure by an amount, lower it,
 * have a flag set, or something that cannot be reached by changing one figure.
 */
export interface Requirement {
  kind: 'increase' | 'decrease' | 'set-flag' | 'other';
  figure: FigureRef | null;
  label: LocalisedText;
  unit: FigureUnit;
  current: number;
  /** The bound to reach, in the figure's unit. */
  target: number;
  /** How far from it, in the figure's unit (NaN when the figure is unknown). */
  amount: number;
  /** Whether reaching `target` exactly is enough (≥) or it must be passed (>). */
  inclusive: boolean;
  text: LocalisedText;
}

/** The requirements a condition still needs for one account (empty when it holds). */
export function conditionRequirements(condition: Condition, readFigure: FigureReader): Requirement[] {
  switch (condition.kind) {
    case 'compare': {
      const value = readFigure(condition.meta.figure);
      if (compare(value, condition.op, condition.value)) return [];
      const { op } = condition;
      const kind = op === '>=' || op === '>' ? 'increase' : op === '<=' || op === '<' ? 'decrease' : 'other';
      const amount =
        op === '==' || op === '!='
          ? Number.NaN
          : kind === 'increase'
            ? condition.value - value
            : value - condition.value;
      return [
        requirement({
          kind,
          meta: condition.meta,
          current: value,
          target: condition.value,
          amount,
          inclusive: op === '>=' || op === '<=' || op === '==',
          op,
        }),
      ];
    }
    case 'flag':
      if (readFigure(condition.meta.figure) > 0) return [];
      return [
        {
          kind: 'set-flag',
          figure: condition.meta.figure,
          label: condition.meta.label,
          unit: condition.meta.unit,
          current: 0,
          target: 1,
          amount: 1,
          inclusive: true,
          text: { 'zh-CN': `需有标记“${condition.flag}”`, en: `flag “${condition.flag}” set` },
        },
      ];
    case 'all':
      return condition.conditions.flatMap((child) => conditionRequirements(child, readFigure));
    case 'any': {
      let best: Requirement[] | undefined;
      for (const child of condition.conditions) {
        const needs = conditionRequirements(child, readFigure);
        if (best === undefined || requirementCost(needs) < requirementCost(best)) best = needs;
      }
      return best ?? [];
    }
    case 'not': {
      const inner = explainCondition(condition.condition, readFigure);
      if (!inner.holds) return [];
      return [
        {
          kind: 'other',
          figure: null,
          label: inner.text,
          unit: { kind: 'number', name: undefined },
          current: Number.NaN,
          target: Number.NaN,
          amount: Number.NaN,
          inclusive: true,
          text: { 'zh-CN': `不再满足：${inner.text['zh-CN']}`, en: `no longer: ${inner.text.en}` },
        },
      ];
    }
  }
}

/**
 * How hard a set of requirements is, for choosing the easiest way up: one point
 * per requirement, plus each amount relative to its target (so ¥1 short beats
 * ¥100,000 short), with flags and unreachable steps costing more.
 */
export function requirementCost(requirements: readonly Requirement[]): number {
  let cost = 0;
  for (const need of requirements) {
    if (need.kind === 'set-flag' || need.kind === 'other') cost += 2;
    else if (!Number.isFinite(need.amount)) cost += 3;
    else cost += 1 + Math.min(1, Math.abs(need.amount) / Math.max(Math.abs(need.target), 1));
  }
  return cost;
}

/** Build a requirement with its text: `¥200,000 more cumulative spend` / `累计消费还差 ¥20万`. */
export function requirement(options: {
  kind: 'increase' | 'decrease' | 'other';
  meta: FigureMeta;
  current: number;
  target: number;
  amount: number;
  inclusive: boolean;
  op?: Extract<Condition, { kind: 'compare' }>['op'];
}): Requirement {
  const { meta, kind, amount, target } = options;
  return {
    kind,
    figure: meta.figure,
    label: meta.label,
    unit: meta.unit,
    current: options.current,
    target,
    amount,
    inclusive: options.inclusive,
    text: requirementText(meta, kind, amount, target, options.inclusive, options.op),
  };
}

function requirementText(
  meta: FigureMeta,
  kind: 'increase' | 'decrease' | 'other',
  amount: number,
  target: number,
  inclusive: boolean,
  op: Extract<Condition, { kind: 'compare' }>['op'] | undefined,
): LocalisedText {
  const targetText = formatFigureText(target, meta.unit);
  if (kind === 'other' || Number.isNaN(amount)) {
    const sign = op === undefined ? (inclusive ? '≥' : '>') : OP_TEXT[op].en;
    return {
      'zh-CN': `${meta.label['zh-CN']}需 ${sign} ${targetText['zh-CN']}（当前${Number.isNaN(amount) ? '未知' : '不满足'}）`,
      en: `${meta.label.en} ${sign} ${targetText.en} (currently ${Number.isNaN(amount) ? 'unknown' : 'not met'})`,
    };
  }
  const amountText = gapAmountText(amount, meta.unit);
  if (kind === 'decrease')
    return {
      'zh-CN': `${meta.label['zh-CN']}需减少 ${amountText['zh-CN']}（至 ${targetText['zh-CN']}）`,
      en: `${amountText.en} less ${meta.label.en} (down to ${targetText.en})`,
    };
  if (!inclusive)
    return {
      'zh-CN': `${meta.label['zh-CN']}还差 ${amountText['zh-CN']}以上（须超过 ${targetText['zh-CN']}）`,
      en: `${amountText.en} more ${meta.label.en}, to exceed ${targetText.en}`,
    };
  return {
    'zh-CN': `${meta.label['zh-CN']}还差 ${amountText['zh-CN']}（门槛 ${targetText['zh-CN']}）`,
    en: `${amountText.en} more ${meta.label.en} (threshold ${targetText.en})`,
  };
}

/** A gap in a figure's unit; ratios read in percentage points. */
export function gapAmountText(amount: number, unit: FigureUnit): LocalisedText {
  if (unit.kind === 'ratio') {
    const points = groupThousands(roundDecimal(amount, 1, 2));
    return { 'zh-CN': `${points} 个百分点`, en: `${points} percentage points` };
  }
  return formatFigureText(amount, unit);
}

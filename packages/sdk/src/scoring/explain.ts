import type { LocalisedText } from '../errors/kam-error.js';
import { notFound } from '../errors/kam-error.js';
import type { FigureRef } from '../metrics/figures.js';
import { formatNumber } from '../money/decimal.js';
import { type ScoringLabel, scoringLabelText } from './model.js';
import type { ScoreResult } from './score-columns.js';

/** One factor's part in one account's score. */
export interface FactorContribution {
  id: string;
  label: ScoringLabel | undefined;
  source: FigureRef;
  /** The figure as read (NaN = missing). */
  raw: number;
  /** The 0–1 value after normalisation and direction (NaN when excluded as missing). */
  normalised: number;
  /** The model weight. */
  weight: number;
  /** The factor's share of this account's total weight (0 when excluded). */
  share: number;
  /** Points of the 100 this factor earned: 100 × share × normalised. */
  contribution: number;
  /** Points of the 100 this factor could still earn: 100 × share × (1 − normalised). */
  missed: number;
  /** True when the figure was missing. */
  missing: boolean;
}

/** Why one account scored what it did. */
export interface ScoreExplanation {
  /** The account, or undefined when the result carries no ids. */
  accountId: string | undefined;
  /** Position in the result's columns. */
  index: number;
  modelId: string;
  asOf: string | undefined;
  /** The score, 0–100; equals the sum of the factors' contributions. */
  score: number;
  /** Every factor, largest contribution first. */
  factors: FactorContribution[];
}

const indexCache = new WeakMap<readonly string[], Map<string, number>>();

function indexOfAccount(result: ScoreResult, account: string | number): number {
  if (typeof account === 'number') {
    if (Number.isInteger(account) && account >= 0 && account < result.size) return account;
    throw notFound('account position in the score result', String(account));
  }
  const ids = result.accountIds;
  if (ids === undefined) throw notFound('account id in the score result (it has no ids)', account);
  let index = indexCache.get(ids);
  if (!index) {
    index = new Map(ids.map((id, position) => [id, position] as const));
    indexCache.set(ids, index);
  }
  const position = index.get(account);
  if (position === undefined) throw notFound('account in the score result', account);
  return position;
}

/**
 * Explain one account's score: each factor's raw figure, normalised value,
 * weight and contribution in points of the 100, largest contribution first.
 * The contributions sum to the score.
 *
 * @param account - an account id, or a position when the result has no ids.
 * @throws KamError `NOT_FOUND` when the account is not in the result.
 *
 * @example
 * ```ts
 * const why = explainScore(result, 'acme');
 * // { score: 72.5, factors: [{ id: 'profit', raw: 182000000, normalised: 0.9, contribution: 27, … }, …] }
 * ```
 */
export function explainScore(result: ScoreResult, account: string | number): ScoreExplanation {
  const index = indexOfAccount(result, account);
  let totalWeight = 0;
  for (const column of result.factors) {
    if (!Number.isNaN(column.normalised[index]!)) totalWeight += column.factor.weight;
  }
  const factors = result.factors.map((column): FactorContribution => {
    const { factor } = column;
    const normalised = column.normalised[index]!;
    const raw = column.raw[index]!;
    const excluded = Number.isNaN(normalised);
    const share = excluded || totalWeight === 0 ? 0 : factor.weight / totalWeight;
    return {
      id: factor.id,
      label: factor.label,
      source: factor.source,
      raw,
      normalised,
      weight: factor.weight,
      share,
      contribution: excluded ? 0 : 100 * share * normalised,
      missed: excluded ? 0 : 100 * share * (1 - normalised),
      missing: Number.isNaN(raw),
    };
  });
  factors.sort((a, b) => b.contribution - a.contribution || b.weight - a.weight);
  return {
    accountId: result.accountIds?.[index],
    index,
    modelId: result.model.id,
    asOf: result.asOf,
    score: result.scores[index]!,
    factors,
  };
}

/** Options for {@link topFactors}. */
export interface TopFactorsOptions {
  /** How many factors (default 3). */
  count?: number;
  /**
   * `'contribution'` (default): what carries the score. `'missed'`: where the
   * most points are still to be won — what to work on.
   */
  by?: 'contribution' | 'missed';
}

/**
 * The factors that matter most in an explanation: the largest contributions,
 * or (`by: 'missed'`) the largest shortfalls. Factors with nothing to show
 * (0 points) are left out.
 *
 * @example
 * ```ts
 * topFactors(explainScore(result, 'acme'), { count: 2 }).map((factor) => factor.id); // ['profit', 'revenue']
 * ```
 */
export function topFactors(
  explanation: ScoreExplanation,
  options: TopFactorsOptions = {},
): FactorContribution[] {
  const count = options.count ?? 3;
  const key = options.by ?? 'contribution';
  return explanation.factors
    .filter((factor) => factor[key] > 0)
    .sort((a, b) => b[key] - a[key] || b.weight - a.weight)
    .slice(0, count);
}

/** How one factor moved between two explanations. */
export interface FactorDelta {
  id: string;
  label: ScoringLabel | undefined;
  rawBefore: number;
  rawAfter: number;
  normalisedBefore: number;
  normalisedAfter: number;
  contributionBefore: number;
  contributionAfter: number;
  /** Change of contribution, in points of the 100. */
  delta: number;
}

/** What moved a score between two periods (or two models, or two accounts). */
export interface ScoreDiff {
  accountId: string | undefined;
  asOfBefore: string | undefined;
  asOfAfter: string | undefined;
  scoreBefore: number;
  scoreAfter: number;
  /** scoreAfter − scoreBefore. */
  delta: number;
  /** Every factor of either side, largest |delta| first. */
  factors: FactorDelta[];
  /** One sentence naming the factor that moved the score most. */
  summary: LocalisedText;
}

/**
 * Compare two explanations of the same account (typically two periods) and
 * say what moved the score: the per-factor change in contribution, largest
 * |change| first, with the raw figures before and after. Factors are matched
 * by id; one that exists on one side only counts 0 points on the other.
 *
 * @example
 * ```ts
 * const diff = diffScores(explainScore(september, 'acme'), explainScore(october, 'acme'));
 * diff.factors[0]?.id; // 'profit' — the factor that moved most
 * diff.summary.en;     // 'Score 71.3 → 58.9 (−12.4); most of the change: profit (−10.0 points)'
 * ```
 */
export function diffScores(before: ScoreExplanation, after: ScoreExplanation): ScoreDiff {
  const beforeById = new Map(before.factors.map((factor) => [factor.id, factor] as const));
  const afterById = new Map(after.factors.map((factor) => [factor.id, factor] as const));
  const ids = [...new Set([...beforeById.keys(), ...afterById.keys()])];
  const factors = ids.map((id): FactorDelta => {
    const old = beforeById.get(id);
    const current = afterById.get(id);
    const contributionBefore = old?.contribution ?? 0;
    const contributionAfter = current?.contribution ?? 0;
    return {
      id,
      label: current?.label ?? old?.label,
      rawBefore: old?.raw ?? Number.NaN,
      rawAfter: current?.raw ?? Number.NaN,
      normalisedBefore: old?.normalised ?? Number.NaN,
      normalisedAfter: current?.normalised ?? Number.NaN,
      contributionBefore,
      contributionAfter,
      delta: contributionAfter - contributionBefore,
    };
  });
  factors.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  const delta = after.score - before.score;
  return {
    accountId: after.accountId ?? before.accountId,
    asOfBefore: before.asOf,
    asOfAfter: after.asOf,
    scoreBefore: before.score,
    scoreAfter: after.score,
    delta,
    factors,
    summary: summarise(before.score, after.score, factors[0]),
  };
}

function signed(value: number): string {
  const text = formatNumber(Math.abs(value), { decimals: 1, fixed: true });
  return value < 0 && text !== '0.0' ? `−${text}` : `+${text}`;
}

function summarise(before: number, after: number, mover: FactorDelta | undefined): LocalisedText {
  const head = `${formatNumber(before, { decimals: 1, fixed: true })} → ${formatNumber(after, { decimals: 1, fixed: true })} (${signed(after - before)})`;
  if (mover === undefined || mover.delta === 0) {
    return { 'zh-CN': `得分 ${head}，各因子贡献不变`, en: `Score ${head}; no factor changed` };
  }
  return {
    'zh-CN': `得分 ${head}；变化最大的是${scoringLabelText(mover.label, 'zh-CN', mover.id)}（${signed(mover.delta)} 分）`,
    en: `Score ${head}; most of the change: ${scoringLabelText(mover.label, 'en', mover.id)} (${signed(mover.delta)} points)`,
  };
}

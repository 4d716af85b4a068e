/**
 * Hysteresis (no flapping at a boundary month to month): a margin band an
 * account must cross to leave its tier, and a number of consecutive periods
 * that must point the same way before a change is confirmed. Pure: the state
 * goes in and comes out as JSON-serialisable data the store keeps.
 *
 * @module
 */
import { z } from 'zod';
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';
import { formatPercent } from '../money/decimal.js';
import type { StoredTierAssignment } from '../store/port.js';
import { bandOf, cellIndex } from './evaluate.js';
import { formatFigure } from './figure-text.js';
import { type Engine, type Interval, inInterval, type TierPolicy, tierLabel, tierRank } from './policy.js';

const PendingSchema = z.object({
  /** The tier the run of periods supports (the least change every period agreed on). */
  tier: z.string().nullable(),
  direction: z.enum(['up', 'down']),
  /** Consecutive periods so far. */
  periods: z.number().int().min(1),
  /** First period of the run. */
  since: z.string(),
});

const StateCoreSchema = z.object({
  policyId: z.string(),
  /** The last period applied. */
  period: z.string(),
  /** The confirmed (earned) tier, before overrides. */
  tier: z.string().nullable(),
  /** The period the confirmed tier took effect. */
  since: z.string(),
  /** A change seen but not yet confirmed. */
  pending: PendingSchema.nullable(),
  /** Banded policies: the band id per axis the confirmed tier sits in (for the margin band). */
  bands: z.array(z.string()).nullable(),
});

/**
 * An account's tier state under one policy. JSON-serialisable; `before` is the
 * state before `period` was applied, so re-running a period starts from it.
 */
export const TierStateSchema = StateCoreSchema.extend({ before: StateCoreSchema.nullable() });
/** An account's tier state under one policy. */
export type TierState = z.infer<typeof TierStateSchema>;
type StateCore = z.infer<typeof StateCoreSchema>;

/** What {@link stabilise} needs from a raw assignment (a {@link RawTierAssignment} fits). */
export interface RawTier {
  policyId: string;
  period: string;
  tier: string | null;
  /** Banded policies: measured figure per axis (enables the margin band). */
  values?: readonly number[];
}

/** Why the earned tier differs from the raw one. */
export interface TierHold {
  kind: 'margin' | 'confirming';
  /** The tier the figures pointed to. */
  rawTier: string | null;
  /** Confirming: periods seen so far and needed. */
  periods?: number;
  needed?: number;
  text: LocalisedText;
}

/** The earned tier after hysteresis, the next state, and any hold. */
export interface Stabilised {
  tier: string | null;
  state: TierState;
  hold: TierHold | null;
}

/**
 * Apply the policy's hysteresis to one account's raw tier.
 *
 * - No previous state (or one for another policy): the raw tier is taken as is.
 * - `marginBand`: while the figure stays within the current tier's bounds
 *   widened by the margin, the account keeps its tier.
 * - `confirmPeriods` N: a change is confirmed after N consecutive periods
 *   pointing the same way (up or down), to the least change they all support.
 *
 * @param previous - the state after the previous period, or `undefined`.
 * @param raw - this period's raw tier (and figures, for the margin band).
 * @throws KamError `INVALID_STATE` when `previous` is for a later period.
 * @example
 * ```ts
 * let state: TierState | undefined;
 * for (const raw of monthlyRawTiers) ({ state } = stabilise(state, raw, policy));
 * ```
 */
export function stabilise(previous: TierState | undefined, raw: RawTier, policy: TierPolicy): Stabilised {
  let prior: StateCore | undefined = previous?.policyId === policy.id ? previous : undefined;
  if (prior !== undefined && prior.period === raw.period) prior = previous?.before ?? undefined;
  if (prior !== undefined && prior.period > raw.period)
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_STATE,
      path: 'previous.period',
      message: {
        'zh-CN': `分级状态属于更晚的期间 ${prior.period}，不能用于 ${raw.period}`,
        en: `Tier state is for a later period ${prior.period}; cannot apply ${raw.period}`,
      },
    });
  const before = prior === undefined ? null : stripBefore(prior);
  const heldBands = prior === undefined ? undefined : marginBands(policy, prior, raw);
  const candidate = heldBands === undefined ? raw.tier : heldBands.tier;
  const bandsOf = (tier: string | null) => bandIds(policy, tier, heldBands?.bands ?? rawBands(policy, raw));

  if (prior === undefined) {
    return {
      tier: raw.tier,
      hold: null,
      state: {
        policyId: policy.id,
        period: raw.period,
        tier: raw.tier,
        since: raw.period,
        pending: null,
        bands: bandsOf(raw.tier),
        before,
      },
    };
  }
  const marginHold: TierHold | null =
    candidate !== raw.tier
      ? {
          kind: 'margin',
          rawTier: raw.tier,
          text: marginText(policy, candidate, raw.tier),
        }
      : null;
  if (candidate === prior.tier) {
    return {
      tier: prior.tier,
      hold: marginHold,
      state: {
        ...prior,
        period: raw.period,
        pending: null,
        bands: bandsOf(prior.tier) ?? prior.bands,
        before,
      },
    };
  }
  const direction: 'up' | 'down' = tierRank(policy, candidate) < tierRank(policy, prior.tier) ? 'up' : 'down';
  const pending =
    prior.pending !== null && prior.pending.direction === direction
      ? {
          tier: leastChange(policy, direction, prior.pending.tier, candidate),
          direction,
          periods: prior.pending.periods + 1,
          since: prior.pending.since,
        }
      : { tier: candidate, direction, periods: 1, since: raw.period };
  const needed = policy.hysteresis.confirmPeriods;
  if (pending.periods >= needed) {
    return {
      tier: pending.tier,
      hold: pending.tier === raw.tier ? null : marginHold,
      state: {
        policyId: policy.id,
        period: raw.period,
        tier: pending.tier,
        since: raw.period,
        pending: null,
        bands: bandsOf(pending.tier),
        before,
      },
    };
  }
  const kept = tierLabel(policy, prior.tier);
  const toward = tierLabel(policy, candidate);
  return {
    tier: prior.tier,
    hold: {
      kind: 'confirming',
      rawTier: raw.tier,
      periods: pending.periods,
      needed,
      text: {
        'zh-CN': `指标指向${toward['zh-CN']}（连续第 ${pending.periods} 期，需 ${needed} 期确认），暂保持${kept['zh-CN']}`,
        en: `figures point to ${toward.en} (period ${pending.periods} of ${needed} needed to confirm); ${kept.en} is kept`,
      },
    },
    state: { ...prior, period: raw.period, pending, before },
  };
}

function stripBefore(state: StateCore | TierState): StateCore {
  const { policyId, period, tier, since, pending, bands } = state;
  return { policyId, period, tier, since, pending, bands };
}

function leastChange(
  policy: TierPolicy,
  direction: 'up' | 'down',
  first: string | null,
  second: string | null,
): string | null {
  const a = tierRank(policy, first);
  const b = tierRank(policy, second);
  return direction === 'up' ? (a >= b ? first : second) : a <= b ? first : second;
}

function widen(interval: Interval, policy: TierPolicy): Interval {
  const margin = policy.hysteresis.marginBand;
  if (margin === undefined) return interval;
  const by = (bound: number) => ('fraction' in margin ? Math.abs(bound) * margin.fraction : margin.amount);
  return {
    lo: Number.isFinite(interval.lo) ? interval.lo - by(interval.lo) : interval.lo,
    loInclusive: interval.loInclusive,
    hi: Number.isFinite(interval.hi) ? interval.hi + by(interval.hi) : interval.hi,
    hiInclusive: interval.hiInclusive,
  };
}

function rawBands(policy: TierPolicy, raw: RawTier): number[] | undefined {
  const { engine } = policy;
  if (engine.kind !== 'banded' || raw.values === undefined) return undefined;
  return engine.axes.map((axis, index) => bandOf(axis, raw.values![index]!, engine.aboveTop && index === 0));
}

/** The tier after the margin band: per axis, stay in the previous band while within its widened bounds. */
function marginBands(
  policy: TierPolicy,
  prior: StateCore,
  raw: RawTier,
): { tier: string | null; bands: number[] } | undefined {
  const { engine } = policy;
  if (engine.kind !== 'banded' || policy.hysteresis.marginBand === undefined || raw.values === undefined)
    return undefined;
  if (prior.tier === null || prior.bands === null || prior.bands.length !== engine.axes.length)
    return undefined;
  const bands = engine.axes.map((axis, index) => {
    const value = raw.values![index]!;
    const previousBand = axis.bands.findIndex((band) => band.id === prior.bands![index]);
    if (previousBand >= 0) {
      const interval = axis.bands[previousBand]!.interval;
      const open = engine.aboveTop && index === 0 && previousBand === 0;
      const widened = widen(open ? { ...interval, hi: Number.POSITIVE_INFINITY } : interval, policy);
      if (inInterval(value, widened)) return previousBand;
    }
    return bandOf(axis, value, engine.aboveTop && index === 0);
  });
  const cell = cellIndex(engine, bands);
  const tier = cell < 0 ? -1 : engine.cells[cell]!.tier;
  return { tier: tier < 0 ? null : policy.tiers[tier]!.id, bands };
}

/** Band ids of `tier`: the given bands when their cell holds it, else the nearest cell that does. */
function bandIds(
  policy: TierPolicy,
  tier: string | null,
  bands: readonly number[] | undefined,
): string[] | null {
  const { engine } = policy;
  if (engine.kind !== 'banded' || tier === null) return null;
  const wanted = tierRank(policy, tier);
  const widths = engine.axes.map((axis) => axis.bands.length);
  let best: number[] | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  engine.cells.forEach((cell, index) => {
    if (cell.tier !== wanted) return;
    const cellBands = decode(index, widths);
    const distance =
      bands === undefined
        ? 0
        : cellBands.reduce((sum, band, axis) => sum + Math.abs(band - (bands[axis] ?? band)), 0);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = cellBands;
    }
  });
  return best === undefined ? null : best.map((band, axis) => engine.axes[axis]!.bands[band]!.id);
}

function decode(index: number, widths: readonly number[]): number[] {
  const bands: number[] = [];
  let rest = index;
  for (let axis = widths.length - 1; axis >= 0; axis--) {
    bands[axis] = rest % widths[axis]!;
    rest = Math.floor(rest / widths[axis]!);
  }
  return bands;
}

function marginText(policy: TierPolicy, kept: string | null, rawTier: string | null): LocalisedText {
  const margin = policy.hysteresis.marginBand;
  const keptLabel = tierLabel(policy, kept);
  const rawLabel = tierLabel(policy, rawTier);
  const engine = policy.engine as Extract<Engine, { kind: 'banded' }>;
  const size = (locale: 'zh-CN' | 'en') =>
    margin === undefined
      ? ''
      : 'fraction' in margin
        ? formatPercent(margin.fraction)
        : formatFigure(margin.amount, engine.axes[0]!.meta.unit, locale);
  return {
    'zh-CN': `指标指向${rawLabel['zh-CN']}，但未越过${keptLabel['zh-CN']}的边界达缓冲带（${size('zh-CN')}），保持${keptLabel['zh-CN']}`,
    en: `figures point to ${rawLabel.en} but have not crossed ${keptLabel.en}'s bound by the margin band (${size('en')}); ${keptLabel.en} is kept`,
  };
}

/**
 * Rebuild one account's {@link TierState} from its stored history (rows from
 * `Store.tierHistory`). Uses the state stored with the latest assignment when
 * there is one; otherwise replays the raw tiers through {@link stabilise}.
 *
 * @returns the state after the latest period, or `undefined` without history.
 */
export function stateFromHistory(
  history: readonly StoredTierAssignment[],
  policy: TierPolicy,
): TierState | undefined {
  const rows = history
    .filter((row) => row.policyId === policy.id)
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.at.localeCompare(b.at)));
  const latest = rows[rows.length - 1];
  if (latest === undefined) return undefined;
  const stored = TierStateSchema.safeParse(storedField(latest.explanation, 'state'));
  if (stored.success && stored.data.period === latest.period) return stored.data;
  let state: TierState | undefined;
  for (const row of rows) {
    const rawTier = storedField(row.explanation, 'rawTier');
    const tier = typeof rawTier === 'string' || rawTier === null ? rawTier : row.tier;
    state = stabilise(state, { policyId: policy.id, period: row.period, tier }, policy).state;
  }
  return state;
}

/** {@link stateFromHistory} for many accounts at once: rows of any accounts in, a state per account out. */
export function statesFromHistory(
  history: readonly StoredTierAssignment[],
  policy: TierPolicy,
): Map<string, TierState> {
  const byAccount = new Map<string, StoredTierAssignment[]>();
  for (const row of history) {
    let rows = byAccount.get(row.accountId);
    if (!rows) {
      rows = [];
      byAccount.set(row.accountId, rows);
    }
    rows.push(row);
  }
  const states = new Map<string, TierState>();
  for (const [accountId, rows] of byAccount) {
    const state = stateFromHistory(rows, policy);
    if (state) states.set(accountId, state);
  }
  return states;
}

function storedField(explanation: unknown, key: string): unknown {
  if (typeof explanation !== 'object' || explanation === null || !(key in explanation)) return undefined;
  return (explanation as Record<string, unknown>)[key];
}

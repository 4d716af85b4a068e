/**
 * Upgrade paths (升级通道): the next better tier an account can reach and
 * what it takes, in the policy's own unit — "¥200,000 more cumulative spend",
 * "¥2,857,143 more volume with us to reach level 3", "flag VIP set".
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import {
  conditionRequirements,
  type FigureReader,
  type Requirement,
  requirement,
  requirementCost,
} from './condition.js';
import { formatFigureText } from './figure-text.js';
import { type Engine, inInterval, type TierPolicy } from './policy.js';

/** The next better tier and what it takes to get there. */
export interface UpgradePath {
  tier: string;
  label: LocalisedText;
  /** What is still missing; empty when the figures already qualify (a change awaiting confirmation). */
  gaps: Requirement[];
  text: LocalisedText;
}

/** What {@link upgradePath} needs to know about one account. */
export interface UpgradeInput {
  /** The account's current tier, `null` for none. */
  tier: string | null;
  /** Reads the account's figures. */
  readFigure: FigureReader;
}

const VOLUME_LABEL = { 'zh-CN': '在我方的采购量', en: 'volume with us' };

/**
 * The easiest way up from `input.tier`: among the better tiers reachable by
 * raising figures, the one with the smallest gap (for a ladder, the next tier).
 * Returns `null` at the top tier or when nothing better can be reached.
 */
export function upgradePath(policy: TierPolicy, input: UpgradeInput): UpgradePath | null {
  const rank =
    input.tier === null ? policy.tiers.length : policy.tiers.findIndex((tier) => tier.id === input.tier);
  if (rank <= 0) return null;
  const { engine } = policy;
  const best =
    engine.kind === 'banded'
      ? bandedUpgrade(engine, rank, input.readFigure)
      : rulesUpgrade(engine, rank, input.readFigure);
  if (best === undefined) return null;
  let gaps = best.gaps;
  // Without a tier, admission (准入) must be met too: its missing requirements join the tier's.
  if (input.tier === null && policy.admission !== undefined && policy.admission.when !== 'always') {
    gaps = [...gaps, ...conditionRequirements(policy.admission.when, input.readFigure)];
  }
  const info = policy.tiers[best.tier]!;
  return { tier: info.id, label: info.label, gaps, text: pathText(info.label, gaps) };
}

function pathText(label: LocalisedText, gaps: readonly Requirement[]): LocalisedText {
  if (gaps.length === 0)
    return {
      'zh-CN': `各项指标已达到${label['zh-CN']}，待确认后调整`,
      en: `figures already qualify for ${label.en}; the change awaits confirmation`,
    };
  return {
    'zh-CN': `升至${label['zh-CN']}：${gaps.map((gap) => gap.text['zh-CN']).join('；')}`,
    en: `${gaps.map((gap) => gap.text.en).join('; ')} to reach ${label.en}`,
  };
}

interface Candidate {
  tier: number;
  gaps: Requirement[];
  cost: number;
}

function pick(best: Candidate | undefined, candidate: Candidate): Candidate {
  if (best === undefined) return candidate;
  if (candidate.cost < best.cost - 1e-9) return candidate;
  if (Math.abs(candidate.cost - best.cost) <= 1e-9 && candidate.tier < best.tier) return candidate;
  return best;
}

function bandedUpgrade(
  engine: Extract<Engine, { kind: 'banded' }>,
  rank: number,
  readFigure: FigureReader,
): Candidate | undefined {
  const values = engine.axes.map((axis) => readFigure(axis.meta.figure));
  if (values.some((value) => Number.isNaN(value))) return undefined;
  const widths = engine.axes.map((axis) => axis.bands.length);
  // Gaps on different axes are compared relative to each axis's largest bound.
  const scales = engine.axes.map((axis) => {
    let scale = 0;
    for (const band of axis.bands)
      for (const bound of [band.interval.lo, band.interval.hi])
        if (Number.isFinite(bound)) scale = Math.max(scale, Math.abs(bound));
    return scale > 0 ? scale : 1;
  });
  let best: Candidate | undefined;
  engine.cells.forEach((cell, cellIndex) => {
    if (cell.tier < 0 || cell.tier >= rank) return;
    const bands: number[] = [];
    let rest = cellIndex;
    for (let axis = widths.length - 1; axis >= 0; axis--) {
      bands[axis] = rest % widths[axis]!;
      rest = Math.floor(rest / widths[axis]!);
    }
    const candidate = engine.volumeWithUs
      ? volumeCandidate(engine, bands, values, cell.tier)
      : figureCandidate(engine, bands, values, cell.tier, scales);
    if (candidate) best = pick(best, candidate);
  });
  return best;
}

/** Reach a cell by raising each figure to its band (never lowering one). */
function figureCandidate(
  engine: Extract<Engine, { kind: 'banded' }>,
  bands: readonly number[],
  values: readonly number[],
  tier: number,
  scales: readonly number[],
): Candidate | undefined {
  const gaps: Requirement[] = [];
  let cost = 0;
  for (let axis = 0; axis < engine.axes.length; axis++) {
    const info = engine.axes[axis]!;
    const interval = info.bands[bands[axis]!]!.interval;
    const value = values[axis]!;
    const open = engine.aboveTop && axis === 0 && bands[axis] === 0;
    if (inInterval(value, interval) || (open && value >= interval.lo)) continue;
    if (value > interval.lo || (value === interval.lo && interval.loInclusive)) return undefined;
    cost += 1 + (interval.lo - value) / scales[axis]!;
    gaps.push(
      requirement({
        kind: 'increase',
        meta: info.meta,
        current: value,
        target: interval.lo,
        amount: interval.lo - value,
        inclusive: interval.loInclusive,
      }),
    );
  }
  return { tier, gaps, cost };
}

/**
 * Reach a cell of a total × share grid with extra volume with us: `d` more
 * with us raises our volume S and the customer's total T alike, so the cell
 * needs T + d in the row band and (S + d) / (T + d) in the column band.
 */
function volumeCandidate(
  engine: Extract<Engine, { kind: 'banded' }>,
  bands: readonly number[],
  values: readonly number[],
  tier: number,
): Candidate | undefined {
  const total = values[0]!;
  const share = values[1]!;
  const ours = share * total;
  const row = engine.axes[0]!.bands[bands[0]!]!.interval;
  const column = engine.axes[1]!.bands[bands[1]!]!.interval;
  let needed = Math.max(0, row.lo - total);
  if (share < column.lo) {
    if (column.lo >= 1) return undefined;
    needed = Math.max(needed, (column.lo * total - ours) / (1 - column.lo));
  }
  needed = Math.ceil(needed - 1e-6);
  const newTotal = total + needed;
  const newShare = newTotal > 0 ? (ours + needed) / newTotal : share;
  if (!inInterval(newTotal, row) || !inInterval(newShare, column)) return undefined;
  if (needed === 0) return { tier, gaps: [], cost: 0 };
  const meta = { figure: engine.axes[0]!.meta.figure, label: VOLUME_LABEL, unit: { kind: 'fen' } as const };
  const gap = requirement({
    kind: 'increase',
    meta,
    current: ours,
    target: ours + needed,
    amount: needed,
    inclusive: true,
  });
  const amount = formatFigureText(needed, meta.unit);
  gap.text = {
    'zh-CN': `在我方的采购量再增加 ${amount['zh-CN']}`,
    en: `${amount.en} more volume with us`,
  };
  return { tier, gaps: [gap], cost: needed };
}

function rulesUpgrade(
  engine: Extract<Engine, { kind: 'rules' }>,
  rank: number,
  readFigure: FigureReader,
): Candidate | undefined {
  for (let tier = rank - 1; tier >= 0; tier--) {
    let best: Candidate | undefined;
    for (const rule of engine.rules) {
      if (rule.tier !== tier) continue;
      const gaps = conditionRequirements(rule.when, readFigure);
      best = pick(best, { tier, gaps, cost: requirementCost(gaps) });
    }
    if (best) return best;
  }
  return undefined;
}

/**
 * The loaded (compiled) form of tier and admission policies: thresholds
 * resolved to numbers in the figure's unit, labels in both locales, ladders,
 * ranges, grids and matrices turned into banded axes. The engine only ever
 * sees this form; {@link loadTierPolicy} builds it from a document.
 *
 * @module
 */
import type { LocalisedText } from '../errors/kam-error.js';
import type { FigureMeta } from './figure-text.js';
import type { AdmissionPolicyDocument, CONDITION_OPERATORS, TierPolicyDocument } from './policy-schema.js';

/** A tier of a loaded policy. */
export interface TierInfo {
  id: string;
  label: LocalisedText;
  description: LocalisedText | undefined;
}

/** A range of values; `lo`/`hi` may be infinite. */
export interface Interval {
  lo: number;
  loInclusive: boolean;
  hi: number;
  hiInclusive: boolean;
}

/** True when `value` lies in `interval` (NaN lies nowhere). */
export function inInterval(value: number, interval: Interval): boolean {
  const aboveLo = interval.loInclusive ? value >= interval.lo : value > interval.lo;
  const belowHi = interval.hiInclusive ? value <= interval.hi : value < interval.hi;
  return aboveLo && belowHi;
}

/** One band of an axis (a ladder step, a range, a grid band, a matrix half). */
export interface Band {
  id: string;
  label: LocalisedText;
  interval: Interval;
}

/** One figure cut into bands, best (highest) first. */
export interface Axis {
  meta: FigureMeta;
  label: LocalisedText;
  bands: Band[];
}

/** What a combination of bands gives: a tier (index into `tiers`, -1 for none) and flags. */
export interface Cell {
  tier: number;
  flags: string[];
  /** Ids of the bands, one per axis. */
  id: string;
}

/** A compiled condition. */
export type Condition =
  | { kind: 'compare'; meta: FigureMeta; op: (typeof CONDITION_OPERATORS)[number]; value: number }
  | { kind: 'flag'; flag: string; meta: FigureMeta }
  | { kind: 'all'; conditions: Condition[] }
  | { kind: 'any'; conditions: Condition[] }
  | { kind: 'not'; condition: Condition };

/** A compiled rule of a `rules` policy. */
export interface Rule {
  id: string;
  tier: number;
  when: Condition;
  label: LocalisedText;
}

/**
 * How a policy decides: `banded` (ladder, ranges, grid, matrix: figures cut
 * into bands, a cell per combination) or `rules` (ordered conditions).
 */
export type Engine =
  | {
      kind: 'banded';
      axes: Axis[];
      /** Row-major: cell of band indexes `[b0, b1]` is `cells[b0 * axes[1].bands.length + b1]`. */
      cells: Cell[];
      /** Ranges: above the top band still counts as the top band. */
      aboveTop: boolean;
      /** Grid upgrade paths worded as extra volume with us. */
      volumeWithUs: boolean;
    }
  | { kind: 'rules'; rules: Rule[]; defaultTier: number };

/** A margin band: a fraction of the bound, or an amount in the figure's unit. */
export type MarginBand = { fraction: number } | { amount: number };

/** The admission part of a policy: a condition, or open entry. */
export interface Admission {
  when: Condition | 'always';
  label: LocalisedText;
}

/**
 * A loaded tier policy. Tiers are best first, so "up" and "down" are defined.
 * Build one with {@link loadTierPolicy}; `document` is the validated source.
 */
export interface TierPolicy {
  id: string;
  kind: TierPolicyDocument['kind'];
  name: LocalisedText;
  description: LocalisedText | undefined;
  tiers: TierInfo[];
  noTierLabel: LocalisedText;
  hysteresis: { confirmPeriods: number; marginBand: MarginBand | undefined };
  admission: Admission | undefined;
  engine: Engine;
  document: TierPolicyDocument;
}

/** A loaded admission policy (准入). Build one with {@link loadAdmissionPolicy}. */
export interface AdmissionPolicy {
  id: string;
  kind: 'admission';
  name: LocalisedText;
  description: LocalisedText | undefined;
  admission: Admission;
  document: AdmissionPolicyDocument;
}

/** Position of a tier in the policy, best first; no tier ranks after every tier. */
export function tierRank(policy: TierPolicy, tier: string | null): number {
  if (tier === null) return policy.tiers.length;
  const index = policy.tiers.findIndex((info) => info.id === tier);
  return index < 0 ? Number.NaN : index;
}

/** The label of a tier, or the policy's "no tier" label. */
export function tierLabel(policy: TierPolicy, tier: string | null): LocalisedText {
  if (tier === null) return policy.noTierLabel;
  return policy.tiers.find((info) => info.id === tier)?.label ?? { 'zh-CN': tier, en: tier };
}

/**
 * A tier policy that also applies a separate admission policy (准入): an
 * account gets a tier only when it passes both the policy's own admission
 * (if any) and `admission`. Without `admission` the policy is returned as is.
 *
 * @example
 * ```ts
 * const effective = withAdmission(loadTierPreset('postal-ranges'), loadAdmissionPreset('postal-admission'));
 * ```
 */
export function withAdmission(policy: TierPolicy, admission: AdmissionPolicy | undefined): TierPolicy {
  if (admission === undefined || admission.admission.when === 'always') return policy;
  const own = policy.admission;
  if (own === undefined || own.when === 'always') return { ...policy, admission: admission.admission };
  return {
    ...policy,
    admission: {
      when: { kind: 'all', conditions: [own.when, admission.admission.when] },
      label: {
        'zh-CN': `${own.label['zh-CN']}且${admission.admission.label['zh-CN']}`,
        en: `${own.label.en} and ${admission.admission.label.en}`,
      },
    },
  };
}

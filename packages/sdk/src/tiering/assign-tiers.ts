/**
 * Tier a whole portfolio: raw tiers from the figures (columnar), hysteresis
 * from each account's previous state, manual overrides with reason, author
 * and expiry, an explanation and an upgrade path per account.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';
import type { FigureContext } from '../metrics/figures.js';
import type { StoredTierAssignment, TierOverride } from '../store/port.js';
import { type FigureReading, valueReader } from './condition.js';
import { evaluateTierColumns, type RawBasis, rawAssignmentAt } from './evaluate.js';
import { type TierPolicy, tierLabel, tierRank } from './policy.js';
import { type Stabilised, stabilise, type TierHold, type TierState } from './stabilise.js';
import { type UpgradePath, upgradePath } from './upgrade.js';

/** Options for {@link assignTiers}. */
export interface AssignTiersOptions {
  policy: TierPolicy;
  /** The portfolio's figures; its as-of month is the period assigned. */
  context: FigureContext;
  /** Each account's state after the previous period (from the store or {@link statesFromHistory}). */
  previous?: ReadonlyMap<string, TierState>;
  /** Manual overrides; those for other policies are ignored, expired ones noted. */
  overrides?: readonly TierOverride[];
  /** Today's date `YYYY-MM-DD` (for override expiry). */
  today: string;
}

/** An override that decided the tier. */
export interface AppliedOverride {
  id: string;
  tier: string;
  reason: string;
  author: string;
  createdAt: string;
  expiresOn: string | null;
}

/** Why an account has its tier, in words and figures. */
export interface TierExplanation {
  /** What decided the raw tier: a band, a grid cell, a rule, the default, … */
  basis: RawBasis;
  /** Id of the band, cell, quadrant or rule. */
  ref: string | null;
  /** The raw reasoning (figures → tier). */
  reason: LocalisedText;
  /** Hysteresis holding the previous tier, if any. */
  hold: TierHold | null;
  /** The manual override that applies, if any. */
  override: AppliedOverride | null;
  /** Overrides for this account and policy that expired before `today` (ignored). */
  expiredOverrides: AppliedOverride[];
  /** Everything above as one text. */
  text: LocalisedText;
}

/** One account's tier for a period, explained. */
export interface TierAssignment {
  accountId: string;
  policyId: string;
  /** The period, `YYYY-MM` (the context's as-of month). */
  period: string;
  /** The tier in force: the override's if one applies, else the earned tier. `null`: no tier. */
  tier: string | null;
  label: LocalisedText;
  /** Position best first (`tiers.length` for no tier). */
  rank: number;
  /** The tier after hysteresis, before overrides. */
  earnedTier: string | null;
  /** What this period's figures alone say. */
  rawTier: string | null;
  admitted: boolean;
  /** Flags of the grid cell, e.g. `route-match-analysis`. */
  flags: string[];
  figures: FigureReading[];
  explanation: TierExplanation;
  /** The next better tier and the gap to it; `null` at the top. */
  upgrade: UpgradePath | null;
  /** State to keep for the next period. */
  state: TierState;
}

/**
 * Assign every account of `context` a tier under `policy`.
 *
 * @returns one assignment per account, in `context.accountIds` order.
 * @throws KamError `INVALID_INPUT` when an override names a tier the policy
 *   does not have (`path` = `overrides[i].tier`).
 * @example
 * ```ts
 * const policy = loadTierPolicy(retailLadder);
 * const context = new FigureContext({ accounts, aggregates, asOf: '2026-10' });
 * const assignments = assignTiers({ policy, context, today: '2026-10-31', previous, overrides });
 * for (const a of assignments) console.log(a.accountId, a.tier, a.explanation.text.en, a.upgrade?.text.en);
 * const nextPrevious = new Map(assignments.map((a) => [a.accountId, a.state]));
 * ```
 */
export function assignTiers(options: AssignTiersOptions): TierAssignment[] {
  const { policy, context, today } = options;
  const overridesByAccount = groupOverrides(policy, options.overrides ?? []);
  const columns = evaluateTierColumns(policy, context);
  const out: TierAssignment[] = new Array(context.accountIds.length);
  for (let index = 0; index < context.accountIds.length; index++) {
    const raw = rawAssignmentAt(policy, context, columns, index);
    const stabilised: Stabilised = stabilise(options.previous?.get(raw.accountId), raw, policy);
    const { active, expired } = pickOverride(overridesByAccount.get(raw.accountId), today);
    const tier = active ? active.tier : stabilised.tier;
    const readFigure = valueReader(context, index);
    const upgrade = upgradePath(policy, { tier, readFigure });
    out[index] = {
      accountId: raw.accountId,
      policyId: policy.id,
      period: raw.period,
      tier,
      label: tierLabel(policy, tier),
      rank: tierRank(policy, tier),
      earnedTier: stabilised.tier,
      rawTier: raw.tier,
      admitted: raw.admitted,
      flags: raw.flags,
      figures: raw.figures,
      explanation: {
        basis: raw.basis,
        ref: raw.ref,
        reason: raw.reason,
        hold: stabilised.hold,
        override: active ?? null,
        expiredOverrides: expired,
        text: explanationText(policy, raw.reason, stabilised.hold, active, expired),
      },
      upgrade,
      state: stabilised.state,
    };
  }
  return out;
}

function groupOverrides(
  policy: TierPolicy,
  overrides: readonly TierOverride[],
): Map<string, AppliedOverride[]> {
  const byAccount = new Map<string, AppliedOverride[]>();
  overrides.forEach((override, index) => {
    if (override.policyId !== policy.id) return;
    if (Number.isNaN(tierRank(policy, override.tier)))
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_INPUT,
        path: `overrides[${index}].tier`,
        message: {
          'zh-CN': `调整 ${override.id} 指定了策略 ${policy.id} 中不存在的层级“${override.tier}”（可选：${policy.tiers.map((tier) => tier.id).join(', ')}）`,
          en: `Override ${override.id} names tier "${override.tier}", which policy ${policy.id} does not have (one of: ${policy.tiers.map((tier) => tier.id).join(', ')})`,
        },
      });
    let list = byAccount.get(override.accountId);
    if (!list) {
      list = [];
      byAccount.set(override.accountId, list);
    }
    list.push({
      id: override.id,
      tier: override.tier,
      reason: override.reason,
      author: override.author,
      createdAt: override.createdAt,
      expiresOn: override.expiresOn,
    });
  });
  return byAccount;
}

/** The latest override in force on `today` (expiry inclusive), and those already expired. */
function pickOverride(
  overrides: readonly AppliedOverride[] | undefined,
  today: string,
): { active: AppliedOverride | undefined; expired: AppliedOverride[] } {
  let active: AppliedOverride | undefined;
  const expired: AppliedOverride[] = [];
  for (const override of overrides ?? []) {
    if (override.expiresOn !== null && override.expiresOn < today) {
      expired.push(override);
      continue;
    }
    if (override.createdAt.slice(0, 10) > today) continue;
    if (active === undefined || override.createdAt > active.createdAt) active = override;
  }
  return { active, expired };
}

function explanationText(
  policy: TierPolicy,
  reason: LocalisedText,
  hold: TierHold | null,
  override: AppliedOverride | undefined,
  expired: readonly AppliedOverride[],
): LocalisedText {
  const zh = [reason['zh-CN']];
  const en = [reason.en];
  if (hold) {
    zh.push(hold.text['zh-CN']);
    en.push(hold.text.en);
  }
  if (override) {
    const label = tierLabel(policy, override.tier);
    const until = override.expiresOn ?? null;
    zh.push(
      `人工调整为${label['zh-CN']}（${override.author}，理由：${override.reason}${until ? `，有效至 ${until}` : '，长期有效'}）`,
    );
    en.push(
      `override applied: ${label.en} by ${override.author} (reason: ${override.reason}${until ? `; until ${until}` : '; no expiry'})`,
    );
  }
  for (const old of expired) {
    zh.push(`人工调整 ${old.id}（${old.author}）已于 ${old.expiresOn} 到期，不再适用`);
    en.push(`override ${old.id} by ${old.author} expired on ${old.expiresOn} and is ignored`);
  }
  return { 'zh-CN': zh.join('；'), en: en.join('; ') };
}

/**
 * The row to store for an assignment (`Store.saveTierAssignments`). The
 * explanation keeps the raw and earned tiers and the state, so
 * {@link stateFromHistory} can rebuild the state from stored history.
 *
 * @param at - when the assignment was made (ISO instant).
 */
export function toStoredTierAssignment(assignment: TierAssignment, at: string): StoredTierAssignment {
  return {
    accountId: assignment.accountId,
    period: assignment.period,
    policyId: assignment.policyId,
    tier: assignment.tier,
    at,
    explanation: JSON.parse(
      JSON.stringify({
        rawTier: assignment.rawTier,
        earnedTier: assignment.earnedTier,
        admitted: assignment.admitted,
        flags: assignment.flags,
        figures: assignment.figures,
        explanation: assignment.explanation,
        upgrade: assignment.upgrade,
        state: assignment.state,
      }),
    ),
  };
}

/**
 * Tier history, pure: moves between two periods (for a migration matrix) and
 * whether a change is a downgrade.
 *
 * @module
 */
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { type TierPolicy, tierRank } from './policy.js';

function rankOf(policy: TierPolicy, tier: string | null, path: string): number {
  const rank = tierRank(policy, tier);
  if (Number.isNaN(rank))
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path,
      message: {
        'zh-CN': `策略 ${policy.id} 中没有层级“${tier}”`,
        en: `Policy ${policy.id} has no tier "${tier}"`,
      },
    });
  return rank;
}

/**
 * Compare two tiers of a policy: negative when `a` is better, positive when
 * worse, 0 when equal. `null` (no tier) is worse than every tier.
 *
 * @throws KamError `INVALID_INPUT` for a tier the policy does not have.
 */
export function compareTiers(policy: TierPolicy, a: string | null, b: string | null): number {
  return rankOf(policy, a, 'a') - rankOf(policy, b, 'b');
}

/**
 * True when moving `from` → `to` is a downgrade (to a worse tier, or out of
 * every tier).
 *
 * @example isDowngrade(retail, 'A', 'B') // true
 * @throws KamError `INVALID_INPUT` for a tier the policy does not have.
 */
export function isDowngrade(policy: TierPolicy, from: string | null, to: string | null): boolean {
  return rankOf(policy, to, 'to') > rankOf(policy, from, 'from');
}

/** True when moving `from` → `to` is an upgrade (to a better tier, or into one). */
export function isUpgrade(policy: TierPolicy, from: string | null, to: string | null): boolean {
  return rankOf(policy, to, 'to') < rankOf(policy, from, 'from');
}

/** An account's tier in one period (a `TierAssignment` or a stored row fits). */
export interface TierOfAccount {
  accountId: string;
  tier: string | null;
}

/** Moves between two periods: `counts[from][to]` over `tiers` (best first, then `null`). */
export interface TierMigrations {
  /** Row and column order: the policy's tiers best first, then `null` (no tier). */
  tiers: (string | null)[];
  /** `counts[i][j]`: accounts in `tiers[i]` before and `tiers[j]` after. */
  counts: number[][];
  upgrades: number;
  downgrades: number;
  unchanged: number;
  /** Accounts without a tier before that have one after (new key accounts). */
  entered: number;
  /** Accounts with a tier before and none after (lost key accounts). */
  left: number;
}

/**
 * Count moves between two periods' tiers, for a migration matrix. An account
 * missing from one period counts as having no tier there.
 *
 * @throws KamError `INVALID_INPUT` for a tier the policy does not have.
 * @example
 * ```ts
 * const moves = tierMigrations(policy, septemberAssignments, octoberAssignments);
 * moves.counts[0][1]; // A → B
 * ```
 */
export function tierMigrations(
  policy: TierPolicy,
  before: Iterable<TierOfAccount>,
  after: Iterable<TierOfAccount>,
): TierMigrations {
  const size = policy.tiers.length + 1;
  const counts = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const beforeRank = new Map<string, number>();
  for (const row of before)
    beforeRank.set(row.accountId, rankOf(policy, row.tier, `before[${row.accountId}].tier`));
  const result: TierMigrations = {
    tiers: [...policy.tiers.map((tier) => tier.id), null],
    counts,
    upgrades: 0,
    downgrades: 0,
    unchanged: 0,
    entered: 0,
    left: 0,
  };
  const seen = new Set<string>();
  const count = (from: number, to: number) => {
    counts[from]![to]! += 1;
    if (from === to) result.unchanged += 1;
    else if (to < from) result.upgrades += 1;
    else result.downgrades += 1;
    if (from === size - 1 && to < size - 1) result.entered += 1;
    if (from < size - 1 && to === size - 1) result.left += 1;
  };
  for (const row of after) {
    seen.add(row.accountId);
    count(
      beforeRank.get(row.accountId) ?? size - 1,
      rankOf(policy, row.tier, `after[${row.accountId}].tier`),
    );
  }
  for (const [accountId, rank] of beforeRank) if (!seen.has(accountId)) count(rank, size - 1);
  return result;
}

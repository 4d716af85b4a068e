/**
 * Cross-sell (新产品 / 交叉销售, seed001, seed003: new products per existing
 * client) from the monthly roll-up's categories (products, routes).
 *
 * @module
 */
import type { MonthlyAggregate } from '../../metrics/aggregate.js';
import { monthIndex } from '../../time/calendar.js';
import type { MonthRange } from '../../time/period.js';

/** How many months before the period a category counts as already bought. */
export const CROSS_SELL_LOOKBACK_MONTHS = 12;

/** One existing account buying a category it had not bought in the lookback. */
export interface CrossSellPair {
  accountId: string;
  category: string;
}

/** The cross-sell of a period: which accounts were existing, which pairs are new. */
export interface CrossSell {
  /** Accounts that bought anything before the period (any month), sorted. */
  existingAccountIds: string[];
  /** New account × category pairs, by account then category. */
  pairs: CrossSellPair[];
}

/**
 * The new account × category pairs of a period: an existing account (one
 * that bought anything before the period starts) buying in the period a
 * category it bought in none of the {@link CROSS_SELL_LOOKBACK_MONTHS}
 * months before the period. A month with at least one transaction of the
 * category counts as bought (refunds included). The range must start at a
 * month (not "since the beginning").
 *
 * @example
 * ```ts
 * // acme bought freight in 2025 and first bought 'express' in October 2026:
 * crossSell(aggregates, { start: monthIndex('2026-10'), end: monthIndex('2026-10') }).pairs;
 * // [{ accountId: 'acme', category: 'express' }]
 * ```
 */
export function crossSell(aggregates: readonly MonthlyAggregate[], range: MonthRange): CrossSell {
  const lookbackStart = range.start - CROSS_SELL_LOOKBACK_MONTHS;
  const existing = new Set<string>();
  const recent = new Set<string>();
  const bought = new Map<string, Set<string>>();
  const key = (row: MonthlyAggregate) => `${row.accountId}\u0000${row.category}`;
  for (const row of aggregates) {
    if (row.count <= 0) continue;
    const month = monthIndex(row.month);
    if (month < range.start) {
      existing.add(row.accountId);
      if (month >= lookbackStart) recent.add(key(row));
    } else if (month <= range.end) {
      let categories = bought.get(row.accountId);
      if (!categories) {
        categories = new Set();
        bought.set(row.accountId, categories);
      }
      categories.add(row.category);
    }
  }
  const pairs: CrossSellPair[] = [];
  for (const accountId of [...bought.keys()].sort()) {
    if (!existing.has(accountId)) continue;
    for (const category of [...bought.get(accountId)!].sort()) {
      if (!recent.has(`${accountId}\u0000${category}`)) pairs.push({ accountId, category });
    }
  }
  return { existingAccountIds: [...existing].sort(), pairs };
}

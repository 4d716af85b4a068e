/**
 * Cross-sell (新产品 / 交叉销售, seed001, seed003: new products per existing
 * client) from the monthly roll-up's categories (products, routes).
 *
 * @module
 */
import { type AggregateInput, toAggregateColumns } from '../../metrics/aggregate-columns.js';
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
export function crossSell(aggregates: AggregateInput, range: MonthRange): CrossSell {
  const lookbackStart = range.start - CROSS_SELL_LOOKBACK_MONTHS;
  const existing = new Set<string>();
  const recent = new Set<string>();
  const bought = new Map<string, Set<string>>();
  const columns = toAggregateColumns(aggregates);
  for (let row = 0; row < columns.size; row++) {
    if (columns.count[row]! <= 0) continue;
    const month = columns.month[row]!;
    const accountId = columns.accountId[row]!;
    const category = columns.category[row]!;
    if (month < range.start) {
      existing.add(accountId);
      if (month >= lookbackStart) recent.add(`${accountId}\u0000${category}`);
    } else if (month <= range.end) {
      let categories = bought.get(accountId);
      if (!categories) {
        categories = new Set();
        bought.set(accountId, categories);
      }
      categories.add(category);
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

import { monthIndex } from '../time/calendar.js';
import type { MonthRange } from '../time/period.js';
import type { MonthlyAggregate } from './aggregate.js';

/** One category's part of an account's spend. */
export interface CategoryShare {
  category: string;
  revenueFen: number;
  count: number;
  units: number;
  /** Share of the account's revenue in the range, 0–1. */
  share: number;
}

/** The category mix of one account and how concentrated it is. */
export interface CategoryMix {
  categories: CategoryShare[];
  totalFen: number;
  /**
   * The fewest categories that carry `valueShare` of the revenue (default 80 %):
   * "of 50 routes, 5 carried the value".
   */
  carriers: { count: number; of: number; share: number };
  /** Herfindahl–Hirschman index of the shares (1 = one category only). */
  hhi: number;
  /** Categories used at most `rareCount` times in the range (default 2: "used once or twice a year"). */
  rarelyUsed: number;
}

/** Options for {@link categoryMix}. */
export interface CategoryMixOptions {
  valueShare?: number;
  rareCount?: number;
}

/**
 * The category mix (routes, products) of one account over `range`, largest
 * first, with the concentration insight of DOMAIN.md §7.
 */
export function categoryMix(
  aggregates: readonly MonthlyAggregate[],
  accountId: string,
  range: MonthRange,
  options: CategoryMixOptions = {},
): CategoryMix {
  const valueShare = options.valueShare ?? 0.8;
  const rareCount = options.rareCount ?? 2;
  const byCategory = new Map<string, { revenueFen: number; count: number; units: number }>();
  let totalFen = 0;
  for (const row of aggregates) {
    if (row.accountId !== accountId) continue;
    const month = monthIndex(row.month);
    if (month < range.start || month > range.end) continue;
    const entry = byCategory.get(row.category) ?? { revenueFen: 0, count: 0, units: 0 };
    entry.revenueFen += row.revenueFen;
    entry.count += row.count;
    entry.units += row.units;
    byCategory.set(row.category, entry);
    totalFen += row.revenueFen;
  }
  const categories = [...byCategory.entries()]
    .map(([category, entry]) => ({
      category,
      ...entry,
      share: totalFen > 0 ? entry.revenueFen / totalFen : 0,
    }))
    .sort((a, b) => b.revenueFen - a.revenueFen || a.category.localeCompare(b.category));
  let running = 0;
  let count = 0;
  for (const entry of categories) {
    if (running >= valueShare - 1e-12) break;
    running += entry.share;
    count += 1;
  }
  return {
    categories,
    totalFen,
    carriers: { count, of: categories.length, share: running },
    hhi: categories.reduce((sum, entry) => sum + entry.share * entry.share, 0),
    rarelyUsed: categories.filter((entry) => entry.count <= rareCount).length,
  };
}

import type { Transaction } from '../domain/transaction.js';
import { monthOfDate } from '../time/calendar.js';
import { aggregateColumnsOf, aggregateRowsOf, rollUpAggregateColumns } from './aggregate-columns.js';

/**
 * Transactions summed by account × month × category: the one shape in which
 * every figure is asked of the store (the aggregation port). Metrics, scoring,
 * tiering, alerts and reports are computed from these rows only.
 */
export interface MonthlyAggregate {
  accountId: string;
  /** `YYYY-MM`. */
  month: string;
  category: string;
  /** Sum of amounts, fen. */
  revenueFen: number;
  /** Number of transactions. */
  count: number;
  /** Sum of units (km, kWh…). */
  units: number;
  /** Sum of known profits, fen. */
  profitFen: number;
  /** Revenue of the transactions whose profit is known, fen (the base of margin). */
  profitBaseFen: number;
  /** Sum of the customer's known market totals, fen. */
  marketTotalFen: number;
  /** Our revenue on the transactions whose market total is known, fen. */
  marketBaseFen: number;
  /** Latest transaction date in the bucket, `YYYY-MM-DD`. */
  lastDate: string;
}

/** An empty bucket for one account × month × category. */
export function emptyAggregate(accountId: string, month: string, category: string): MonthlyAggregate {
  return {
    accountId,
    month,
    category,
    revenueFen: 0,
    count: 0,
    units: 0,
    profitFen: 0,
    profitBaseFen: 0,
    marketTotalFen: 0,
    marketBaseFen: 0,
    lastDate: '',
  };
}

/** Add one transaction to a bucket (in place). */
export function addToAggregate(bucket: MonthlyAggregate, transaction: Transaction): void {
  bucket.revenueFen += transaction.amountFen;
  bucket.count += 1;
  bucket.units += transaction.units ?? 0;
  const profit =
    transaction.profitFen ??
    (transaction.costFen === undefined ? undefined : transaction.amountFen - transaction.costFen);
  if (profit !== undefined) {
    bucket.profitFen += profit;
    bucket.profitBaseFen += transaction.amountFen;
  }
  if (transaction.marketTotalFen !== undefined) {
    bucket.marketTotalFen += transaction.marketTotalFen;
    bucket.marketBaseFen += transaction.amountFen;
  }
  if (transaction.date > bucket.lastDate) bucket.lastDate = transaction.date;
}

/**
 * Sum transactions into monthly aggregates in plain code (the in-memory side
 * of the aggregation port; PostgreSQL does the same in SQL).
 */
export function aggregateTransactions(transactions: Iterable<Transaction>): MonthlyAggregate[] {
  const buckets = new Map<string, MonthlyAggregate>();
  for (const transaction of transactions) {
    const month = monthOfDate(transaction.date);
    const key = `${transaction.accountId}\u0000${month}\u0000${transaction.category}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = emptyAggregate(transaction.accountId, month, transaction.category);
      buckets.set(key, bucket);
    }
    addToAggregate(bucket, transaction);
  }
  return [...buckets.values()];
}

/** Merge `source` into `target` (in place); both must be for the same bucket shape. */
export function mergeAggregate(target: MonthlyAggregate, source: MonthlyAggregate): void {
  target.revenueFen += source.revenueFen;
  target.count += source.count;
  target.units += source.units;
  target.profitFen += source.profitFen;
  target.profitBaseFen += source.profitBaseFen;
  target.marketTotalFen += source.marketTotalFen;
  target.marketBaseFen += source.marketBaseFen;
  if (source.lastDate > target.lastDate) target.lastDate = source.lastDate;
}

/**
 * Re-key aggregates up the enterprise structure tree: every row counts for its
 * account and each ancestor, so a group's figures are the sum over its subtree.
 * A cycle in the tree is reported, not followed forever.
 *
 * @param parentOf - map from account id to parent id (`null` at a root).
 */
export function rollUpAggregates(
  aggregates: readonly MonthlyAggregate[],
  parentOf: ReadonlyMap<string, string | null>,
): MonthlyAggregate[] {
  return aggregateRowsOf(rollUpAggregateColumns(aggregateColumnsOf(aggregates), parentOf));
}

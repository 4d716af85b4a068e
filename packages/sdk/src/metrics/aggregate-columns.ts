/**
 * Monthly aggregates in columns: the same rows as `MonthlyAggregate[]`, one
 * array per field, so a store can hand a whole portfolio's roll-up to
 * `computeMetrics` without building an object per row.
 *
 * @module
 */
import { dayNumber, monthIndex } from '../time/calendar.js';
import type { MonthlyAggregate } from './aggregate.js';

/**
 * Monthly aggregates (account × month × category) in columns: row `i` is
 * `accountId[i]`, `month[i]`, `category[i]`, `revenueFen[i]`… Every array has
 * `size` entries.
 */
export interface AggregateColumns {
  /** Number of rows. */
  readonly size: number;
  readonly accountId: readonly string[];
  /** Month index (`year × 12 + month − 1`, see `monthIndex`). */
  readonly month: Int32Array;
  readonly category: readonly string[];
  /** Sum of amounts, fen. */
  readonly revenueFen: Float64Array;
  /** Number of transactions. */
  readonly count: Float64Array;
  /** Sum of units. */
  readonly units: Float64Array;
  /** Sum of known profits, fen. */
  readonly profitFen: Float64Array;
  /** Revenue of the transactions whose profit is known, fen. */
  readonly profitBaseFen: Float64Array;
  /** Sum of known market totals, fen. */
  readonly marketTotalFen: Float64Array;
  /** Our revenue on the transactions whose market total is known, fen. */
  readonly marketBaseFen: Float64Array;
  /** Day number (days since 1970-01-01, see `dayNumber`) of the latest transaction; NaN when unknown. */
  readonly lastDay: Float64Array;
}

/**
 * Assemble {@link AggregateColumns} with its keys always in one order, so
 * every set of columns — read from a store, cached, merged — has one object
 * shape and the loops that read them stay monomorphic.
 */
export function makeAggregateColumns(
  size: number,
  columns: Omit<AggregateColumns, 'size'>,
): AggregateColumns {
  return {
    size,
    accountId: columns.accountId,
    category: columns.category,
    month: columns.month,
    revenueFen: columns.revenueFen,
    count: columns.count,
    units: columns.units,
    profitFen: columns.profitFen,
    profitBaseFen: columns.profitBaseFen,
    marketTotalFen: columns.marketTotalFen,
    marketBaseFen: columns.marketBaseFen,
    lastDay: columns.lastDay,
  };
}

/**
 * Turn monthly aggregate rows into {@link AggregateColumns}, keeping their order.
 *
 * @example
 * ```ts
 * const columns = aggregateColumnsOf(await store.aggregate({ fromMonth: '2026-09' }));
 * columns.revenueFen[0]; // the first row's revenue
 * ```
 */
export function aggregateColumnsOf(rows: readonly MonthlyAggregate[]): AggregateColumns {
  const size = rows.length;
  const columns = emptyColumns(size);
  const accountId: string[] = [];
  const category: string[] = [];
  for (let index = 0; index < size; index++) {
    const row = rows[index]!;
    accountId[index] = row.accountId;
    category[index] = row.category;
    columns.month[index] = monthIndex(row.month);
    columns.revenueFen[index] = row.revenueFen;
    columns.count[index] = row.count;
    columns.units[index] = row.units;
    columns.profitFen[index] = row.profitFen;
    columns.profitBaseFen[index] = row.profitBaseFen;
    columns.marketTotalFen[index] = row.marketTotalFen;
    columns.marketBaseFen[index] = row.marketBaseFen;
    columns.lastDay[index] = row.lastDate === '' ? Number.NaN : dayNumber(row.lastDate);
  }
  return makeAggregateColumns(size, { accountId, category, ...columns });
}

/** Whether `aggregates` is in columns rather than rows. */
export function isAggregateColumns(
  aggregates: readonly MonthlyAggregate[] | AggregateColumns,
): aggregates is AggregateColumns {
  return !Array.isArray(aggregates);
}

/** The typed-array columns of {@link AggregateColumns}, zeroed, with room for `size` rows. */
export function emptyColumns(size: number) {
  return {
    month: new Int32Array(size),
    revenueFen: new Float64Array(size),
    count: new Float64Array(size),
    units: new Float64Array(size),
    profitFen: new Float64Array(size),
    profitBaseFen: new Float64Array(size),
    marketTotalFen: new Float64Array(size),
    marketBaseFen: new Float64Array(size),
    lastDay: new Float64Array(size),
  };
}

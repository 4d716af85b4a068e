/**
 * Monthly aggregates in columns: the same rows as `MonthlyAggregate[]`, one
 * array per field, so a store can hand a whole portfolio's roll-up to
 * `computeMetrics` without building an object per row.
 *
 * @module
 */
import { dateFromDayNumber, dayNumber, monthFromIndex, monthIndex } from '../time/calendar.js';
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

/** Monthly aggregates as rows or as {@link AggregateColumns}: what the figure functions take. */
export type AggregateInput = readonly MonthlyAggregate[] | AggregateColumns;

/** The aggregates in columns: as they are when they already are, else converted ({@link aggregateColumnsOf}). */
export function toAggregateColumns(aggregates: AggregateInput): AggregateColumns {
  return isAggregateColumns(aggregates) ? aggregates : aggregateColumnsOf(aggregates);
}

/** Row `row` of the columns as a {@link MonthlyAggregate}. */
export function aggregateRowAt(columns: AggregateColumns, row: number): MonthlyAggregate {
  const lastDay = columns.lastDay[row]!;
  return {
    accountId: columns.accountId[row]!,
    month: monthFromIndex(columns.month[row]!),
    category: columns.category[row]!,
    revenueFen: columns.revenueFen[row]!,
    count: columns.count[row]!,
    units: columns.units[row]!,
    profitFen: columns.profitFen[row]!,
    profitBaseFen: columns.profitBaseFen[row]!,
    marketTotalFen: columns.marketTotalFen[row]!,
    marketBaseFen: columns.marketBaseFen[row]!,
    lastDate: Number.isNaN(lastDay) ? '' : dateFromDayNumber(lastDay),
  };
}

/** The rows of the columns, in order (for code that needs a few as objects). */
export function aggregateRowsOf(columns: AggregateColumns): MonthlyAggregate[] {
  return Array.from({ length: columns.size }, (_, row) => aggregateRowAt(columns, row));
}

/** The rows of the columns `keep` says yes to, in order, as new columns (the same columns when it keeps all). */
export function keepAggregateRows(
  columns: AggregateColumns,
  keep: (row: number) => boolean,
): AggregateColumns {
  const picked: number[] = [];
  for (let row = 0; row < columns.size; row++) if (keep(row)) picked.push(row);
  if (picked.length === columns.size) return columns;
  const size = picked.length;
  const out = emptyColumns(size);
  const accountId: string[] = new Array(size);
  const category: string[] = new Array(size);
  picked.forEach((row, at) => {
    accountId[at] = columns.accountId[row]!;
    category[at] = columns.category[row]!;
    out.month[at] = columns.month[row]!;
    out.revenueFen[at] = columns.revenueFen[row]!;
    out.count[at] = columns.count[row]!;
    out.units[at] = columns.units[row]!;
    out.profitFen[at] = columns.profitFen[row]!;
    out.profitBaseFen[at] = columns.profitBaseFen[row]!;
    out.marketTotalFen[at] = columns.marketTotalFen[row]!;
    out.marketBaseFen[at] = columns.marketBaseFen[row]!;
    out.lastDay[at] = columns.lastDay[row]!;
  });
  return makeAggregateColumns(size, { accountId, category, ...out });
}

/**
 * Re-key aggregates up the enterprise structure tree: every row counts for
 * its account and each ancestor, so a group's figures are the sum over its
 * subtree; buckets in the order they are first met. The same columns when no
 * account has a parent. A cycle in the tree is not followed forever.
 *
 * @param parentOf - map from account id to parent id (`null` at a root).
 */
export function rollUpAggregateColumns(
  columns: AggregateColumns,
  parentOf: ReadonlyMap<string, string | null>,
): AggregateColumns {
  let nested = false;
  for (const parent of parentOf.values()) if (parent !== null) nested = true;
  if (!nested) return columns;
  const ancestorsCache = new Map<string, string[]>();
  const ancestorsOf = (accountId: string): string[] => {
    const cached = ancestorsCache.get(accountId);
    if (cached) return cached;
    const chain: string[] = [accountId];
    const seen = new Set(chain);
    let parent = parentOf.get(accountId) ?? null;
    while (parent !== null && !seen.has(parent)) {
      chain.push(parent);
      seen.add(parent);
      parent = parentOf.get(parent) ?? null;
    }
    ancestorsCache.set(accountId, chain);
    return chain;
  };
  const bucketOf = new Map<string, number>();
  const sources: number[][] = [];
  const accountId: string[] = [];
  const category: string[] = [];
  const month: number[] = [];
  for (let row = 0; row < columns.size; row++) {
    for (const ancestor of ancestorsOf(columns.accountId[row]!)) {
      const key = `${ancestor}\u0000${columns.month[row]}\u0000${columns.category[row]}`;
      let bucket = bucketOf.get(key);
      if (bucket === undefined) {
        bucket = sources.length;
        bucketOf.set(key, bucket);
        sources.push([]);
        accountId.push(ancestor);
        category.push(columns.category[row]!);
        month.push(columns.month[row]!);
      }
      sources[bucket]!.push(row);
    }
  }
  const size = sources.length;
  const out = emptyColumns(size);
  out.lastDay.fill(Number.NaN);
  sources.forEach((rows, bucket) => {
    out.month[bucket] = month[bucket]!;
    for (const row of rows) {
      out.revenueFen[bucket]! += columns.revenueFen[row]!;
      out.count[bucket]! += columns.count[row]!;
      out.units[bucket]! += columns.units[row]!;
      out.profitFen[bucket]! += columns.profitFen[row]!;
      out.profitBaseFen[bucket]! += columns.profitBaseFen[row]!;
      out.marketTotalFen[bucket]! += columns.marketTotalFen[row]!;
      out.marketBaseFen[bucket]! += columns.marketBaseFen[row]!;
      const day = columns.lastDay[row]!;
      if (!Number.isNaN(day) && !(out.lastDay[bucket]! >= day)) out.lastDay[bucket] = day;
    }
  });
  return makeAggregateColumns(size, { accountId, category, ...out });
}

/** The typed-array fields of {@link AggregateColumns}, in one list so copying stays in one place. */
export const AGGREGATE_TYPED_FIELDS = [
  'month',
  'revenueFen',
  'count',
  'units',
  'profitFen',
  'profitBaseFen',
  'marketTotalFen',
  'marketBaseFen',
  'lastDay',
] as const;

/**
 * Columns one after the other, in the order given: whole-column copies into
 * fresh arrays (changing the result never changes a part).
 *
 * @example
 * ```ts
 * const both = concatAggregateColumns([earlier, window]);
 * ```
 */
export function concatAggregateColumns(parts: readonly AggregateColumns[]): AggregateColumns {
  let total = 0;
  for (const part of parts) total += part.size;
  const out = emptyColumns(total);
  let at = 0;
  for (const part of parts) {
    for (const name of AGGREGATE_TYPED_FIELDS) out[name].set(part[name], at);
    at += part.size;
  }
  const texts = (field: 'accountId' | 'category') => {
    const all: string[] = [];
    for (const part of parts) for (const text of part[field]) all.push(text);
    return all;
  };
  return makeAggregateColumns(total, { ...out, accountId: texts('accountId'), category: texts('category') });
}

/**
 * The embedded store's in-process cache of the monthly roll-up, in columns:
 * one {@link AggregateColumns} per month (every account and category of that
 * month, ordered by account then category), filled by the first portfolio-wide
 * read of the month and dropped whenever transactions are written.
 *
 * Why it is correct only for the embedded store: PGlite runs inside this
 * process and nothing else can open its folder while it is open, so every
 * write to `transactions` goes through this store object, which clears the
 * cache. A PostgreSQL server has other writers, so the server store never
 * caches.
 *
 * Why it exists: reading a month's roll-up out of PGlite costs far more than
 * computing figures from it — the rows travel through PostgreSQL's text output
 * and PGlite's parser — while a report server asks for the same few months
 * over and over (every card, every dashboard, every scheduled report).
 *
 * @module
 */
import {
  AGGREGATE_TYPED_FIELDS,
  type AggregateColumns,
  concatAggregateColumns,
  emptyColumns,
  makeAggregateColumns,
} from '../metrics/aggregate-columns.js';
import { monthFromIndex, monthIndex } from '../time/calendar.js';
import { compareText } from './records.js';

const NUMERIC = AGGREGATE_TYPED_FIELDS;

type Numeric = (typeof NUMERIC)[number];
type MutableColumns = { -readonly [K in Numeric]: AggregateColumns[K] } & {
  accountId: string[];
  category: string[];
};

/** Most months a bounded range may span and still be served from the cache. */
const MAX_RANGE_MONTHS = 120;

/**
 * The months `YYYY-MM` a query covers, when the cache can serve it: an
 * explicit `months` list (narrowed by from/to), or a bounded from–to range of
 * at most {@link MAX_RANGE_MONTHS} months. `undefined` for an open range or a
 * malformed month (the database answers those).
 */
export function monthsOfQuery(query: {
  fromMonth?: string;
  toMonth?: string;
  months?: readonly string[];
}): string[] | undefined {
  const inRange = (month: string) =>
    (query.fromMonth === undefined || month >= query.fromMonth) &&
    (query.toMonth === undefined || month <= query.toMonth);
  if (query.months !== undefined) {
    if (!query.months.every((month) => MONTH.test(month))) return undefined;
    return [...new Set(query.months)].filter(inRange).sort();
  }
  if (query.fromMonth === undefined || query.toMonth === undefined) return undefined;
  if (!MONTH.test(query.fromMonth) || !MONTH.test(query.toMonth)) return undefined;
  const first = monthIndex(query.fromMonth);
  const last = monthIndex(query.toMonth);
  if (last - first + 1 > MAX_RANGE_MONTHS) return undefined;
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, offset) => monthFromIndex(first + offset));
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Columns with room for `size` rows. The string columns start empty and grow
 * as rows are appended in order (`new Array(n)` of a large `n` is a slow
 * dictionary in V8).
 */
function allocate(size: number): MutableColumns {
  return { accountId: [], category: [], ...emptyColumns(size) };
}

/**
 * Copy rows `[from, to)` of `source` to `target` at `at` (its next free row). Runs are short (one
 * account's rows of one month), so a plain loop beats `set(subarray())`,
 * which allocates a view per column per run.
 */
function copyRows(
  source: AggregateColumns,
  from: number,
  to: number,
  target: MutableColumns,
  at: number,
): void {
  for (let row = from; row < to; row++, at++) {
    target.accountId[at] = source.accountId[row]!;
    target.category[at] = source.category[row]!;
    target.month[at] = source.month[row]!;
    target.revenueFen[at] = source.revenueFen[row]!;
    target.count[at] = source.count[row]!;
    target.units[at] = source.units[row]!;
    target.profitFen[at] = source.profitFen[row]!;
    target.profitBaseFen[at] = source.profitBaseFen[row]!;
    target.marketTotalFen[at] = source.marketTotalFen[row]!;
    target.marketBaseFen[at] = source.marketBaseFen[row]!;
    target.lastDay[at] = source.lastDay[row]!;
  }
}

/** The first `size` rows of `columns` (copies typed arrays so no spare capacity is kept). */
function truncate(columns: MutableColumns, size: number): AggregateColumns {
  const out = { ...columns };
  for (const name of NUMERIC) {
    const column = columns[name];
    if (column.length !== size) out[name] = column.slice(0, size) as never;
  }
  columns.accountId.length = size;
  columns.category.length = size;
  return makeAggregateColumns(size, out);
}

/**
 * Split columns ordered by month, then account and category, into one
 * {@link AggregateColumns} per month. Account and category strings are
 * interned through `strings`, so a month's thousands of repeats of one id
 * share one string and the merge compares them by reference.
 */
export function splitByMonth(
  columns: AggregateColumns,
  strings: Map<string, string>,
): Map<number, AggregateColumns> {
  const intern = (value: string) => {
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  };
  const out = new Map<number, AggregateColumns>();
  let start = 0;
  while (start < columns.size) {
    const month = columns.month[start]!;
    let end = start + 1;
    while (end < columns.size && columns.month[end] === month) end++;
    const part = allocate(end - start);
    copyRows(columns, start, end, part, 0);
    for (let row = 0; row < part.accountId.length; row++) {
      part.accountId[row] = intern(part.accountId[row]!);
      part.category[row] = intern(part.category[row]!);
    }
    out.set(month, makeAggregateColumns(end - start, part));
    start = end;
  }
  return out;
}

/**
 * Only the rows of `accountIds` in one month's columns (ordered by account):
 * found by binary search when they are few, by one pass when they are many.
 */
export function keepAccounts(part: AggregateColumns, accountIds: readonly string[]): AggregateColumns {
  if (accountIds.length * 32 < part.size) {
    return pickAccounts(part, [...new Set(accountIds)].sort(compareText));
  }
  const wanted = new Set(accountIds);
  const out = allocate(part.size);
  let size = 0;
  let from = 0;
  while (from < part.size) {
    const account = part.accountId[from]!;
    let to = from + 1;
    while (to < part.size && part.accountId[to] === account) to++;
    if (wanted.has(account)) {
      copyRows(part, from, to, out, size);
      size += to - from;
    }
    from = to;
  }
  return truncate(out, size);
}

/**
 * Merge per-month columns (each ordered by account, then category) into the
 * order of the aggregation port: account, then month, then category.
 *
 * @param parts - one entry per month, in ascending month order
 */
export function mergeMonths(parts: readonly AggregateColumns[]): AggregateColumns {
  let total = 0;
  for (const part of parts) total += part.size;
  const out = allocate(total);
  // Plain local arrays: the parts come from different places (fresh reads,
  // the cache, a pick of accounts) and need not share one object shape.
  const count = parts.length;
  const ids = parts.map((part) => part.accountId);
  const sizes = Int32Array.from(parts, (part) => part.size);
  const heads = new Int32Array(count);
  let size = 0;
  for (;;) {
    // The smallest account at the head of any month.
    let account: string | undefined;
    for (let k = 0; k < count; k++) {
      if (heads[k]! >= sizes[k]!) continue;
      const candidate = ids[k]![heads[k]!]!;
      if (account === undefined || (candidate !== account && compareText(candidate, account) < 0))
        account = candidate;
    }
    if (account === undefined) break;
    for (let k = 0; k < count; k++) {
      const from = heads[k]!;
      const partIds = ids[k]!;
      const end = sizes[k]!;
      let to = from;
      while (to < end && partIds[to] === account) to++;
      if (to === from) continue;
      copyRows(parts[k]!, from, to, out, size);
      size += to - from;
      heads[k] = to;
    }
  }
  return truncate(out, size);
}

/** The rows of `accounts` (sorted by code point) in `part`, found by binary search. */
function pickAccounts(part: AggregateColumns, accounts: readonly string[]): AggregateColumns {
  const ranges: [number, number][] = [];
  let size = 0;
  let from = 0;
  for (const account of accounts) {
    from = lowerBound(part, account, from);
    let to = from;
    while (to < part.size && part.accountId[to] === account) to++;
    if (to > from) ranges.push([from, to]);
    size += to - from;
    from = to;
  }
  const out = allocate(size);
  let at = 0;
  for (const [start, end] of ranges) {
    copyRows(part, start, end, out, at);
    at += end - start;
  }
  return makeAggregateColumns(size, out);
}

/** The first row at or after `from` whose account does not sort before `account`. */
function lowerBound(part: AggregateColumns, account: string, from: number): number {
  let low = from;
  let high = part.size;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareText(part.accountId[middle]!, account) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Options of the embedded store's roll-up cache (`createPostgresStore({ aggregateCache })`). */
export interface AggregateCacheOptions {
  /** Most roll-up rows kept, over all months; the least recently used months go first. */
  maxRows: number;
}

/**
 * Per-month roll-up columns, least recently used evicted first, with a
 * generation counter so a read that overlapped a write never fills the cache
 * with what it read before the write.
 */
export class AggregateCache {
  readonly #maxRows: number;
  /** month index → columns; Map order is recency (oldest first). */
  readonly #months = new Map<number, AggregateColumns>();
  readonly #strings = new Map<string, string>();
  #rows = 0;
  #generation = 0;

  constructor(options: AggregateCacheOptions) {
    this.#maxRows = options.maxRows;
  }

  /** A token to hand back to {@link AggregateCache.fill}; it goes stale on the next {@link AggregateCache.clear}. */
  get generation(): number {
    return this.#generation;
  }

  /** The cached columns of each month, or `undefined` for the months that are missing. */
  lookup(months: readonly number[]): (AggregateColumns | undefined)[] {
    return months.map((month) => {
      const columns = this.#months.get(month);
      if (columns !== undefined) {
        this.#months.delete(month);
        this.#months.set(month, columns);
      }
      return columns;
    });
  }

  /**
   * Split freshly read columns (ordered by month, account, category) into
   * months; keep them unless a write happened since `generation` was read or
   * they exceed the limit. Returns every month's columns either way —
   * `months` lists the months asked for, so a month without rows is cached as
   * empty.
   */
  fill(
    columns: AggregateColumns,
    months: readonly number[],
    generation: number,
  ): Map<number, AggregateColumns> {
    const split = splitByMonth(columns, this.#strings);
    for (const month of months) if (!split.has(month)) split.set(month, concatAggregateColumns([]));
    if (generation !== this.#generation || columns.size > this.#maxRows) return split;
    for (const [month, part] of split) {
      this.#rows += part.size - (this.#months.get(month)?.size ?? 0);
      this.#months.delete(month);
      this.#months.set(month, part);
    }
    for (const [month, part] of this.#months) {
      if (this.#rows <= this.#maxRows) break;
      this.#months.delete(month);
      this.#rows -= part.size;
    }
    return split;
  }

  /** Forget everything (transactions were written, or may have been). */
  clear(): void {
    this.#generation++;
    this.#months.clear();
    this.#strings.clear();
    this.#rows = 0;
  }
}

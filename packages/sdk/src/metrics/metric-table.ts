import { dayNumber } from '../time/calendar.js';
import { type MonthRange, previousRange, rangeEndDate, yearAgoRange } from '../time/period.js';
import type { MonthlyAggregate } from './aggregate.js';
import { type AggregateColumns, aggregateColumnsOf, isAggregateColumns } from './aggregate-columns.js';

/** Every per-account figure KAMkit computes for a period. Money is in fen. */
export const METRIC_NAMES = [
  'revenue',
  'profit',
  'margin',
  'previousRevenue',
  'growth',
  'yearAgoRevenue',
  'growthYoY',
  'frequency',
  'recencyDays',
  'units',
  'unitPrice',
  'categoryCount',
  'topShare',
  'marketTotal',
  'shareOfWallet',
  'activeMonths',
  'averageMonthlyRevenue',
] as const;

/** The name of a per-account figure. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** What each metric means and its unit, for explanations and docs. */
export const METRIC_INFO: Record<
  MetricName,
  { unit: 'fen' | 'ratio' | 'count' | 'days' | 'units' | 'fen-per-unit'; en: string; 'zh-CN': string }
> = {
  revenue: { unit: 'fen', en: 'revenue', 'zh-CN': '收入' },
  profit: { unit: 'fen', en: 'profit', 'zh-CN': '利润' },
  margin: { unit: 'ratio', en: 'profit margin', 'zh-CN': '利润率' },
  previousRevenue: { unit: 'fen', en: 'revenue in the previous period', 'zh-CN': '上期收入' },
  growth: { unit: 'ratio', en: 'growth over the previous period (MoM for a month)', 'zh-CN': '环比增长' },
  yearAgoRevenue: { unit: 'fen', en: 'revenue in the same period last year', 'zh-CN': '去年同期收入' },
  growthYoY: { unit: 'ratio', en: 'growth over the same period last year', 'zh-CN': '同比增长' },
  frequency: { unit: 'count', en: 'number of purchases', 'zh-CN': '购买频次' },
  recencyDays: { unit: 'days', en: 'days since the last purchase', 'zh-CN': '距上次购买天数' },
  units: { unit: 'units', en: 'units bought (km, kWh…)', 'zh-CN': '数量（公里、千瓦时等）' },
  unitPrice: { unit: 'fen-per-unit', en: 'average price per unit', 'zh-CN': '平均单价' },
  categoryCount: {
    unit: 'count',
    en: 'categories bought (routes, products)',
    'zh-CN': '品类（航线、产品）数',
  },
  topShare: { unit: 'ratio', en: 'share of revenue in the top-k categories', 'zh-CN': '前 k 个品类收入占比' },
  marketTotal: { unit: 'fen', en: "customer's total market spend", 'zh-CN': '客户市场总支出' },
  shareOfWallet: { unit: 'ratio', en: 'our share of the customer’s spend', 'zh-CN': '我方份额' },
  activeMonths: { unit: 'count', en: 'months with a purchase', 'zh-CN': '有交易的月数' },
  averageMonthlyRevenue: { unit: 'fen', en: 'average monthly revenue', 'zh-CN': '月均收入' },
};

/**
 * Figures for many accounts in columns: `columns.revenue[i]` belongs to
 * `accountIds[i]`. Missing figures (no base to divide by) are `NaN`.
 * Columnar so a million accounts cost a few typed arrays, not a million objects.
 */
export interface MetricTable {
  readonly accountIds: readonly string[];
  readonly columns: Readonly<Record<MetricName, Float64Array>>;
  /** Position of an account id in `accountIds`. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** The months the figures cover. */
  readonly range: MonthRange;
  /** The date recency is measured to. */
  readonly asOfDate: string;
}

/** Options for {@link computeMetrics}. */
export interface ComputeMetricsOptions {
  /**
   * Monthly aggregates: rows (from `store.aggregate()` or `aggregateTransactions`)
   * or the same rows in columns (from `store.aggregateColumns()`, no object per row).
   */
  aggregates: readonly MonthlyAggregate[] | AggregateColumns;
  /** Months to compute. */
  range: MonthRange;
  /** The accounts to include, in output order; defaults to every account in `aggregates`. */
  accountIds?: readonly string[];
  /** Date recency is measured to; defaults to the last day of `range`. */
  asOfDate?: string;
  /** How many top categories `topShare` sums (default 5: "5 of 50 routes carried the value"). */
  topK?: number;
}

/**
 * Compute every {@link MetricName} for each account over `range`, in one pass
 * over the aggregates.
 *
 * @example
 * ```ts
 * const table = computeMetrics({ aggregates, range: periodRange({ kind: 'month', month: '2026-10' }) });
 * table.columns.revenue[table.indexOf.get('acme')!];
 * ```
 */
export function computeMetrics(options: ComputeMetricsOptions): MetricTable {
  const { range } = options;
  const aggregates = isAggregateColumns(options.aggregates)
    ? options.aggregates
    : aggregateColumnsOf(options.aggregates);
  const topK = options.topK ?? 5;
  const asOfDate = options.asOfDate ?? rangeEndDate(range);
  const asOfDay = dayNumber(asOfDate);
  const accountIds = options.accountIds ? [...options.accountIds] : [...new Set(aggregates.accountId)];
  const indexOf = new Map(accountIds.map((id, index) => [id, index] as const));
  const size = accountIds.length;
  const column = () => new Float64Array(size);
  const revenue = column();
  const profit = column();
  const profitBase = column();
  const previousRevenue = column();
  const yearAgoRevenue = column();
  const frequency = column();
  const units = column();
  const marketTotal = column();
  const marketBase = column();
  const lastDay = new Float64Array(size).fill(Number.NaN);
  const activeMonths = column();
  const categoryCount = column();
  const topShare = new Float64Array(size).fill(Number.NaN);
  const previous = previousRange(range);
  const yearAgo = yearAgoRange(range);
  const endDay = dayNumber(rangeEndDate(range));
  const {
    accountId: rowAccount,
    month: rowMonth,
    category: rowCategory,
    revenueFen: rowRevenue,
    count: rowCount,
    lastDay: rowLastDay,
    profitFen: rowProfit,
    profitBaseFen: rowProfitBase,
    units: rowUnits,
    marketTotalFen: rowMarketTotal,
    marketBaseFen: rowMarketBase,
  } = aggregates;

  const { start: rangeStart, end: rangeEnd } = range;
  const { start: previousStart, end: previousEnd } = previous;
  const { start: yearAgoStart, end: yearAgoEnd } = yearAgo;

  // Pass 1, every row in input order: its account, the latest purchase, and
  // the other periods' revenue (sums of whole fen, so their order does not
  // matter). The rows of the period itself are only listed here.
  const rows = aggregates.size;
  const accountOf = new Int32Array(rows);
  const inRange = new Int32Array(rows);
  let inRangeCount = 0;
  let lastId: string | undefined;
  let lastIndex = -1;
  for (let row = 0; row < rows; row++) {
    const id = rowAccount[row]!;
    if (id !== lastId) {
      lastId = id;
      lastIndex = indexOf.get(id) ?? -1;
    }
    const index = lastIndex;
    accountOf[row] = index;
    if (index < 0) continue;
    const month = rowMonth[row]!;
    const rowDay = rowLastDay[row]!;
    if (month <= rangeEnd && rowDay <= endDay && rowCount[row]! > 0) {
      const seen = lastDay[index]!;
      if (Number.isNaN(seen) || rowDay > seen) lastDay[index] = rowDay;
    }
    const rowRevenueFen = rowRevenue[row]!;
    if (month >= rangeStart && month <= rangeEnd) inRange[inRangeCount++] = row;
    else if (month >= previousStart && month <= previousEnd) previousRevenue[index]! += rowRevenueFen;
    if (month >= yearAgoStart && month <= yearAgoEnd) yearAgoRevenue[index]! += rowRevenueFen;
  }

  // Pass 2, the period's rows, each account's in one run and in input order
  // (a stable counting sort, skipped when they already are — one month from
  // the store is), so units add up in the same order whatever the input
  // order, and the months with revenue and the revenue by category (numbered
  // once for the whole table, summed in a reused array) are settled one
  // account at a time. Plain locals and no closures, so the optimised loop is
  // kept from one call to the next.
  const { rows: orderRows, accounts: orderAccounts } = groupByAccount(
    inRange.subarray(0, inRangeCount),
    accountOf,
    size,
  );
  const activeInRun = new Set<number>();
  const categoryIds = new Map<string, number>();
  let categorySums = new Float64Array(16);
  let touched = new Int32Array(16);
  const total = orderRows.length;
  let at = 0;
  while (at < total) {
    const index = orderAccounts[at]!;
    let touchedCount = 0;
    let lastActive = Number.NaN;
    let lastCategory: string | undefined;
    let lastCategoryId = -1;
    for (; at < total && orderAccounts[at] === index; at++) {
      const row = orderRows[at]!;
      const month = rowMonth[row]!;
      const rowRevenueFen = rowRevenue[row]!;
      revenue[index]! += rowRevenueFen;
      profit[index]! += rowProfit[row]!;
      profitBase[index]! += rowProfitBase[row]!;
      frequency[index]! += rowCount[row]!;
      units[index]! += rowUnits[row]!;
      marketTotal[index]! += rowMarketTotal[row]!;
      marketBase[index]! += rowMarketBase[row]!;
      if (rowRevenueFen > 0) {
        if (month !== lastActive) {
          activeInRun.add(month);
          lastActive = month;
        }
        const category = rowCategory[row]!;
        let id = category === lastCategory ? lastCategoryId : categoryIds.get(category);
        if (id === undefined) {
          id = categoryIds.size;
          categoryIds.set(category, id);
          if (id >= categorySums.length) categorySums = grown(categorySums);
        }
        lastCategory = category;
        lastCategoryId = id;
        if (categorySums[id] === 0) {
          if (touchedCount >= touched.length) touched = grown(touched);
          touched[touchedCount++] = id;
        }
        categorySums[id]! += rowRevenueFen;
      }
    }
    activeMonths[index] = activeInRun.size;
    activeInRun.clear();
    categoryCount[index] = touchedCount;
    if (touchedCount > 0 && revenue[index]! > 0)
      topShare[index] = topShareOf(categorySums, touched, touchedCount, topK, revenue[index]!);
    for (let k = 0; k < touchedCount; k++) categorySums[touched[k]!] = 0;
  }

  const months = Number.isFinite(range.start) ? range.end - range.start + 1 : Number.NaN;
  const columns = {
    revenue,
    profit: column(),
    margin: column(),
    previousRevenue,
    growth: column(),
    yearAgoRevenue,
    growthYoY: column(),
    frequency,
    recencyDays: column(),
    units,
    unitPrice: column(),
    categoryCount,
    topShare,
    marketTotal: column(),
    shareOfWallet: column(),
    activeMonths,
    averageMonthlyRevenue: column(),
  } satisfies Record<MetricName, Float64Array>;

  for (let index = 0; index < size; index++) {
    const rev = revenue[index]!;
    columns.profit[index] = profitBase[index]! > 0 ? profit[index]! : Number.NaN;
    columns.margin[index] = profitBase[index]! > 0 ? profit[index]! / profitBase[index]! : Number.NaN;
    const prev = previousRevenue[index]!;
    columns.growth[index] = prev > 0 ? (rev - prev) / prev : Number.NaN;
    const ago = yearAgoRevenue[index]!;
    columns.growthYoY[index] = ago > 0 ? (rev - ago) / ago : Number.NaN;
    const last = lastDay[index]!;
    columns.recencyDays[index] = Number.isNaN(last) ? Number.NaN : asOfDay - last;
    columns.unitPrice[index] = units[index]! > 0 ? rev / units[index]! : Number.NaN;
    columns.marketTotal[index] = marketTotal[index]! > 0 ? marketTotal[index]! : Number.NaN;
    columns.shareOfWallet[index] =
      marketTotal[index]! > 0 ? marketBase[index]! / marketTotal[index]! : Number.NaN;
    columns.averageMonthlyRevenue[index] = Number.isNaN(months) ? Number.NaN : rev / months;
  }
  return { accountIds, columns, indexOf, range, asOfDate };
}

/**
 * `rows` (positions of wanted rows, in input order) grouped by account: the
 * first appearance of an account starts its group, and each group keeps input
 * order; `accounts[i]` is the account position of `rows[i]`. Rows already
 * grouped cost one pass.
 */
function groupByAccount(
  rows: Int32Array,
  accountOf: Int32Array,
  accountCount: number,
): { rows: Int32Array; accounts: Int32Array } {
  const count = rows.length;
  const accounts = new Int32Array(count);
  const groupStarted = new Uint8Array(accountCount);
  let grouped = true;
  let previous = -1;
  for (let at = 0; at < count; at++) {
    const index = accountOf[rows[at]!]!;
    accounts[at] = index;
    if (index !== previous) {
      if (groupStarted[index] === 1) grouped = false;
      groupStarted[index] = 1;
      previous = index;
    }
  }
  if (grouped) return { rows, accounts };
  // Counting sort by account position (stable: rows of one account keep their input order).
  const starts = new Int32Array(accountCount + 1);
  for (let at = 0; at < count; at++) starts[accounts[at]! + 1]!++;
  for (let index = 0; index < accountCount; index++) starts[index + 1]! += starts[index]!;
  const sortedRows = new Int32Array(count);
  const sortedAccounts = new Int32Array(count);
  for (let at = 0; at < count; at++) {
    const index = accounts[at]!;
    const to = starts[index]!++;
    sortedRows[to] = rows[at]!;
    sortedAccounts[to] = index;
  }
  return { rows: sortedRows, accounts: sortedAccounts };
}

/** The array twice as long, same contents. */
function grown<T extends Float64Array | Int32Array>(array: T): T {
  const out = new (array.constructor as new (length: number) => T)(array.length * 2);
  out.set(array);
  return out;
}

/**
 * Share of `total` in the top `k` of the `count` category sums listed in
 * `touched` ("5 of 50 routes carried the value").
 */
function topShareOf(
  sums: Float64Array,
  touched: Int32Array,
  count: number,
  k: number,
  total: number,
): number {
  if (count <= k) return 1;
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = sums[touched[i]!]!;
  values.sort();
  let sum = 0;
  for (let i = count - 1; i >= count - k; i--) sum += values[i]!;
  return sum / total;
}

/** One account's figures as a plain object (for explanations and cards). */
export function metricsOf(table: MetricTable, accountId: string): Record<MetricName, number> | undefined {
  const index = table.indexOf.get(accountId);
  if (index === undefined) return undefined;
  const out = {} as Record<MetricName, number>;
  for (const [name, values] of Object.entries(table.columns) as [MetricName, Float64Array][]) {
    out[name] = values[index]!;
  }
  return out;
}

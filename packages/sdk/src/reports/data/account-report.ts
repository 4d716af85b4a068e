import type { Account } from '../../domain/account.js';
import type { LocalisedText } from '../../errors/kam-error.js';
import { notFound } from '../../errors/kam-error.js';
import type { MonthlyAggregate } from '../../metrics/aggregate.js';
import { aggregateRowAt } from '../../metrics/aggregate-columns.js';
import { categoryMix } from '../../metrics/category-mix.js';
import { monthlyRevenueSeries } from '../../metrics/monthly-series.js';
import { formatPercent } from '../../money/decimal.js';
import { formatMoney } from '../../money/money.js';
import type { Store } from '../../store/port.js';
import { monthFromIndex, monthIndex } from '../../time/calendar.js';
import {
  type MonthRange,
  type Period,
  parsePeriod,
  periodLabel,
  periodRange,
  previousRange,
} from '../../time/period.js';
import { round } from './account-card.js';
import { change, type ReportSource } from './source.js';

/** One category (route, product) of an account's spend in the period. */
export interface AccountCategoryLine {
  category: string;
  revenueFen: number;
  /** Share of the account's spend, 0–1. */
  share: number;
  /** Purchases. */
  count: number;
  units: number;
  /** Fen per unit, `null` when no units were recorded. */
  unitPriceFen: number | null;
}

/** The periodic report of one account (DOMAIN.md §7, seed002). */
export interface AccountReport {
  kind: 'account-report';
  accountId: string;
  name: string;
  industry: string | null;
  /** `2026-10`, `2026-Q3`, `2026`. */
  period: string;
  periodKind: Period['kind'];
  months: { first: string; last: string };
  spendFen: number;
  previousSpendFen: number;
  /** Change against the previous period of the same length, `null` when nothing before. */
  change: number | null;
  /** Purchases in the period. */
  frequency: number;
  units: number;
  /** Unit label (`km`, `kWh`) when known. */
  unit: string | null;
  unitPriceFen: number | null;
  categories: AccountCategoryLine[];
  /** "k of n categories carry 80 % of the spend"; `rarelyUsed` = used at most twice. */
  concentration: { carriers: number; of: number; share: number; rarelyUsed: number; hhi: number };
  /** Against the accounts of the same industry that bought in the period. */
  peers: {
    accounts: number;
    averageSpendFen: number;
    /** This account's spend minus the peer average (negative = below average). */
    gapFen: number;
    averageUnitPriceFen: number | null;
    /**
     * What the account saved against paying the peers' average unit price
     * for its units (negative = it paid more).
     */
    savingsFen: number | null;
  };
  /** What to improve, in words. */
  improvements: LocalisedText[];
  /** Monthly spend over the twelve months ending with the period's last month, oldest first (for the trend chart). */
  trend: { months: string[]; revenueFen: number[] };
}

/** Options for {@link buildAccountReport}. */
export interface AccountReportOptions {
  /** `2026-10`, `2026-Q3`, `2026` or a {@link Period}. */
  period: string | Period;
  /** Unit label for unit prices (default: the account's `unit` attribute, else none). */
  unit?: string;
  /**
   * The accounts the reader may see: only these count as peers in the
   * industry average (default: every account). Pass the reader's visible
   * account ids so no average includes what the reader may not see.
   */
  peerIds?: ReadonlySet<string>;
}

/**
 * What an account's report is built from: the account, its own monthly rows
 * and its peers' totals over the period — read by index
 * ({@link loadAccountReport}) or taken from a report source
 * ({@link buildAccountReport}).
 */
export interface AccountReportInput {
  account: Account;
  /**
   * The account's monthly aggregates: at least the period, the period of the
   * same length before it and the twelve months ending with the period's
   * last month (rows outside those are ignored).
   */
  rows: readonly MonthlyAggregate[];
  /**
   * Spend and units over the period of each peer: the accounts of the same
   * industry with rows in the period that the reader may see, the account
   * itself included when it has rows.
   */
  peers: ReadonlyMap<string, { revenueFen: number; units: number }>;
}

/**
 * Build an account's periodic report: spend, categories, frequency, unit
 * price, savings and gap against the industry average, concentration and what
 * to improve. Figures come from the monthly aggregates of a report source.
 *
 * @throws KamError `NOT_FOUND` for an unknown account; `INVALID_INPUT` for a bad period.
 * @example
 * ```ts
 * const report = buildAccountReport(source, 'acc-001', { period: '2026-Q3' });
 * report.spendFen; report.concentration; // { carriers: 2, of: 7, … }
 * ```
 */
export function buildAccountReport(
  source: ReportSource,
  accountId: string,
  options: AccountReportOptions,
): AccountReport {
  const index = source.run.context.indexOf(accountId);
  if (index === undefined) throw notFound('account', accountId);
  const account = source.run.accounts[index]!;
  const range = periodRange(parsePeriod(options.period));
  const industry = account.industry ?? null;
  const industryOf = new Map(source.run.accounts.map((item) => [item.id, item.industry ?? null] as const));
  const peers = new Map<string, { revenueFen: number; units: number }>();
  const rows: MonthlyAggregate[] = [];
  const columns = source.aggregates;
  for (let row = 0; row < columns.size; row++) {
    const rowAccount = columns.accountId[row]!;
    if (rowAccount === accountId) rows.push(aggregateRowAt(columns, row));
    if (
      inRange(columns.month[row]!, range) &&
      industryOf.get(rowAccount) === industry &&
      (options.peerIds === undefined || options.peerIds.has(rowAccount) || rowAccount === accountId)
    )
      addPeer(peers, rowAccount, columns.revenueFen[row]!, columns.units[row]!);
  }
  return accountReportFrom({ account, rows, peers }, options);
}

/** Options of {@link loadAccountReport}. */
export interface LoadAccountReportOptions extends Omit<AccountReportOptions, 'peerIds'> {
  /**
   * The accounts the reader may see (their industries say who is a peer):
   * only these count in the industry average. Default: every account.
   */
  visible?: readonly Account[];
}

/**
 * An account's periodic report read by index: its own monthly rows, and its
 * visible peers' spend and units over the period as columns — the rest of
 * the portfolio is not read.
 *
 * @throws KamError `NOT_FOUND` for an unknown account (or one not in `visible`); `INVALID_INPUT` for a bad period.
 * @example
 * ```ts
 * const report = await loadAccountReport(store, 'acc-001', { period: '2026-Q3', visible });
 * ```
 */
export async function loadAccountReport(
  store: Pick<Store, 'listAccounts' | 'aggregate' | 'aggregateColumns'>,
  accountId: string,
  options: LoadAccountReportOptions,
): Promise<AccountReport> {
  const range = periodRange(parsePeriod(options.period));
  const candidates = options.visible ?? (await store.listAccounts());
  const account = candidates.find((item) => item.id === accountId);
  if (account === undefined) throw notFound('account', accountId);
  const industry = account.industry ?? null;
  const peerIds = candidates
    .filter((item) => (item.industry ?? null) === industry && item.id !== accountId)
    .map((item) => item.id);
  const first = Math.min(previousRange(range).start, range.end - 11);
  const [rows, columns] = await Promise.all([
    store.aggregate({
      accountIds: [accountId],
      fromMonth: monthFromIndex(first),
      toMonth: monthFromIndex(range.end),
    }),
    peerIds.length === 0
      ? undefined
      : store.aggregateColumns({
          accountIds: peerIds,
          fromMonth: monthFromIndex(range.start),
          toMonth: monthFromIndex(range.end),
        }),
  ]);
  const peers = new Map<string, { revenueFen: number; units: number }>();
  for (const row of rows)
    if (inRange(monthIndex(row.month), range)) addPeer(peers, accountId, row.revenueFen, row.units);
  if (columns !== undefined)
    for (let i = 0; i < columns.size; i++)
      addPeer(peers, columns.accountId[i]!, columns.revenueFen[i]!, columns.units[i]!);
  return accountReportFrom({ account, rows, peers }, options);
}

function addPeer(
  peers: Map<string, { revenueFen: number; units: number }>,
  accountId: string,
  revenueFen: number,
  units: number,
): void {
  const entry = peers.get(accountId);
  if (entry === undefined) peers.set(accountId, { revenueFen, units });
  else {
    entry.revenueFen += revenueFen;
    entry.units += units;
  }
}

/**
 * The report from what it is built from ({@link AccountReportInput}): the
 * one place its figures, peer comparison and improvements are computed.
 *
 * @throws KamError `INVALID_INPUT` for a bad period.
 * @example
 * ```ts
 * const report = accountReportFrom({ account, rows, peers }, { period: '2026-10' });
 * ```
 */
export function accountReportFrom(input: AccountReportInput, options: AccountReportOptions): AccountReport {
  const { account, rows } = input;
  const accountId = account.id;
  const period = parsePeriod(options.period);
  const range = periodRange(period);
  const before = previousRange(range);
  const industry = account.industry ?? null;

  let spendFen = 0;
  let previousSpendFen = 0;
  let frequency = 0;
  let units = 0;
  for (const row of rows) {
    const month = monthIndex(row.month);
    if (inRange(month, range)) {
      spendFen += row.revenueFen;
      frequency += row.count;
      units += row.units;
    } else if (inRange(month, before)) {
      previousSpendFen += row.revenueFen;
    }
  }
  let peerTotal = 0;
  let peerUnitTotal = 0;
  for (const peer of input.peers.values()) {
    peerTotal += peer.revenueFen;
    peerUnitTotal += peer.units;
  }
  const peerCount = input.peers.size;
  const averageSpendFen = peerCount === 0 ? 0 : Math.round(peerTotal / peerCount);
  const averageUnitPriceFen = peerUnitTotal > 0 ? peerTotal / peerUnitTotal : null;
  const unitPriceFen = units > 0 ? spendFen / units : null;
  const savingsFen =
    averageUnitPriceFen === null || unitPriceFen === null
      ? null
      : Math.round((averageUnitPriceFen - unitPriceFen) * units);

  const mix = categoryMix(rows, accountId, range);
  const unitAttribute = account.attributes.unit;
  const unit = options.unit ?? (typeof unitAttribute === 'string' ? unitAttribute : null);
  const report: AccountReport = {
    kind: 'account-report',
    accountId,
    name: account.shortName ?? account.name,
    industry,
    period: periodLabel(period),
    periodKind: period.kind,
    months: { first: monthFromIndex(range.start), last: monthFromIndex(range.end) },
    spendFen,
    previousSpendFen,
    change: change(spendFen, previousSpendFen),
    frequency,
    units,
    unit,
    unitPriceFen: unitPriceFen === null ? null : round(unitPriceFen, 2),
    categories: mix.categories.map((entry) => ({
      category: entry.category,
      revenueFen: entry.revenueFen,
      share: entry.share,
      count: entry.count,
      units: entry.units,
      unitPriceFen: entry.units > 0 ? round(entry.revenueFen / entry.units, 2) : null,
    })),
    concentration: {
      carriers: mix.carriers.count,
      of: mix.carriers.of,
      share: mix.carriers.share,
      rarelyUsed: mix.rarelyUsed,
      hhi: mix.hhi,
    },
    peers: {
      accounts: peerCount,
      averageSpendFen,
      gapFen: spendFen - averageSpendFen,
      averageUnitPriceFen: averageUnitPriceFen === null ? null : round(averageUnitPriceFen, 2),
      savingsFen,
    },
    improvements: [],
    trend: accountTrend(rows, accountId, monthFromIndex(range.end)),
  };
  report.improvements = improvementsFor(report);
  return report;
}

function accountTrend(
  rows: readonly MonthlyAggregate[],
  accountId: string,
  lastMonth: string,
): AccountReport['trend'] {
  const series = monthlyRevenueSeries(rows, lastMonth, 12);
  return {
    months: series.months,
    revenueFen: [...(series.byAccount.get(accountId) ?? new Float64Array(12))],
  };
}

function inRange(month: number, range: MonthRange): boolean {
  return month >= range.start && month <= range.end;
}

/** What to improve, from the report's own figures (DOMAIN.md §6–7). */
function improvementsFor(report: AccountReport): LocalisedText[] {
  const out: LocalisedText[] = [];
  if (report.spendFen === 0) {
    out.push({
      'zh-CN': '本期无消费：立即联系客户了解原因（人员、价格或服务）。',
      en: 'No spend in the period: contact the customer now to learn why (staff, price or service).',
    });
    return out;
  }
  if (report.change !== null && report.change < -0.3) {
    out.push({
      'zh-CN': `消费较上期下降 ${percentText(-report.change)}：立即联系客户了解原因。`,
      en: `Spend fell ${percentText(-report.change)} against the previous period: contact the customer to learn why.`,
    });
  }
  if (report.peers.gapFen < 0 && report.peers.accounts > 1) {
    out.push({
      'zh-CN': `低于同行业平均 ${formatMoney(-report.peers.gapFen, 'zh-CN')}：分析原因并制定提升计划。`,
      en: `${formatMoney(-report.peers.gapFen, 'en')} below the industry average: investigate and plan growth.`,
    });
  }
  if (report.peers.savingsFen !== null && report.peers.savingsFen < 0) {
    out.push({
      'zh-CN': `单价高于同行业平均，多付 ${formatMoney(-report.peers.savingsFen, 'zh-CN')}：复核协议价格。`,
      en: `Unit price above the industry average (${formatMoney(-report.peers.savingsFen, 'en')} more paid): review the agreed prices.`,
    });
  }
  if (report.concentration.rarelyUsed > 0 && report.concentration.of > report.concentration.carriers) {
    out.push({
      'zh-CN': `${report.concentration.of} 个品类中 ${report.concentration.carriers} 个贡献 80% 消费，${report.concentration.rarelyUsed} 个仅用过一两次：聚焦主力品类，清理低频品类。`,
      en: `${report.concentration.carriers} of ${report.concentration.of} categories carry 80 % of the spend and ${report.concentration.rarelyUsed} were used once or twice: focus on the carriers, prune the rest.`,
    });
  }
  return out;
}

function percentText(value: number): string {
  return formatPercent(value);
}

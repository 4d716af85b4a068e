import { concatAggregateColumns } from '../../metrics/aggregate-columns.js';
import type { PortfolioPolicies } from '../../portfolio/policies.js';
import { ensureMonthResults } from '../../refresh/ensure-month.js';
import type { Freshness } from '../../results/freshness.js';
import type { Store } from '../../store/port.js';
import {
  addDays,
  addMonths,
  DEFAULT_TIME_ZONE,
  lastDayOfMonth,
  monthFromIndex,
} from '../../time/calendar.js';
import { type Period, parsePeriod, periodRange } from '../../time/period.js';
import { CROSS_SELL_LOOKBACK_MONTHS } from './cross-sell.js';
import type { KpiSource } from './kpi-scorecard.js';

/** Options of {@link loadKpiSource}. */
export interface LoadKpiSourceOptions {
  /** The scorecard's period: `2026-10`, `2026-Q3`, `2026` or a {@link Period}; its last month is the tiers' month. */
  period: string | Period;
  /** The policies the month's results are computed with (and the scorecard reads). */
  policies: PortfolioPolicies;
  /** The organisation's time zone (default Asia/Shanghai). */
  timeZone?: string;
}

/** A stored month whose results {@link loadKpiSource} read, and how fresh they were. */
export interface KpiResultsMonth {
  /** The month `YYYY-MM`. */
  month: string;
  freshness: Freshness;
}

/** What {@link loadKpiSource} returns. */
export interface LoadedKpiSource {
  source: KpiSource;
  /**
   * The months whose stored results gave tiers: the period's last month,
   * and the month before when its tiers came from its results rather than
   * the recorded tier history. Stale ones are for the reader to note.
   */
  results: KpiResultsMonth[];
}

/**
 * The KPI scorecard's input read from the store without recomputing the
 * portfolio: the tiers of the period's last month from its stored results
 * ({@link ensureMonthResults}, then the tier only, by `listTiers`), and the
 * tiers of the month before as a report source takes them — the recorded
 * tier history of that month when there is one, else that month's stored
 * results (computed once and stored when missing). Of the other rows only
 * what the scorecard reads: the aggregates of the period and the twelve
 * months before it (with the earlier rows of the accounts that bought
 * nothing in those months, for cross-sell's existing accounts), the
 * payment totals of the period, the interactions from the period's start,
 * and the stored alerts of the key accounts lost. Results made stale by
 * later writes are used as they are and reported in `results`.
 *
 * @throws KamError `INVALID_INPUT` for a bad period.
 * @example
 * ```ts
 * const { source, results } = await loadKpiSource(store, { period: '2026-Q3', policies: defaultPolicies() });
 * const scorecard = kpiScorecardFrom(source, { period: '2026-Q3' });
 * const stale = results.filter((entry) => entry.freshness.stale);
 * ```
 */
export async function loadKpiSource(store: Store, options: LoadKpiSourceOptions): Promise<LoadedKpiSource> {
  const { policies } = options;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const range = periodRange(parsePeriod(options.period));
  const asOf = monthFromIndex(range.end);
  const previousMonth = addMonths(asOf, -1);
  const ensure = (month: string) => ensureMonthResults({ store, policies, month, timeZone });
  const [freshness, recorded] = await Promise.all([
    ensure(asOf),
    store.listTierAssignments({ period: previousMonth, policyId: policies.tiers.id }),
  ]);
  const results: KpiResultsMonth[] = [{ month: asOf, freshness }];
  let previousTiers: ReadonlyMap<string, string | null>;
  if (recorded.length > 0) {
    previousTiers = new Map(recorded.map((row) => [row.accountId, row.tier] as const));
  } else {
    results.push({ month: previousMonth, freshness: await ensure(previousMonth) });
    previousTiers = await store.results.listTiers(previousMonth);
  }

  const lookbackStart = range.start - CROSS_SELL_LOOKBACK_MONTHS;
  const periodStart = `${monthFromIndex(range.start)}-01`;
  const [
    tiers,
    accounts,
    window,
    payments,
    interactions,
    complaints,
    contacts,
    users,
    contracts,
    surveyResponses,
  ] = await Promise.all([
    store.results.listTiers(asOf),
    store.listAccounts(),
    store.aggregateColumns({ fromMonth: monthFromIndex(lookbackStart), toMonth: asOf }),
    store.paymentTotals({ fromMonth: monthFromIndex(range.start), toMonth: asOf }),
    // From midnight UTC the day before the period: no zone's first local day starts earlier.
    store.listInteractions({ since: `${addDays(periodStart, -1)}T00:00:00Z` }),
    store.listComplaints(),
    store.listContacts(),
    store.listUsers(),
    store.listContracts(),
    store.listSurveyResponses(),
  ]);

  // Cross-sell counts an account that bought anything before the period as existing:
  // the owned accounts not yet known to have, read further back.
  const boughtBefore = new Set<string>();
  for (let row = 0; row < window.size; row++)
    if (window.count[row]! > 0 && window.month[row]! < range.start) boughtBefore.add(window.accountId[row]!);
  const unknown = accounts
    .filter((account) => account.ownerA !== null && !boughtBefore.has(account.id))
    .map((account) => account.id);
  // The key accounts lost: their exit alerts give the cause of each loss.
  const lost = accounts
    .filter(
      (account) =>
        (previousTiers.get(account.id) ?? null) !== null && (tiers.get(account.id) ?? null) === null,
    )
    .map((account) => account.id);
  const [earlier, alerts] = await Promise.all([
    unknown.length === 0
      ? undefined
      : store.aggregateColumns({ accountIds: unknown, toMonth: monthFromIndex(lookbackStart - 1) }),
    lost.length === 0 ? [] : store.listAlerts({ accountIds: lost }),
  ]);

  return {
    source: {
      asOf,
      today: lastDayOfMonth(asOf),
      accounts,
      tiers,
      previousTiers,
      aggregates:
        earlier === undefined || earlier.size === 0 ? window : concatAggregateColumns([earlier, window]),
      payments,
      complaints,
      contracts,
      surveyResponses,
      interactions,
      contacts,
      users,
      alerts: alerts.filter((alert) => alert.period === asOf),
      policies,
      timeZone,
    },
    results,
  };
}

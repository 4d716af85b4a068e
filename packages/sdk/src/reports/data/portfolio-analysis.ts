import type { LocalisedText } from '../../errors/kam-error.js';
import { monthlyRevenueSeries } from '../../metrics/monthly-series.js';
import type { StoredAlert } from '../../store/port.js';
import { type TierMigrations, tierMigrations } from '../../tiering/history.js';
import { tierLabel } from '../../tiering/policy.js';
import { localDate, monthOfDate } from '../../time/calendar.js';
import { type UnitPlan, type UnitPlanSection, unitPlanSection } from '../../unit-plans/unit-plan.js';
import { alertsByAccount, type ChurnFigures, churnFigures, type LossReason, lossReason } from './churn.js';
import { accountName, change, type ReportSource, ratio } from './source.js';

/** Revenue of a period compared with earlier ones. */
export interface RevenueComparison {
  monthFen: number;
  previousMonthFen: number;
  sameMonthLastYearFen: number;
  yearToDateFen: number;
  yearToDateLastYearFen: number;
  /** Relative changes; `null` when the earlier figure is 0. */
  monthOnMonth: number | null;
  yearOnYear: number | null;
  yearToDateChange: number | null;
}

/** One tier's line in the portfolio analysis. */
export interface TierLine {
  /** `null`: accounts without a tier. */
  tier: string | null;
  label: LocalisedText;
  count: number;
  revenueFen: number;
  /** Share of the month's revenue, 0–1. */
  share: number;
}

/** One account in a focus list. */
export interface FocusAccount {
  accountId: string;
  name: string;
  tier: string | null;
  tierLabel: LocalisedText;
  revenueFen: number;
  previousFen: number;
  /** Share of the portfolio's revenue this month, 0–1. */
  share: number;
  change: number | null;
  /**
   * Fluctuating accounts: the cause recorded on the month's swing alert
   * (必须分析原因), `null` while it is unexplained.
   */
  explanation?: { cause: LocalisedText; note: string | null } | null;
  /**
   * Lost key accounts: normal or abnormal loss, by the cause recorded on the
   * exit alert (unexplained: abnormal, `cause: null`).
   */
  loss?: LossReason;
}

/** The monthly portfolio analysis (postal monthly list, DOMAIN.md §7). */
export interface PortfolioAnalysis {
  kind: 'portfolio-analysis';
  month: string;
  accounts: number;
  keyAccounts: number;
  revenue: RevenueComparison;
  tiers: TierLine[];
  migrations: TierMigrations & { labels: LocalisedText[] };
  gained: FocusAccount[];
  lost: FocusAccount[];
  /**
   * Churn rate (流失率) and abnormal churn rate (异常流失率): lost and
   * abnormal losses over the key accounts of last month; losses not yet
   * explained count as abnormal.
   */
  churn: ChurnFigures;
  /** Accounts whose month revenue moved more than the threshold (one-off accounts excluded). */
  fluctuating: FocusAccount[];
  fluctuationThreshold: number;
  topTier: { tier: string; label: LocalisedText; accounts: FocusAccount[] };
  topTen: FocusAccount[];
  /** The portfolio's monthly revenue over the last twelve months, oldest first. */
  trend: { months: string[]; revenueFen: number[] };
  /** Interactions recorded in the month. */
  actions: { total: number; accountsTouched: number; byKind: { kind: string; count: number }[] };
  /**
   * What went well (做得好的) and next month's plan (下月工作计划) of each
   * division, as its unit wrote them; a unit that has not is listed with
   * `null` texts. Absent when the narratives were not read (month results
   * stored without them: readers add them with {@link withUnitPlans}).
   */
  unitPlans?: UnitPlanSection;
}

/** Options for {@link buildPortfolioAnalysis}. */
export interface PortfolioAnalysisOptions {
  /** Month-over-month move that must be explained (default 0.3, strictly more). */
  fluctuationThreshold?: number;
  /** Size of the top list (default 10). */
  topN?: number;
}

/**
 * Build the monthly portfolio analysis for the source's month: revenue and its
 * comparisons (last month, same month last year, year to date), count and
 * revenue per tier, the tier migration matrix, accounts gained and lost
 * (each loss normal or abnormal, with the churn and abnormal churn rates),
 * fluctuating accounts, the top tier and the top ten, and the actions taken.
 * Works on the figure columns (typed arrays), one pass per figure.
 *
 * @example
 * ```ts
 * const analysis = buildPortfolioAnalysis(await loadReportSource({ store, asOf: '2026-10' }));
 * analysis.tiers.map((line) => [line.label.en, line.count, line.share]);
 * ```
 */
export function buildPortfolioAnalysis(
  source: ReportSource,
  options: PortfolioAnalysisOptions = {},
): PortfolioAnalysis {
  const { run } = source;
  const threshold = options.fluctuationThreshold ?? 0.3;
  const topN = options.topN ?? 10;
  const policy = source.policies.tiers;
  const context = run.context;
  const month = context.column({ metric: 'revenue', window: { unit: 'month', offset: 0 }, rollUp: false });
  const previous = context.column({
    metric: 'revenue',
    window: { unit: 'month', offset: -1 },
    rollUp: false,
  });
  const yearAgo = context.column({
    metric: 'revenue',
    window: { unit: 'month', offset: -12 },
    rollUp: false,
  });
  const ytd = context.column({
    metric: 'revenue',
    window: { unit: 'year-to-date', offset: 0 },
    rollUp: false,
  });
  const ytdLast = context.column({
    metric: 'revenue',
    window: { unit: 'year-to-date', offset: -1 },
    rollUp: false,
  });
  const size = run.accounts.length;
  const totals = new Float64Array(5);
  for (let index = 0; index < size; index++) {
    totals[0]! += month[index]!;
    totals[1]! += previous[index]!;
    totals[2]! += yearAgo[index]!;
    totals[3]! += ytd[index]!;
    totals[4]! += ytdLast[index]!;
  }
  const [monthFen, previousMonthFen, sameMonthLastYearFen, yearToDateFen, yearToDateLastYearFen] = [
    ...totals,
  ] as [number, number, number, number, number];

  const tierIds: (string | null)[] = [...policy.tiers.map((tier) => tier.id), null];
  const tierIndex = new Map(tierIds.map((tier, position) => [tier, position] as const));
  const tierCounts = new Int32Array(tierIds.length);
  const tierRevenue = new Float64Array(tierIds.length);
  for (let index = 0; index < size; index++) {
    const position = tierIndex.get(run.tiers[index]!.tier) ?? tierIds.length - 1;
    tierCounts[position]! += 1;
    tierRevenue[position]! += month[index]!;
  }

  const focus = (index: number): FocusAccount => {
    const assignment = run.tiers[index]!;
    const accountId = run.accounts[index]!.id;
    return {
      accountId,
      name: accountName(source, accountId),
      tier: assignment.tier,
      tierLabel: assignment.label,
      revenueFen: month[index]!,
      previousFen: previous[index]!,
      share: ratio(month[index]!, monthFen),
      change: change(month[index]!, previous[index]!),
    };
  };
  const byRevenue = (a: number, b: number) => month[b]! - month[a]! || a - b;

  const previousTier = new Map(source.previousTiers.map((row) => [row.accountId, row.tier] as const));
  const gained: number[] = [];
  const lost: number[] = [];
  let keyAccountsAtStart = 0;
  const fluctuating: number[] = [];
  const top: number[] = [];
  const topTierId = policy.tiers[0]?.id ?? null;
  for (let index = 0; index < size; index++) {
    const accountId = run.accounts[index]!.id;
    const before = previousTier.get(accountId) ?? null;
    const after = run.tiers[index]!.tier;
    if (before !== null) keyAccountsAtStart += 1;
    if (before === null && after !== null) gained.push(index);
    if (before !== null && after === null) lost.push(index);
    const moved = change(month[index]!, previous[index]!);
    if (moved !== null && Math.abs(moved) > threshold && !run.accounts[index]!.flags.includes('one-off')) {
      fluctuating.push(index);
    }
    if (topTierId !== null && after === topTierId) top.push(index);
  }
  const order = Array.from({ length: size }, (_, index) => index).sort(byRevenue);

  const actionsByKind = new Map<string, number>();
  const touched = new Set<string>();
  let actionTotal = 0;
  for (const interaction of source.interactions) {
    if (monthOfDate(localDate(new Date(interaction.at), source.timeZone)) !== run.asOf) continue;
    actionTotal += 1;
    touched.add(interaction.accountId);
    actionsByKind.set(interaction.kind, (actionsByKind.get(interaction.kind) ?? 0) + 1);
  }

  const alertsOf = alertsByAccount(source.alerts ?? []);
  const causes = source.policies.alerts.causes;
  const lostAccounts = lost.sort(byRevenue).map((index) => {
    const accountId = run.accounts[index]!.id;
    return {
      ...focus(index),
      loss: lossReason(accountId, { alerts: alertsOf.get(accountId) ?? [], causes, month: run.asOf }),
    };
  });

  const migrations = tierMigrations(
    policy,
    source.previousTiers,
    run.tiers.map((assignment) => ({ accountId: assignment.accountId, tier: assignment.tier })),
  );
  return {
    kind: 'portfolio-analysis',
    month: run.asOf,
    accounts: size,
    keyAccounts: size - tierCounts[tierIds.length - 1]!,
    revenue: {
      monthFen,
      previousMonthFen,
      sameMonthLastYearFen,
      yearToDateFen,
      yearToDateLastYearFen,
      monthOnMonth: change(monthFen, previousMonthFen),
      yearOnYear: change(monthFen, sameMonthLastYearFen),
      yearToDateChange: change(yearToDateFen, yearToDateLastYearFen),
    },
    tiers: tierIds.map((tier, position) => ({
      tier,
      label: tierLabel(policy, tier),
      count: tierCounts[position]!,
      revenueFen: tierRevenue[position]!,
      share: ratio(tierRevenue[position]!, monthFen),
    })),
    migrations: { ...migrations, labels: migrations.tiers.map((tier) => tierLabel(policy, tier)) },
    gained: gained.sort(byRevenue).map(focus),
    lost: lostAccounts,
    churn: churnFigures(
      keyAccountsAtStart,
      lostAccounts.map((account) => account.loss),
    ),
    fluctuating: fluctuating
      .sort((a, b) => Math.abs(change(month[b]!, previous[b]!)!) - Math.abs(change(month[a]!, previous[a]!)!))
      .map((index) => ({
        ...focus(index),
        explanation: swingExplanation(source, alertsOf.get(run.accounts[index]!.id)),
      })),
    fluctuationThreshold: threshold,
    topTier: {
      tier: topTierId ?? '',
      label: tierLabel(policy, topTierId),
      accounts: top.sort(byRevenue).map(focus),
    },
    topTen: order.slice(0, topN).map(focus),
    trend: portfolioTrend(source),
    actions: {
      total: actionTotal,
      accountsTouched: touched.size,
      byKind: [...actionsByKind.entries()]
        .map(([kind, count]) => ({ kind, count }))
        .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
    },
    ...(source.unitPlans === undefined
      ? {}
      : {
          unitPlans: unitPlanSection(
            run.asOf,
            run.accounts.map((account) => account.division),
            source.unitPlans,
          ),
        }),
  };
}

/**
 * The analysis with the narrative sections of the units the reader may see:
 * `divisions` each listed, with its narrative from `plans` or as not yet
 * written. For month results read back from the store, which hold figures
 * only (a narrative changes no figure).
 *
 * @example
 * ```ts
 * const shown = withUnitPlans(portfolio.analysis, ['华东事业部'], await scoped.listUnitPlans({ periods: [month] }));
 * ```
 */
export function withUnitPlans(
  analysis: PortfolioAnalysis,
  divisions: Iterable<string>,
  plans: readonly UnitPlan[],
): PortfolioAnalysis {
  return { ...analysis, unitPlans: unitPlanSection(analysis.month, divisions, plans) };
}

/** The cause recorded on an account's swing alert of the month, `null` when none is recorded. */
function swingExplanation(
  source: ReportSource,
  accountAlerts: readonly StoredAlert[] | undefined,
): FocusAccount['explanation'] {
  const alert = accountAlerts?.find((row) => row.kind === 'fluctuation' && row.period === source.run.asOf);
  if (!alert?.cause) return null;
  const cause = source.policies.alerts.causes.find((entry) => entry.id === alert.cause);
  return {
    cause: cause ? cause.label : { 'zh-CN': alert.cause, en: alert.cause },
    note: alert.note ?? null,
  };
}

function portfolioTrend(source: ReportSource): PortfolioAnalysis['trend'] {
  const series = monthlyRevenueSeries(source.aggregates, source.run.asOf, 12);
  const totals = new Float64Array(series.months.length);
  for (const values of series.byAccount.values()) {
    for (let month = 0; month < totals.length; month++) totals[month]! += values[month]!;
  }
  return { months: series.months, revenueFen: [...totals] };
}

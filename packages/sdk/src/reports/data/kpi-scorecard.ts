import { z } from 'zod';
import {
  type ComplaintTypeCount,
  complaintClocks,
  complaintCounts,
} from '../../complaints/complaint-clock.js';
import { type Contract, contractState } from '../../contracts/contract.js';
import type { Account } from '../../domain/account.js';
import type { Complaint } from '../../domain/complaint.js';
import type { CONTACT_ROLES, Contact, RELATIONSHIP_STAGES } from '../../domain/contact.js';
import type { Interaction } from '../../domain/interaction.js';
import type { User } from '../../domain/user.js';
import { parseWith } from '../../errors/from-zod.js';
import { type AggregateInput, toAggregateColumns } from '../../metrics/aggregate-columns.js';
import { parseMoney } from '../../money/money.js';
import type { PortfolioPolicies } from '../../portfolio/policies.js';
import { type PortfolioSatisfaction, portfolioSatisfaction } from '../../satisfaction/satisfaction-index.js';
import type { SurveyResponse } from '../../satisfaction/survey.js';
import type { MonthlyPaymentTotal, StoredAlert } from '../../store/port.js';
import { lastDayOfMonth, localDate, monthFromIndex, monthIndex, monthOfDate } from '../../time/calendar.js';
import { type Period, parsePeriod, periodLabel, periodRange } from '../../time/period.js';
import {
  alertsByAccount,
  type ChurnFigures,
  churnFigures,
  type LossReason,
  lossReason,
  sumChurn,
} from './churn.js';
import { crossSell } from './cross-sell.js';
import { ratio, userName } from './names-and-ratios.js';
import type { ReportSource } from './source.js';

const Money = z.union([z.number(), z.string()]).transform((value, context) => {
  try {
    return parseMoney(value);
  } catch {
    context.addIssue({ code: 'custom', message: 'expected an amount such as ¥1,500,000 or 150万' });
    return z.NEVER;
  }
});

/** KPI targets per account manager, as data (YAML/JSON). Money as `150万`, `¥1,500,000` or fen. */
export const KpiTargetsSchema = z.array(
  z.strictObject({
    ownerId: z.string().min(1),
    /** Revenue target for the period of the scorecard. */
    revenue: Money,
    /** New key accounts wanted in the period (default 0). */
    newKeyAccounts: z.number().int().nonnegative().default(0),
    /** Most key accounts that may be lost (default 0). */
    maxLostKeyAccounts: z.number().int().nonnegative().default(0),
    /** Collections (回款) target for the period; no target when omitted. */
    collections: Money.optional(),
    /** New account × category pairs wanted in the period (交叉销售); no target when omitted. */
    crossSell: z.number().int().nonnegative().optional(),
    /** Known profit (利润贡献) wanted in the period; no target when omitted. */
    profit: Money.optional(),
  }),
);
/** Validated KPI targets. */
export type KpiTargets = z.output<typeof KpiTargetsSchema>;

/**
 * Validate KPI targets.
 *
 * @throws KamError `INVALID_CONFIG` with the path of the bad field (e.g. `[1].revenue`).
 */
export function loadKpiTargets(input: unknown): KpiTargets {
  return parseWith(KpiTargetsSchema, input, { 'zh-CN': '客户经理考核目标', en: 'KPI targets' });
}

/** One account manager's scorecard line. */
export interface KpiLine {
  ownerId: string;
  name: string;
  /** Accounts where the manager is owner A. */
  accounts: number;
  keyAccounts: number;
  revenueFen: number;
  targetFen: number | null;
  /** revenue / target, `null` without a target. */
  attainment: number | null;
  newKeyAccounts: { count: number; target: number | null; accountIds: string[] };
  lostKeyAccounts: { count: number; limit: number | null; accountIds: string[] };
  /**
   * Churn (流失率) and abnormal churn (异常流失率) of the manager's key
   * accounts in the run's month, over those tiered the month before; a loss
   * not yet explained counts as abnormal (see {@link ChurnFigures}).
   */
  churn: ChurnFigures;
  /**
   * Collections (回款) on the manager's accounts (owner A), see {@link KpiCollections}.
   */
  collections: KpiCollections;
  complaints: { received: number; resolved: number; followedUp: number; open: number };
  /**
   * Complaints received in the period by type and lateness against the
   * complaint policy's deadlines (`complaintCounts`): on time, late, still
   * open, overdue. Empty without a complaint policy.
   */
  complaintTypes: ComplaintTypeCount[];
  /** Contract fulfilment (合同履行) on the manager's accounts, see {@link KpiContracts}. */
  contracts: KpiContracts;
  /** Cross-sell (新产品 / 交叉销售) on the manager's existing accounts, see {@link KpiCrossSell}. */
  crossSell: KpiCrossSell;
  /** Profit contribution (利润贡献) of the manager's accounts, see {@link KpiProfit}. */
  profit: KpiProfit;
  /**
   * The satisfaction index (0–100) of the manager's accounts on the period's
   * last day: the mean of their account indexes over each survey's window;
   * `null` when none was surveyed.
   */
  satisfaction: PortfolioSatisfaction | null;
  /** Interactions the manager recorded in the period. */
  interactions: number;
  /** Relationship coverage over the manager's key accounts. */
  coverage: {
    contacts: number;
    byStage: Record<(typeof RELATIONSHIP_STAGES)[number], number>;
    byRole: Record<(typeof CONTACT_ROLES)[number], number>;
    /** Key accounts with a decision maker at trust or alliance. */
    decisionMakerTrusted: number;
    /** Key accounts with at least two contacts (important accounts always have ≥ 2 in contact). */
    twoOrMoreContacts: number;
    /** decisionMakerTrusted / keyAccounts. */
    share: number;
  };
}

/**
 * Collections (回款) of one account manager in the scorecard's period.
 *
 * - `collectedFen`: the sum of payments *received* in the period (by receipt
 *   date, in the organisation's time zone) from the accounts where the manager
 *   is owner A — the same accounts whose revenue the line counts.
 * - `rate` (回款率): `collectedFen / revenueFen`, the period's collections over
 *   the revenue billed to the same accounts in the same period; `null` when
 *   nothing was billed. Payments settle earlier bills too, so the rate can
 *   exceed 100 % (a manager clearing arrears) and is below 100 % when bills
 *   are paid late or short.
 * - `attainment`: `collectedFen / targetFen` against the `collections` target
 *   of {@link KpiTargetsSchema}; `null` without a target (or a zero one).
 */
export interface KpiCollections {
  collectedFen: number;
  /** Number of payments received in the period. */
  payments: number;
  rate: number | null;
  targetFen: number | null;
  attainment: number | null;
}

/**
 * Contract fulfilment (合同履行) of one account manager: the contracts of the
 * manager's accounts (owner A) whose term overlaps the period and that carry
 * a committed amount — their committed and fulfilled amounts, and
 * `fulfilment = actualFen / committedFen` (`null` when nothing was committed).
 * Closed contracts count when their term overlapped the period.
 */
export interface KpiContracts {
  count: number;
  committedFen: number;
  actualFen: number;
  fulfilment: number | null;
}

/**
 * Cross-sell (新产品 / 交叉销售, "new products per existing client") of one
 * account manager in the period, over the accounts where the manager is
 * owner A (see {@link crossSell}):
 *
 * - `existingAccounts`: those that bought anything before the period;
 * - `pairs`: new account × category pairs — an existing account buying in
 *   the period a category (product, route) it had not bought in the twelve
 *   months before; `accountIds`: the accounts with at least one;
 * - `perExistingAccount`: `pairs / existingAccounts` (`null` without existing accounts);
 * - `target` / `attainment`: against the `crossSell` target (`null` without one, or a zero one).
 */
export interface KpiCrossSell {
  existingAccounts: number;
  pairs: number;
  accountIds: string[];
  perExistingAccount: number | null;
  target: number | null;
  attainment: number | null;
}

/**
 * Profit contribution (利润贡献) of one account manager in the period, from
 * the transactions whose profit is known (a profit, or an amount and a cost):
 *
 * - `profitFen`: the known profit on the manager's accounts (owner A);
 * - `knownRevenueFen`: the revenue of those transactions, and `coverage` =
 *   `knownRevenueFen / revenueFen` — how much of the line's revenue the
 *   profit speaks for (`null` without revenue);
 * - `share`: `profitFen` over the known profit of every line (`null` when
 *   that total is not positive);
 * - `target` / `attainment`: against the `profit` target (`null` without one, or a zero one).
 */
export interface KpiProfit {
  profitFen: number;
  knownRevenueFen: number;
  coverage: number | null;
  share: number | null;
  targetFen: number | null;
  attainment: number | null;
}

/** The account-manager KPI scorecard (DOMAIN.md §7). */
export interface KpiScorecard {
  kind: 'kpi-scorecard';
  period: string;
  lines: KpiLine[];
  totals: {
    revenueFen: number;
    targetFen: number;
    newKeyAccounts: number;
    lostKeyAccounts: number;
    /** Churn and abnormal churn over every line's key accounts. */
    churn: ChurnFigures;
    /** Collections of every line, and their rate over the lines' revenue (`null` when none was billed). */
    collectedFen: number;
    collectionsTargetFen: number;
    collectionRate: number | null;
    /** Contract fulfilment over every line. */
    contracts: KpiContracts;
    /** The satisfaction index of every line's accounts together (each account weighs the same). */
    satisfaction: PortfolioSatisfaction | null;
    /** Cross-sell over every line (targets summed; `null` when no line has one). */
    crossSell: KpiCrossSell;
    /** Known profit over every line (`share` 1 when positive). */
    profit: KpiProfit;
  };
}

/**
 * What the KPI scorecard reads, and nothing more: the accounts with their
 * owner A, each account's tier in the month and the month before, the
 * monthly aggregates of the window the figures need, and the rows of the
 * period's collections, complaints, contracts, surveys, interactions and
 * contacts. {@link loadKpiSource} reads it from the store and the month's
 * stored results; {@link kpiSourceFromReport} takes it from a whole
 * {@link ReportSource}.
 */
export interface KpiSource {
  /** The month of the tiers and alerts `YYYY-MM` (the default period). */
  asOf: string;
  /**
   * The day figures are judged on while the period is running (complaint
   * lateness, contract terms, satisfaction): the earlier of this day and the
   * period's last day is used.
   */
  today: string;
  /** The accounts (owner A says whose line an account is on; accounts without one are left out). */
  accounts: readonly Pick<Account, 'id' | 'ownerA'>[];
  /** Each account's tier in `asOf` (`null` or absent: not a key account). */
  tiers: ReadonlyMap<string, string | null>;
  /** Each account's tier in the month before `asOf` (new and lost key accounts, churn). */
  previousTiers: ReadonlyMap<string, string | null>;
  /**
   * Monthly aggregates: every row of the period and of the twelve months
   * before it (`CROSS_SELL_LOOKBACK_MONTHS`), and for an account
   * with no purchase in those months, its earlier rows (an account that
   * bought anything before the period is an existing one for cross-sell).
   * Rows after the period are ignored. As rows or in columns.
   */
  aggregates: AggregateInput;
  /** Payments received (回款) per account × month, at least of the period's months. */
  payments: readonly MonthlyPaymentTotal[];
  /** Complaints of the accounts (all of them: open ones count whenever received). */
  complaints: readonly Complaint[];
  /** Contracts of the accounts; none when omitted. */
  contracts?: readonly Contract[];
  /** Satisfaction survey responses; none when omitted. */
  surveyResponses?: readonly SurveyResponse[];
  /** Interactions, at least those of the period. */
  interactions: readonly Interaction[];
  /** Contacts of the accounts (relationship coverage of the key accounts). */
  contacts: readonly Contact[];
  /** Staff (the managers' names). */
  users: readonly User[];
  /** The stored alerts of `asOf`, at least the exits of the key accounts lost (the cause of each loss). */
  alerts?: readonly StoredAlert[];
  /** The policies the scorecard reads: alert causes, complaint deadlines, surveys. */
  policies: Pick<PortfolioPolicies, 'alerts' | 'complaints' | 'surveys'>;
  /** The organisation's time zone (dates of complaints and interactions). */
  timeZone: string;
}

/**
 * The {@link KpiSource} of a whole report source: the run's accounts and
 * tiers, its previous month's tiers, and its rows as they are.
 *
 * @example
 * ```ts
 * const input = kpiSourceFromReport(await loadReportSource({ store, asOf: '2026-10' }));
 * const scorecard = kpiScorecardFrom(input, { period: '2026-10' });
 * ```
 */
export function kpiSourceFromReport(source: ReportSource): KpiSource {
  const { run } = source;
  return {
    asOf: run.asOf,
    today: run.today,
    accounts: run.accounts,
    tiers: new Map(run.tiers.map((row) => [row.accountId, row.tier] as const)),
    previousTiers: new Map(source.previousTiers.map((row) => [row.accountId, row.tier] as const)),
    aggregates: source.aggregates,
    payments: source.payments,
    complaints: source.complaints,
    ...(source.contracts === undefined ? {} : { contracts: source.contracts }),
    ...(source.surveyResponses === undefined ? {} : { surveyResponses: source.surveyResponses }),
    interactions: source.interactions,
    contacts: source.contacts,
    users: source.users,
    ...(source.alerts === undefined ? {} : { alerts: source.alerts }),
    policies: source.policies,
    timeZone: source.timeZone,
  };
}

/** Options for {@link buildKpiScorecard} and {@link kpiScorecardFrom}. */
export interface KpiScorecardOptions {
  /** Default: the source's month. */
  period?: string | Period;
  /** Targets as data; managers without a target still get a line. */
  targets?: KpiTargets;
}

/**
 * Build the KPI scorecard of every account manager (owner A): revenue against
 * target, collections (回款: amount received, collection rate over billed
 * revenue, attainment against target — see {@link KpiCollections}), new and
 * lost key accounts (against the previous month's tiers) with the churn and
 * abnormal churn rates (the cause recorded on each exit alert; unexplained
 * losses count as abnormal), complaints received
 * and resolved (and by type and lateness against the complaint policy),
 * contract fulfilment (合同履行, see {@link KpiContracts}), the satisfaction
 * index of the manager's accounts (满意度, 0–100, scored by the source's
 * `policies.surveys`), cross-sell (新产品 / 交叉销售, see {@link KpiCrossSell}),
 * profit contribution (利润贡献, see {@link KpiProfit}), interactions, and
 * relationship coverage (contacts by stage and role).
 *
 * @example
 * ```ts
 * const targets = loadKpiTargets([
 *   { ownerId: 'u-am-01', revenue: '500万', collections: '450万', newKeyAccounts: 2 },
 * ]);
 * const scorecard = buildKpiScorecard(source, { period: '2026-Q4', targets });
 * scorecard.lines[0]?.attainment;
 * ```
 */
export function buildKpiScorecard(source: ReportSource, options: KpiScorecardOptions = {}): KpiScorecard {
  return kpiScorecardFrom(kpiSourceFromReport(source), options);
}

/**
 * The KPI scorecard from what it reads ({@link KpiSource}): the one place
 * its figures are computed ({@link buildKpiScorecard} describes them).
 *
 * @throws KamError `INVALID_INPUT` for a bad period.
 * @example
 * ```ts
 * const { source } = await loadKpiSource(store, { period: '2026-Q3', policies });
 * const scorecard = kpiScorecardFrom(source, { period: '2026-Q3', targets });
 * ```
 */
export function kpiScorecardFrom(source: KpiSource, options: KpiScorecardOptions = {}): KpiScorecard {
  const period = parsePeriod(options.period ?? source.asOf);
  const range = periodRange(period);
  const targets = new Map((options.targets ?? []).map((target) => [target.ownerId, target] as const));
  const ownerOf = new Map<string, string>();
  const lines = new Map<string, KpiLine>();
  const previousTier = source.previousTiers;
  const tierOf = source.tiers;
  const lineFor = (ownerId: string): KpiLine => {
    let line = lines.get(ownerId);
    if (!line) {
      const target = targets.get(ownerId);
      line = {
        ownerId,
        name: userName(source, ownerId) ?? ownerId,
        accounts: 0,
        keyAccounts: 0,
        revenueFen: 0,
        targetFen: target?.revenue ?? null,
        attainment: null,
        newKeyAccounts: { count: 0, target: target?.newKeyAccounts ?? null, accountIds: [] },
        lostKeyAccounts: { count: 0, limit: target?.maxLostKeyAccounts ?? null, accountIds: [] },
        churn: churnFigures(0, []),
        collections: {
          collectedFen: 0,
          payments: 0,
          rate: null,
          targetFen: target?.collections ?? null,
          attainment: null,
        },
        complaints: { received: 0, resolved: 0, followedUp: 0, open: 0 },
        complaintTypes: [],
        contracts: { count: 0, committedFen: 0, actualFen: 0, fulfilment: null },
        crossSell: {
          existingAccounts: 0,
          pairs: 0,
          accountIds: [],
          perExistingAccount: null,
          target: target?.crossSell ?? null,
          attainment: null,
        },
        profit: {
          profitFen: 0,
          knownRevenueFen: 0,
          coverage: null,
          share: null,
          targetFen: target?.profit ?? null,
          attainment: null,
        },
        satisfaction: null,
        interactions: 0,
        coverage: {
          contacts: 0,
          byStage: { acquaintance: 0, interest: 0, trust: 0, alliance: 0 },
          byRole: { 'decision-maker': 0, 'key-person': 0, insider: 0, guide: 0, other: 0 },
          decisionMakerTrusted: 0,
          twoOrMoreContacts: 0,
          share: 0,
        },
      };
      lines.set(ownerId, line);
    }
    return line;
  };
  for (const target of targets.keys()) lineFor(target);
  const startKeyAccounts = new Map<string, number>();
  const losses = new Map<string, LossReason[]>();
  const alertsOf = alertsByAccount(source.alerts ?? []);
  const causes = source.policies.alerts.causes;
  for (const account of source.accounts) {
    if (account.ownerA === null) continue;
    ownerOf.set(account.id, account.ownerA);
    const line = lineFor(account.ownerA);
    line.accounts += 1;
    const before = previousTier.get(account.id) ?? null;
    const after = tierOf.get(account.id) ?? null;
    if (after !== null) line.keyAccounts += 1;
    if (before !== null) startKeyAccounts.set(line.ownerId, (startKeyAccounts.get(line.ownerId) ?? 0) + 1);
    if (before === null && after !== null) {
      line.newKeyAccounts.count += 1;
      line.newKeyAccounts.accountIds.push(account.id);
    }
    if (before !== null && after === null) {
      line.lostKeyAccounts.count += 1;
      line.lostKeyAccounts.accountIds.push(account.id);
      const reason = lossReason(account.id, {
        alerts: alertsOf.get(account.id) ?? [],
        causes,
        month: source.asOf,
      });
      const owned = losses.get(line.ownerId);
      if (owned) owned.push(reason);
      else losses.set(line.ownerId, [reason]);
    }
  }
  const aggregates = toAggregateColumns(source.aggregates);
  for (let row = 0; row < aggregates.size; row++) {
    const owner = ownerOf.get(aggregates.accountId[row]!);
    if (owner === undefined) continue;
    const month = aggregates.month[row]!;
    if (month < range.start || month > range.end) continue;
    const line = lineFor(owner);
    line.revenueFen += aggregates.revenueFen[row]!;
    line.profit.profitFen += aggregates.profitFen[row]!;
    line.profit.knownRevenueFen += aggregates.profitBaseFen[row]!;
  }
  const sold = crossSell(aggregates, range);
  for (const accountId of sold.existingAccountIds) {
    const owner = ownerOf.get(accountId);
    if (owner !== undefined) lineFor(owner).crossSell.existingAccounts += 1;
  }
  for (const pair of sold.pairs) {
    const owner = ownerOf.get(pair.accountId);
    if (owner === undefined) continue;
    const line = lineFor(owner).crossSell;
    line.pairs += 1;
    if (line.accountIds.at(-1) !== pair.accountId) line.accountIds.push(pair.accountId);
  }
  for (const row of source.payments) {
    const owner = ownerOf.get(row.accountId);
    if (owner === undefined) continue;
    const month = monthIndex(row.month);
    if (month < range.start || month > range.end) continue;
    const collections = lineFor(owner).collections;
    collections.collectedFen += row.amountFen;
    collections.payments += row.count;
  }
  const inPeriod = (instant: string | undefined): boolean => {
    if (instant === undefined) return false;
    const month = monthIndex(monthOfDate(localDate(new Date(instant), source.timeZone)));
    return month >= range.start && month <= range.end;
  };
  for (const complaint of source.complaints) {
    const owner = ownerOf.get(complaint.accountId);
    if (owner === undefined) continue;
    const line = lineFor(owner);
    if (inPeriod(complaint.receivedAt)) line.complaints.received += 1;
    if (inPeriod(complaint.resolvedAt)) line.complaints.resolved += 1;
    if (inPeriod(complaint.followedUpAt)) line.complaints.followedUp += 1;
    if (complaint.resolvedAt === undefined) line.complaints.open += 1;
  }
  // The period's last day, or the source's day when the period is still running.
  const periodEnd = lastDayOfMonth(monthFromIndex(range.end));
  // biome-ignore lint/complexity/useMathMinMax: ISO dates compared as text, not numbers.
  const judged = source.today < periodEnd ? source.today : periodEnd;
  const periodStart = `${monthFromIndex(range.start)}-01`;
  const complaintPolicy = source.policies.complaints;
  if (complaintPolicy) {
    const clocks = complaintClocks({
      complaints: source.complaints.filter((complaint) => ownerOf.has(complaint.accountId)),
      policy: complaintPolicy,
      today: judged,
      timeZone: source.timeZone,
    });
    const byOwner = new Map<string, typeof clocks>();
    for (const clock of clocks) {
      const owner = ownerOf.get(clock.complaint.accountId)!;
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), clock]);
    }
    for (const line of lines.values()) {
      line.complaintTypes = complaintCounts(byOwner.get(line.ownerId) ?? [], complaintPolicy, {
        from: periodStart,
        to: periodEnd,
      });
    }
  }
  for (const contract of source.contracts ?? []) {
    const owner = ownerOf.get(contract.accountId);
    if (owner === undefined || contract.committedFen === undefined) continue;
    const termEnd = contractState(contract, judged).termEnd;
    const ended =
      contract.closedOn !== undefined && contract.closedOn < termEnd ? contract.closedOn : termEnd;
    if (contract.startDate > periodEnd || ended < periodStart) continue;
    const fulfilment = lineFor(owner).contracts;
    fulfilment.count += 1;
    fulfilment.committedFen += contract.committedFen;
    fulfilment.actualFen += contract.actualFen ?? 0;
  }
  const surveys = source.policies.surveys;
  const responses = source.surveyResponses ?? [];
  const accountsOf = new Map<string, string[]>();
  for (const [accountId, owner] of ownerOf)
    accountsOf.set(owner, [...(accountsOf.get(owner) ?? []), accountId]);
  const satisfactionOf = (accountIds: readonly string[]) =>
    responses.length === 0
      ? null
      : portfolioSatisfaction(responses, {
          surveys,
          today: judged,
          timeZone: source.timeZone,
          accountIds,
        });
  for (const interaction of source.interactions) {
    if (!inPeriod(interaction.at)) continue;
    const line = lines.get(interaction.userId);
    if (line) line.interactions += 1;
  }
  const contactsByAccount = new Map<string, { count: number; trustedDecisionMaker: boolean }>();
  for (const contact of source.contacts) {
    const owner = ownerOf.get(contact.accountId);
    if (owner === undefined || (tierOf.get(contact.accountId) ?? null) === null) continue;
    const line = lineFor(owner);
    line.coverage.contacts += 1;
    line.coverage.byStage[contact.stage] += 1;
    line.coverage.byRole[contact.role] += 1;
    const entry = contactsByAccount.get(contact.accountId) ?? { count: 0, trustedDecisionMaker: false };
    entry.count += 1;
    if (contact.role === 'decision-maker' && (contact.stage === 'trust' || contact.stage === 'alliance')) {
      entry.trustedDecisionMaker = true;
    }
    contactsByAccount.set(contact.accountId, entry);
  }
  for (const [accountId, entry] of contactsByAccount) {
    const line = lineFor(ownerOf.get(accountId)!);
    if (entry.count >= 2) line.coverage.twoOrMoreContacts += 1;
    if (entry.trustedDecisionMaker) line.coverage.decisionMakerTrusted += 1;
  }
  const out = [...lines.values()].sort(
    (a, b) => b.revenueFen - a.revenueFen || a.ownerId.localeCompare(b.ownerId),
  );
  const profitFen = out.reduce((sum, line) => sum + line.profit.profitFen, 0);
  for (const line of out) {
    finishCrossSell(line.crossSell);
    finishProfit(line.profit, line.revenueFen, profitFen);
    line.attainment =
      line.targetFen === null || line.targetFen === 0 ? null : line.revenueFen / line.targetFen;
    line.coverage.share = ratio(line.coverage.decisionMakerTrusted, line.keyAccounts);
    const { collections } = line;
    collections.rate = line.revenueFen === 0 ? null : collections.collectedFen / line.revenueFen;
    collections.attainment =
      collections.targetFen === null || collections.targetFen === 0
        ? null
        : collections.collectedFen / collections.targetFen;
    line.contracts.fulfilment =
      line.contracts.committedFen === 0 ? null : line.contracts.actualFen / line.contracts.committedFen;
    line.satisfaction = satisfactionOf(accountsOf.get(line.ownerId) ?? []);
    line.churn = churnFigures(startKeyAccounts.get(line.ownerId) ?? 0, losses.get(line.ownerId) ?? []);
  }
  const contractTotals: KpiContracts = {
    count: out.reduce((sum, line) => sum + line.contracts.count, 0),
    committedFen: out.reduce((sum, line) => sum + line.contracts.committedFen, 0),
    actualFen: out.reduce((sum, line) => sum + line.contracts.actualFen, 0),
    fulfilment: null,
  };
  contractTotals.fulfilment =
    contractTotals.committedFen === 0 ? null : contractTotals.actualFen / contractTotals.committedFen;
  const revenueFen = out.reduce((sum, line) => sum + line.revenueFen, 0);
  const crossSellTargets = out.filter((line) => line.crossSell.target !== null);
  const profitTargets = out.filter((line) => line.profit.targetFen !== null);
  const crossSellTotals: KpiCrossSell = {
    existingAccounts: out.reduce((sum, line) => sum + line.crossSell.existingAccounts, 0),
    pairs: out.reduce((sum, line) => sum + line.crossSell.pairs, 0),
    accountIds: out.flatMap((line) => line.crossSell.accountIds).sort(),
    perExistingAccount: null,
    target:
      crossSellTargets.length === 0
        ? null
        : crossSellTargets.reduce((sum, line) => sum + (line.crossSell.target ?? 0), 0),
    attainment: null,
  };
  finishCrossSell(crossSellTotals);
  const profitTotals: KpiProfit = {
    profitFen,
    knownRevenueFen: out.reduce((sum, line) => sum + line.profit.knownRevenueFen, 0),
    coverage: null,
    share: null,
    targetFen:
      profitTargets.length === 0
        ? null
        : profitTargets.reduce((sum, line) => sum + (line.profit.targetFen ?? 0), 0),
    attainment: null,
  };
  finishProfit(profitTotals, revenueFen, profitFen);
  const collectedFen = out.reduce((sum, line) => sum + line.collections.collectedFen, 0);
  return {
    kind: 'kpi-scorecard',
    period: periodLabel(period),
    lines: out,
    totals: {
      revenueFen,
      targetFen: out.reduce((sum, line) => sum + (line.targetFen ?? 0), 0),
      newKeyAccounts: out.reduce((sum, line) => sum + line.newKeyAccounts.count, 0),
      lostKeyAccounts: out.reduce((sum, line) => sum + line.lostKeyAccounts.count, 0),
      churn: sumChurn(out.map((line) => line.churn)),
      collectedFen,
      collectionsTargetFen: out.reduce((sum, line) => sum + (line.collections.targetFen ?? 0), 0),
      collectionRate: revenueFen === 0 ? null : collectedFen / revenueFen,
      contracts: contractTotals,
      satisfaction: satisfactionOf([...ownerOf.keys()]),
      crossSell: crossSellTotals,
      profit: profitTotals,
    },
  };
}

/** Cross-sell ratios once the counts are in. */
function finishCrossSell(figures: KpiCrossSell): void {
  figures.perExistingAccount =
    figures.existingAccounts === 0 ? null : figures.pairs / figures.existingAccounts;
  figures.attainment =
    figures.target === null || figures.target === 0 ? null : figures.pairs / figures.target;
}

/** Profit ratios once the sums are in: coverage of the revenue, share of the portfolio's profit, attainment. */
function finishProfit(figures: KpiProfit, revenueFen: number, portfolioProfitFen: number): void {
  figures.coverage = revenueFen === 0 ? null : figures.knownRevenueFen / revenueFen;
  figures.share = portfolioProfitFen > 0 ? figures.profitFen / portfolioProfitFen : null;
  figures.attainment =
    figures.targetFen === null || figures.targetFen === 0 ? null : figures.profitFen / figures.targetFen;
}

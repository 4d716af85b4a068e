import type { DutyFiling } from '../../cadence/due-actions.js';
import { type Contract, withContractFlags } from '../../contracts/contract.js';
import type { Account } from '../../domain/account.js';
import type { Complaint } from '../../domain/complaint.js';
import type { Contact } from '../../domain/contact.js';
import type { Interaction } from '../../domain/interaction.js';
import type { User } from '../../domain/user.js';
import {
  type AggregateColumns,
  type AggregateInput,
  toAggregateColumns,
} from '../../metrics/aggregate-columns.js';
import { defaultPolicies, type PortfolioPolicies } from '../../portfolio/policies.js';
import { computePortfolioRun, type PortfolioRun, portfolioTiers } from '../../portfolio/run-portfolio.js';
import type { SurveyResponse } from '../../satisfaction/survey.js';
import type {
  MonthlyPaymentTotal,
  Store,
  StoredAlert,
  StoredTierAssignment,
  TierOverride,
} from '../../store/port.js';
import { planFilings } from '../../tasks/task.js';
import type { TierOfAccount } from '../../tiering/history.js';
import { addMonths, DEFAULT_TIME_ZONE, lastDayOfMonth } from '../../time/calendar.js';
import type { UnitPlan } from '../../unit-plans/unit-plan.js';

/**
 * Everything the report builders read, gathered once: the engine's run for
 * the month, the monthly aggregates (never raw transactions), contact history,
 * contacts, complaints, staff and the previous month's tiers.
 */
export interface ReportSource {
  run: PortfolioRun;
  policies: PortfolioPolicies;
  /** Monthly aggregates up to the run's month (the aggregation port), in columns. */
  aggregates: AggregateColumns;
  /** Payments received (回款) per account × month, up to the run's month. */
  payments: readonly MonthlyPaymentTotal[];
  interactions: readonly Interaction[];
  contacts: readonly Contact[];
  complaints: readonly Complaint[];
  users: readonly User[];
  /** Tiers of the month before the run (for migrations, new and lost key accounts). */
  previousTiers: readonly TierOfAccount[];
  /** The organisation's time zone (dates are shown in it). */
  timeZone: string;
  /** The stored alerts of the run's month, as work items (status, cause, note). */
  alerts?: readonly StoredAlert[];
  /**
   * The units' narratives of the run's month (what went well, next month's
   * plan); when given, the portfolio analysis carries their sections.
   */
  unitPlans?: readonly UnitPlan[];
  /** Contracts of the accounts (fulfilment in the KPI scorecard); none when omitted. */
  contracts?: readonly Contract[];
  /** Satisfaction survey responses (the satisfaction index of the KPI scorecard); none when omitted. */
  surveyResponses?: readonly SurveyResponse[];
}

/** Options for {@link loadReportSource}. */
export interface LoadReportSourceOptions {
  store: Store;
  /** The report month `YYYY-MM`. */
  asOf: string;
  /** Default: {@link defaultPolicies}. */
  policies?: PortfolioPolicies;
  /** Default Asia/Shanghai. */
  timeZone?: string;
}

/**
 * The store's rows a month's reports (and its stored results) are computed
 * from, read once: accounts, the monthly aggregates up to the month, payment
 * totals, interactions, complaints, staff, contacts, the tier policy's
 * history and overrides.
 */
export interface ReportInputs {
  /** The report month `YYYY-MM`. */
  asOf: string;
  /** The day of the run `YYYY-MM-DD` (due actions, override expiry). */
  today: string;
  accounts: Account[];
  /**
   * Monthly aggregates up to the month: in columns as the store reads them
   * (`store.aggregateColumns()`, no object per row), or as rows.
   */
  aggregates: AggregateInput;
  payments: MonthlyPaymentTotal[];
  interactions: Interaction[];
  complaints: Complaint[];
  users: User[];
  contacts: Contact[];
  history: StoredTierAssignment[];
  overrides: TierOverride[];
  /** Every stored alert (work items: status, cause, note); the source keeps the month's. */
  alerts: StoredAlert[];
  /** Filings of owner duties (stored weekly visit plans), for the due actions. */
  filings?: DutyFiling[];
  /** Every stored contract (fulfilment); omitted by callers that have none. */
  contracts?: Contract[];
  /** Every stored survey response (satisfaction); omitted by callers that have none. */
  surveyResponses?: SurveyResponse[];
}

/**
 * Read {@link ReportInputs} for `asOf` from the store: each query once, all
 * at the same time.
 *
 * @example
 * ```ts
 * const inputs = await readReportInputs(store, { asOf: '2026-10', policies: defaultPolicies() });
 * ```
 */
export async function readReportInputs(
  store: Store,
  options: { asOf: string; today?: string; policies: PortfolioPolicies },
): Promise<ReportInputs> {
  const { asOf, policies } = options;
  const tierFilter = { policyId: policies.tiers.id };
  const [
    accounts,
    aggregates,
    payments,
    interactions,
    complaints,
    users,
    history,
    overrides,
    contacts,
    alerts,
    contracts,
    tasks,
    surveyResponses,
  ] = await Promise.all([
    store.listAccounts(),
    store.aggregateColumns({ toMonth: asOf }),
    store.paymentTotals({ toMonth: asOf }),
    store.listInteractions(),
    store.listComplaints(),
    store.listUsers(),
    store.listTierAssignments(tierFilter),
    store.listOverrides(tierFilter),
    store.listContacts(),
    store.listAlerts(),
    store.listContracts(),
    store.listTasks(),
    store.listSurveyResponses(),
  ]);
  const today = options.today ?? lastDayOfMonth(asOf);
  return {
    asOf,
    today,
    // A contract in force gives the account the `agreement` flag admission reads.
    accounts: withContractFlags(accounts, contracts, today),
    aggregates,
    payments,
    interactions,
    complaints,
    users,
    contacts,
    history,
    overrides,
    alerts,
    filings: planFilings(tasks, policies.service),
    contracts,
    surveyResponses,
  };
}

/**
 * The report source of rows already read, without I/O: the engine's run for
 * the month ({@link computePortfolioRun}) and the previous month's tiers —
 * from the stored tier history, or computed from the same rows (figures up
 * to that month, the history before it, overrides) when none are stored.
 *
 * @example
 * ```ts
 * const source = reportSourceFromInputs(inputs, { policies: defaultPolicies() });
 * ```
 */
export function reportSourceFromInputs(
  inputs: ReportInputs,
  options: { policies: PortfolioPolicies; timeZone?: string },
): ReportSource {
  const { policies } = options;
  const { asOf, today, history, overrides } = inputs;
  const aggregates = toAggregateColumns(inputs.aggregates);
  const previousMonth = addMonths(asOf, -1);
  const run = computePortfolioRun({
    policies,
    asOf,
    today,
    accounts: inputs.accounts,
    aggregates,
    history,
    overrides,
    interactions: inputs.interactions,
    ...(inputs.filings === undefined ? {} : { filings: inputs.filings }),
    contacts: inputs.contacts,
  });
  // Contacts in the run's account order (as one read per account gave them).
  const contactsOf = new Map<string, Contact[]>();
  for (const contact of inputs.contacts) {
    const list = contactsOf.get(contact.accountId);
    if (list) list.push(contact);
    else contactsOf.set(contact.accountId, [contact]);
  }
  const contacts = run.accounts.flatMap((account) => contactsOf.get(account.id) ?? []);
  const stored = history.filter((row) => row.period === previousMonth);
  const previous =
    stored.length > 0
      ? stored
      : portfolioTiers({
          policies,
          asOf: previousMonth,
          today: lastDayOfMonth(previousMonth),
          accounts: run.accounts,
          aggregates,
          history,
          overrides,
        }).tiers;
  return {
    run,
    policies,
    aggregates,
    payments: inputs.payments,
    interactions: inputs.interactions,
    contacts,
    complaints: inputs.complaints,
    users: inputs.users,
    previousTiers: previous.map((row) => ({ accountId: row.accountId, tier: row.tier })),
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    alerts: inputs.alerts.filter((alert) => alert.period === asOf),
    ...(inputs.contracts === undefined ? {} : { contracts: inputs.contracts }),
    ...(inputs.surveyResponses === undefined ? {} : { surveyResponses: inputs.surveyResponses }),
  };
}

/**
 * Read what the reports need from the store ({@link readReportInputs}, and
 * the units' narratives of the month) and run the engine for `asOf` without
 * saving ({@link reportSourceFromInputs}).
 * Each store query is made once per load, contacts included. Readers of a
 * month's stored results (`readAccountMonth`, `readPortfolioMonth`) do not
 * need it; it is for reports over other periods and for embedders.
 *
 * @example
 * ```ts
 * const source = await loadReportSource({ store, asOf: '2026-10' });
 * const analysis = buildPortfolioAnalysis(source);
 * ```
 */
export async function loadReportSource(options: LoadReportSourceOptions): Promise<ReportSource> {
  const policies = options.policies ?? defaultPolicies();
  const [inputs, unitPlans] = await Promise.all([
    readReportInputs(options.store, { asOf: options.asOf, policies }),
    options.store.listUnitPlans({ periods: [options.asOf] }),
  ]);
  const source = reportSourceFromInputs(inputs, {
    policies,
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  });
  return { ...source, unitPlans };
}

/** A display name for an account (short name first). */
export function accountName(source: ReportSource, accountId: string): string {
  const index = source.run.context.indexOf(accountId);
  const account = index === undefined ? undefined : source.run.accounts[index];
  return account?.shortName ?? account?.name ?? accountId;
}

export { ratio, userName } from './names-and-ratios.js';

/** Relative change `(now − before) / before`; `null` when there was nothing before. */
export function change(now: number, before: number): number | null {
  return before === 0 ? null : (now - before) / before;
}

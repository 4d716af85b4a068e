import type { Complaint } from '../../domain/complaint.js';
import type { Contact } from '../../domain/contact.js';
import type { Interaction } from '../../domain/interaction.js';
import type { User } from '../../domain/user.js';
import type { MonthlyAggregate } from '../../metrics/aggregate.js';
import { defaultPolicies, type PortfolioPolicies } from '../../portfolio/policies.js';
import { type PortfolioRun, portfolioTiers, runPortfolio } from '../../portfolio/run-portfolio.js';
import type { MonthlyPaymentTotal, Store, StoredAlert } from '../../store/port.js';
import type { TierOfAccount } from '../../tiering/history.js';
import { addMonths, DEFAULT_TIME_ZONE, lastDayOfMonth } from '../../time/calendar.js';

/**
 * Everything the report builders read, gathered once: the engine's run for
 * the month, the monthly aggregates (never raw transactions), contact history,
 * contacts, complaints, staff and the previous month's tiers.
 */
export interface ReportSource {
  run: PortfolioRun;
  policies: PortfolioPolicies;
  /** Monthly aggregates up to the run's month (the aggregation port). */
  aggregates: readonly MonthlyAggregate[];
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
 * Read what the reports need from the store and run the engine for `asOf`
 * without saving. The previous month's tiers come from the stored tier
 * history, or are computed from the rows already read (figures up to that
 * month, the history before it, overrides) when none are stored. Each store
 * query is made once per load, contacts included.
 *
 * @example
 * ```ts
 * const source = await loadReportSource({ store, asOf: '2026-10' });
 * const analysis = buildPortfolioAnalysis(source);
 * ```
 */
export async function loadReportSource(options: LoadReportSourceOptions): Promise<ReportSource> {
  const policies = options.policies ?? defaultPolicies();
  const { asOf } = options;
  const store = readOnce(options.store);
  const previousMonth = addMonths(asOf, -1);
  const tierFilter = { policyId: policies.tiers.id };
  // The run reads the same accounts, aggregates, interactions, tier history and
  // overrides as below: `readOnce` sends each query to the store once.
  const [
    run,
    aggregates,
    payments,
    interactions,
    complaints,
    users,
    history,
    overrides,
    allContacts,
    alerts,
  ] = await Promise.all([
    runPortfolio({ store, policies, asOf, save: false }),
    store.aggregate({ toMonth: asOf }),
    store.paymentTotals({ toMonth: asOf }),
    store.listInteractions(),
    store.listComplaints(),
    store.listUsers(),
    store.listTierAssignments(tierFilter),
    store.listOverrides(tierFilter),
    store.listContacts(),
    store.listAlerts(),
  ]);
  // Contacts in the run's account order (as one read per account gave them).
  const contactsOf = new Map<string, Contact[]>();
  for (const contact of allContacts) {
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
    payments,
    interactions,
    contacts,
    complaints,
    users,
    previousTiers: previous.map((row) => ({ accountId: row.accountId, tier: row.tier })),
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    alerts: alerts.filter((alert) => alert.period === asOf),
  };
}

/** The store reads `loadReportSource` and `runPortfolio` share. */
const SHARED_READS = new Set<PropertyKey>([
  'listAccounts',
  'aggregate',
  'listInteractions',
  'listTierAssignments',
  'listOverrides',
]);

/**
 * A view of `store` for one load in which each of {@link SHARED_READS} is sent
 * once per distinct query; repeats get the same (never mutated) result.
 */
function readOnce(store: Store): Store {
  const results = new Map<string, Promise<unknown>>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (!SHARED_READS.has(property) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const key = `${String(property)}:${JSON.stringify(args)}`;
        let result = results.get(key);
        if (!result) {
          result = (value as (...args: unknown[]) => Promise<unknown>).apply(target, args);
          results.set(key, result);
        }
        return result;
      };
    },
  });
}

/** A display name for an account (short name first). */
export function accountName(source: ReportSource, accountId: string): string {
  const index = source.run.context.indexOf(accountId);
  const account = index === undefined ? undefined : source.run.accounts[index];
  return account?.shortName ?? account?.name ?? accountId;
}

/** A user's display name, or the id when unknown. */
export function userName(source: ReportSource, userId: string | null): string | null {
  if (userId === null) return null;
  return source.users.find((user) => user.id === userId)?.name ?? userId;
}

/** `part / whole`, or 0 when the whole is 0. */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** Relative change `(now − before) / before`; `null` when there was nothing before. */
export function change(now: number, before: number): number | null {
  return before === 0 ? null : (now - before) / before;
}

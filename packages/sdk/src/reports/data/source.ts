import type { Complaint } from '../../domain/complaint.js';
import type { Contact } from '../../domain/contact.js';
import type { Interaction } from '../../domain/interaction.js';
import type { User } from '../../domain/user.js';
import type { MonthlyAggregate } from '../../metrics/aggregate.js';
import { defaultPolicies, type PortfolioPolicies } from '../../portfolio/policies.js';
import { type PortfolioRun, runPortfolio } from '../../portfolio/run-portfolio.js';
import type { MonthlyPaymentTotal, Store } from '../../store/port.js';
import type { TierOfAccount } from '../../tiering/history.js';
import { addMonths, DEFAULT_TIME_ZONE } from '../../time/calendar.js';

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
 * history, or from a run of that month when none is stored.
 *
 * @example
 * ```ts
 * const source = await loadReportSource({ store, asOf: '2026-10' });
 * const analysis = buildPortfolioAnalysis(source);
 * ```
 */
export async function loadReportSource(options: LoadReportSourceOptions): Promise<ReportSource> {
  const { store, asOf } = options;
  const policies = options.policies ?? defaultPolicies();
  const previousMonth = addMonths(asOf, -1);
  const [run, aggregates, payments, interactions, complaints, users, stored, allContacts] = await Promise.all(
    [
      runPortfolio({ store, policies, asOf, save: false }),
      store.aggregate({ toMonth: asOf }),
      store.paymentTotals({ toMonth: asOf }),
      store.listInteractions(),
      store.listComplaints(),
      store.listUsers(),
      store.listTierAssignments({ period: previousMonth, policyId: policies.tiers.id }),
      store.listContacts(),
    ],
  );
  // Every contact in one read, kept in the run's account order (as one read per account gave them).
  const contactsOf = new Map<string, Contact[]>();
  for (const contact of allContacts) {
    const list = contactsOf.get(contact.accountId);
    if (list) list.push(contact);
    else contactsOf.set(contact.accountId, [contact]);
  }
  const contacts = run.accounts.flatMap((account) => contactsOf.get(account.id) ?? []);
  const previousTiers =
    stored.length > 0
      ? stored.map((row) => ({ accountId: row.accountId, tier: row.tier }))
      : (await runPortfolio({ store, policies, asOf: previousMonth, save: false })).tiers.map((row) => ({
          accountId: row.accountId,
          tier: row.tier,
        }));
  return {
    run,
    policies,
    aggregates,
    payments,
    interactions,
    contacts,
    complaints,
    users,
    previousTiers,
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
  };
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

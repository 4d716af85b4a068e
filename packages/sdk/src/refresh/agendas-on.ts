/**
 * The due list on any day, from the stored results: the month's tiers are
 * read by index and only the service cadence is applied on the day — the
 * figures, scores and tiers of the portfolio are not recomputed.
 *
 * @module
 */
import { dueActions, type OwnerAgenda } from '../cadence/due-actions.js';
import { withContractFlags } from '../contracts/contract.js';
import type { Contact } from '../domain/contact.js';
import type { PortfolioPolicies } from '../portfolio/policies.js';
import { policyFingerprint } from '../results/fingerprint.js';
import { type Freshness, monthFreshness } from '../results/freshness.js';
import type { Store } from '../store/port.js';
import { planFilings } from '../tasks/task.js';

/** Options of {@link agendasOn}. */
export interface AgendasOnOptions {
  store: Store;
  policies: PortfolioPolicies;
  /** The month whose tiers the cadence applies (usually the last complete month with data at `date`). */
  month: string;
  /** The day the list is for, `YYYY-MM-DD`. */
  date: string;
  /**
   * Only these accounts (a reader's own or visible ones): their rows, their
   * interactions and contracts are read by index, nothing of the others.
   * Default: every account.
   */
  accountIds?: readonly string[];
  /** The organisation's time zone (default Asia/Shanghai), for a first computation of the month. */
  timeZone?: string;
  /**
   * For the whole portfolio: when the day's stored agendas are older than
   * the data (a visit recorded since), answer from them and say so
   * (`staleSince`) instead of computing them again now — for a bot,
   * which refreshes them off the request path. Default false: compute.
   */
  acceptStale?: boolean;
}

/** What {@link agendasOn} returns. */
export interface AgendasOn {
  /** Per owner, the overdue, due and upcoming service actions on the day. */
  agendas: OwnerAgenda[];
  /** The month's stored results the tiers were read from (stale ones say so). */
  freshness: Freshness;
  /**
   * Set when the whole portfolio's agendas were read as stored for the day
   * and the data has changed since (only with `acceptStale`): when they were
   * computed. Refresh them with another call without `acceptStale`.
   */
  staleSince?: { computedAt: string };
}

/**
 * Every owner's service agenda on `date`: the same actions a portfolio run
 * for `month` judged on that day would list (`runPortfolio(...).agendas`),
 * from the month's stored tiers (computed once when the month has none) and
 * the interactions, contracts, weekly plan filings and (for birthday rules)
 * contacts read by index. On the
 * day the month's results were computed for, the stored agendas themselves.
 * The whole portfolio's agendas of another day are computed once per day and
 * data generation and stored beside the month (`store.results.putDayAgendas`),
 * so the next reader of that day reads one row.
 *
 * @example
 * ```ts
 * const { agendas } = await agendasOn({ store, policies, month: '2026-10', date: '2026-11-05' });
 * ```
 */
export async function agendasOn(options: AgendasOnOptions): Promise<AgendasOn> {
  const { store, policies, month, date, accountIds } = options;
  let freshness = await monthFreshness(store, month, policies);
  if (freshness === undefined || freshness.policiesChanged) {
    // The engine is loaded only when the month has to be computed first.
    const { ensureMonthResults } = await import('./ensure-month.js');
    freshness = await ensureMonthResults({
      store,
      policies,
      month,
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    });
  }
  if (accountIds === undefined) {
    if (freshness.meta.today === date) {
      const stored = await store.results.getAgendas(month);
      if (stored !== undefined) return { agendas: stored, freshness };
    }
    // Read before the inputs: a write landing meanwhile leaves what is stored older than the data.
    const [generation, stored] = await Promise.all([
      store.results.dataGeneration(),
      store.results.getDayAgendas(month),
    ]);
    const fingerprint = policyFingerprint(policies);
    if (stored !== undefined && stored.day === date && stored.policyFingerprint === fingerprint) {
      if (stored.dataGeneration === generation) return { agendas: stored.agendas, freshness };
      if (options.acceptStale)
        return { agendas: stored.agendas, freshness, staleSince: { computedAt: stored.computedAt } };
    }
    const agendas = await computeAgendas(options);
    await store.results.putDayAgendas(month, {
      day: date,
      dataGeneration: generation,
      policyFingerprint: fingerprint,
      computedAt: new Date().toISOString(),
      agendas,
    });
    return { agendas, freshness };
  }
  if (accountIds.length === 0) return { agendas: [], freshness };
  return { agendas: await computeAgendas(options), freshness };
}

/** The cadence applied on the day to the stored tiers of the accounts in view (all when none are named). */
async function computeAgendas(options: AgendasOnOptions): Promise<OwnerAgenda[]> {
  const { store, policies, month, date, accountIds } = options;
  const scope = accountIds === undefined ? undefined : [...accountIds];
  const [listed, tiers, interactions, contracts] = await Promise.all([
    store.listAccounts(scope === undefined ? {} : { ids: scope }),
    store.results.listTiers(month, scope),
    store.listInteractions(scope === undefined ? {} : { accountIds: scope }),
    store.listContracts(scope === undefined ? {} : { accountIds: scope }),
  ]);
  // The weekly visit plans filed by the owners in view settle their weekly duty.
  const owners = [
    ...new Set(listed.flatMap((account) => [account.ownerA, account.ownerB].filter((id) => id != null))),
  ] as string[];
  const [tasks, contacts] = await Promise.all([
    store.listTasks(scope === undefined ? {} : { assigneeIds: owners }),
    contactsFor(store, policies, scope),
  ]);
  return dueActions({
    policy: policies.service,
    // As a run does: a contract in force on the day gives the account the `agreement` flag.
    accounts: withContractFlags(listed, contracts, date),
    tierOf: (accountId) => tiers.get(accountId) ?? null,
    interactions,
    today: date,
    filings: planFilings(tasks, policies.service),
    contacts,
  });
}

/** The contacts a birthday rule needs (none when the policy has no such rule): of the accounts in view only. */
async function contactsFor(
  store: Store,
  policies: PortfolioPolicies,
  scope: readonly string[] | undefined,
): Promise<Contact[]> {
  const birthdays = policies.service.rules.some(
    (rule) => rule.kind === 'key-date' && rule.dates.includes('birthday'),
  );
  if (!birthdays) return [];
  if (scope === undefined) return store.listContacts();
  // A few accounts are read one by one (by index); a large view in one read, kept to the view.
  if (scope.length <= 50) return (await Promise.all(scope.map((id) => store.listContacts(id)))).flat();
  const inView = new Set(scope);
  return (await store.listContacts()).filter((contact) => inView.has(contact.accountId));
}

import type { AccessPolicy } from '../access/permissions.js';
import { type ScopedStore, scopeStore } from '../access/scoped-store.js';
import type { User } from '../domain/user.js';
import { defaultPolicies, type PortfolioPolicies } from '../portfolio/policies.js';
import { type PortfolioRun, runPortfolio } from '../portfolio/run-portfolio.js';
import { type OpenStoreOptions, openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';

/** Options for {@link createKam}. */
export interface CreateKamOptions {
  /** The store; default: {@link openStore} (a server when `KAMKIT_DATABASE_URL` is set, else PGlite in `.kamkit/db`). */
  store?: Store;
  /** Where to open the store when none is given. */
  open?: OpenStoreOptions;
  /** Policies for {@link Kam.run}; default {@link defaultPolicies}. */
  policies?: PortfolioPolicies;
  /** Who may do what; default the five roles of the seeds. */
  accessPolicy?: AccessPolicy;
  /** Log every read of an account file (DOMAIN.md §9: reads are logged). */
  auditReads?: boolean;
  /** Clock for timestamps. */
  now?: () => Date;
}

/** The KAMkit facade: one store, its policies, and per-user scoped views. */
export interface Kam {
  /** The unscoped store (for system jobs and administration). */
  readonly store: Store;
  readonly policies: PortfolioPolicies;
  /**
   * A view for one user where every read and write is checked against the
   * access policy; a refused read is indistinguishable from a missing record.
   */
  as(user: User | string): ScopedStore;
  /** Run the month's pipeline (scores, tiers, alerts, due actions) and save it. */
  run(asOf: string, options?: { today?: string; actor?: string }): Promise<PortfolioRun>;
  /** Close the store — the one opened, or the one given in `options.store`. */
  close(): Promise<void>;
}

/**
 * Open KAMkit: a store (embedded by default), policies and access control.
 *
 * @example
 * ```ts
 * const kam = await createKam();
 * const li = kam.as('u-li');
 * const mine = await li.listAccounts(); // only accounts Li owns as A or B
 * await kam.run('2026-10');
 * await kam.close();
 * ```
 */
export async function createKam(options: CreateKamOptions = {}): Promise<Kam> {
  const store = options.store ?? (await openStore(options.open ?? {}));
  const policies = options.policies ?? defaultPolicies();
  return {
    store,
    policies,
    as: (user) =>
      scopeStore(store, user, {
        ...(options.accessPolicy ? { policy: options.accessPolicy } : {}),
        ...(options.now ? { now: options.now } : {}),
        ...(options.auditReads === undefined ? {} : { auditReads: options.auditReads }),
      }),
    run: (asOf, runOptions = {}) =>
      runPortfolio({
        store,
        policies,
        asOf,
        ...(runOptions.today === undefined ? {} : { today: runOptions.today }),
        ...(runOptions.actor === undefined ? {} : { actor: runOptions.actor }),
        ...(options.now ? { now: options.now } : {}),
      }),
    close: () => store.close(),
  };
}

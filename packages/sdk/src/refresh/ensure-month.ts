import type { PortfolioPolicies } from '../portfolio/policies.js';
import { type Freshness, monthFreshness } from '../results/freshness.js';
import type { ResultsMeta } from '../results/results-store.js';
import type { Store } from '../store/port.js';
import { type ComputeMonthFunction, refreshMonth } from './refresh-month.js';

/** Options of {@link ensureMonthResults}. */
export interface EnsureMonthOptions {
  store: Store;
  policies: PortfolioPolicies;
  /** `policyFingerprint(policies)`, when the caller keeps it (computed here otherwise). */
  policyFingerprint?: string;
  /**
   * The data generation as the caller just read it (a chat turn reads it
   * once for all its checks); the first look at the month compares against
   * it instead of reading it again.
   */
  dataGeneration?: number;
  /**
   * The month's meta as the caller just read it (`{ meta: undefined }`:
   * nothing stored), e.g. with an account's row
   * (`results.getAccountMonthWithMeta`); the first look uses it.
   */
  known?: { meta: ResultsMeta | undefined };
  /** The month `YYYY-MM`. */
  month: string;
  /** The organisation's time zone (default Asia/Shanghai). */
  timeZone?: string;
  /** Where a first computation runs (default: in this thread). */
  compute?: ComputeMonthFunction;
  /** How long to wait between looks while another process computes the month (default 250 ms). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A month's stored results, computed once when none exist yet or when they
 * were computed with other policies (or waited for when another process is
 * computing them). Results made stale by later writes are returned as they
 * are — with `stale: true` — for the reader to say so; refreshing them is the
 * refresh job's work.
 *
 * @example
 * ```ts
 * const freshness = await ensureMonthResults({ store, policies, month: '2026-10' });
 * const row = await store.results.getAccountMonth('2026-10', 'acc-001');
 * ```
 */
export async function ensureMonthResults(options: EnsureMonthOptions): Promise<Freshness> {
  const { store, policies, month } = options;
  let known = options.known;
  for (let generation = options.dataGeneration; ; generation = undefined, known = undefined) {
    const freshness = await monthFreshness(
      store,
      month,
      policies,
      options.policyFingerprint,
      generation,
      known,
    );
    // Results of other policies are not an older answer but another one: computed again now.
    if (freshness !== undefined && !freshness.policiesChanged) return freshness;
    const outcome = await refreshMonth({
      store,
      policies,
      month,
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      ...(options.compute === undefined ? {} : { compute: options.compute }),
    });
    if (outcome.status === 'busy') await sleep(options.pollMs ?? 250);
  }
}

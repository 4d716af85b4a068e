import type { PortfolioPolicies } from '../portfolio/policies.js';
import { type ReportInputs, readReportInputs } from '../reports/data/source.js';
import {
  type ComputedMonth,
  type ComputeMonthOptions,
  prepareMonth,
  type SerialisedComputedAccount,
  type SerialisedComputedMonth,
} from '../results/compute-month.js';
import { policyFingerprint } from '../results/fingerprint.js';
import type { ResultsMeta, ResultsStore } from '../results/results-store.js';
import { type SaveMonthOptions, saveMonth } from '../results/save-month.js';
import type { Store } from '../store/port.js';
import { lastDayOfMonth } from '../time/calendar.js';
import { packedAccountSlices, unpackAccountRows } from './packed-rows.js';

/** Options a {@link ComputeMonthFunction} is called with. */
export interface ComputeMonthFunctionOptions extends ComputeMonthOptions {
  /**
   * The month's scores will be recorded ({@link SaveMonthOptions.record}): a
   * compute that serialises the account rows keeps each row's score as an
   * object too.
   */
  record?: boolean;
}

/**
 * Computes a month from its inputs: in this thread by default
 * ({@link prepareMonth}, the account rows serialised and packed a slice at a
 * time), or in a worker thread (`createWorkerCompute`), which answers the
 * same way ({@link SerialisedComputedMonth}) so that receiving the rows costs
 * the asking thread little. A plain {@link ComputedMonth} is accepted too.
 */
export type ComputeMonthFunction = (
  inputs: ReportInputs,
  policies: PortfolioPolicies,
  options: ComputeMonthFunctionOptions,
) => Promise<ComputedMonth | SerialisedComputedMonth>;

/** Options of {@link refreshMonth}. */
export interface RefreshMonthOptions {
  store: Store;
  policies: PortfolioPolicies;
  /** The month `YYYY-MM`. */
  month: string;
  /** The day due actions and overrides are judged on; default the month's last day. */
  today?: string;
  /** The organisation's time zone (default Asia/Shanghai). */
  timeZone?: string;
  /** Where the computation runs (default: in this thread). */
  compute?: ComputeMonthFunction;
  /** Clock for the results' `computedAt`. */
  now?: () => Date;
  /** Also record the tier history and scores ({@link SaveMonthOptions.record}); default false. */
  record?: boolean;
}

/** What {@link refreshMonth} did. */
export type RefreshOutcome =
  | { status: 'computed'; meta: ResultsMeta; accounts: number }
  /** Another process or replica is running the month right now. */
  | { status: 'busy' };

/**
 * Rows per slice when computing in this thread: each slice's rows are built,
 * serialised and packed into bytes before the next is built, as the worker
 * thread does, so a 100,000-account month never holds every row as objects.
 */
const SLICE = 250;

const inThisThread: ComputeMonthFunction = async (inputs, policies, { record, ...options }) => {
  const prepared = prepareMonth(inputs, policies, options);
  const { accountCount: _count, accountRow: _row, tierHistory, ...month } = prepared;
  const accounts: SerialisedComputedAccount[] = [];
  for (const slice of packedAccountSlices(prepared, { keepScores: record === true, slice: SLICE }))
    for (const row of unpackAccountRows(slice)) accounts.push(row);
  // The tier history is recorded only by a run that records the month.
  return { ...month, accounts, tierHistory: record === true ? tierHistory() : [] };
};

/**
 * Run a month: claim it (once across processes and replicas), read its
 * inputs, compute ({@link prepareMonth} and each account's row, pure), and store the results with
 * {@link saveMonth} in one transaction, tagged with the policy fingerprint
 * and the data generation read *before* the inputs — so a write that lands
 * while the month is computed leaves the results stale, never wrongly fresh.
 * Afterwards the change log is compacted
 * ({@link ResultsStore.compactDataChanges}), so it never grows without bound.
 *
 * @example
 * ```ts
 * const outcome = await refreshMonth({ store, policies: defaultPolicies(), month: '2026-10' });
 * if (outcome.status === 'computed') console.log(outcome.meta.dataGeneration);
 * ```
 */
export async function refreshMonth(options: RefreshMonthOptions): Promise<RefreshOutcome> {
  const { store, policies, month } = options;
  const now = options.now ?? (() => new Date());
  const compute = options.compute ?? inThisThread;
  const claim = await store.results.claimMonth(month, async () => {
    const dataGeneration = await store.results.dataGeneration();
    // No variable holds the inputs: once a worker has them, this thread's copy can be collected.
    const computed = await compute(
      await readReportInputs(store, { asOf: month, today: options.today ?? lastDayOfMonth(month), policies }),
      policies,
      {
        ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
        record: options.record === true,
      },
    );
    const meta = {
      policyFingerprint: policyFingerprint(policies),
      dataGeneration,
      computedAt: now().toISOString(),
    };
    await saveMonth(store, computed, meta, { record: options.record === true });
    // The change log's rows before this run are consumed: fold them into the counter (generation unchanged).
    await store.results.compactDataChanges();
    return {
      status: 'computed' as const,
      meta: { ...meta, month, today: computed.today, accountCount: computed.accounts.length },
      accounts: computed.accounts.length,
    };
  });
  return claim.claimed ? claim.value : { status: 'busy' };
}

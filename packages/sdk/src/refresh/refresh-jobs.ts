import type { PortfolioPolicies } from '../portfolio/policies.js';
import { monthFreshness } from '../results/freshness.js';
import type { Store } from '../store/port.js';
import { type ComputeMonthFunction, type RefreshOutcome, refreshMonth } from './refresh-month.js';
import { createWorkerCompute } from './worker-compute.js';

/** What the refresh jobs run over: the pieces of a runtime they need. */
export interface RefreshRuntime {
  store: Store;
  policies: PortfolioPolicies;
  /** The organisation's time zone (default Asia/Shanghai). */
  timeZone?: string;
}

/** Options of {@link startRefreshJobs}. */
export interface RefreshJobsOptions {
  /** Quiet time after the last data change before a refresh starts (default 2 s). */
  debounceMs?: number;
  /** How often the data generation is looked at, for writes by other processes (default 5 s). */
  pollMs?: number;
  /** How many of the newest stored months are kept fresh (default 3); months asked for with `request` always are. */
  months?: number;
  /**
   * Where months are computed: default a worker thread per refresh
   * ({@link createWorkerCompute}), falling back to this thread when the built
   * worker script is not available.
   */
  compute?: ComputeMonthFunction;
  /** Called with each finished refresh. */
  onRefreshed?: (month: string, outcome: RefreshOutcome) => void;
  /** Called when a refresh fails (default `console.error`); the next change or poll tries again. */
  onError?: (error: unknown, month: string) => void;
}

/** The running refresh jobs; see {@link startRefreshJobs}. */
export interface RefreshJobs {
  /**
   * Keep `month` fresh and look at it now (debounced): a reader that found
   * stale or missing results calls it. Months requested join the kept set.
   */
  request(month: string): void;
  /** A write just happened in this process: refresh after the quiet time, without waiting for the poll. */
  changed(): void;
  /** Resolves when no refresh is pending or running. */
  idle(): Promise<void>;
  /** Stop the timers and wait for a running refresh to finish. */
  stop(): Promise<void>;
}

/**
 * Start the debounced refresh of stored results for a long-running process
 * (`kamkit serve`, the bots). Every `pollMs` it reads the data generation (one
 * small query); after a change and `debounceMs` of quiet it recomputes the
 * stale months among the newest stored ones and those requested, oldest
 * first (a month's tier history feeds the next), each claimed once across
 * replicas and computed in a worker thread, so the process's event loop keeps
 * answering. Timers are unref'd: they never keep a process alive.
 *
 * @example
 * ```ts
 * const jobs = startRefreshJobs({ store, policies });
 * jobs.request('2026-10');
 * // … on shutdown
 * await jobs.stop();
 * ```
 */
export function startRefreshJobs(runtime: RefreshRuntime, options: RefreshJobsOptions = {}): RefreshJobs {
  const { store, policies } = runtime;
  const debounceMs = options.debounceMs ?? 2000;
  const pollMs = options.pollMs ?? 5000;
  const keepNewest = options.months ?? 3;
  const compute = options.compute ?? createWorkerCompute();
  const onError =
    options.onError ??
    ((error: unknown, month: string) =>
      console.error(`KAMkit: refreshing the results of ${month} failed`, error));
  const requested = new Set<string>();
  let lastGeneration: number | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const waiters: (() => void)[] = [];

  const settleIfIdle = () => {
    if (debounce === undefined && running === undefined) for (const wake of waiters.splice(0)) wake();
  };

  async function refreshStale(): Promise<void> {
    const stored = await store.results.listMonths();
    const months = new Set([...stored.slice(0, keepNewest).map((meta) => meta.month), ...requested]);
    for (const month of [...months].sort()) {
      if (stopped) return;
      try {
        const freshness = await monthFreshness(store, month, policies);
        if (freshness !== undefined && !freshness.stale) continue;
        const outcome = await refreshMonth({
          store,
          policies,
          month,
          ...(runtime.timeZone === undefined ? {} : { timeZone: runtime.timeZone }),
          ...(compute === undefined ? {} : { compute }),
        });
        options.onRefreshed?.(month, outcome);
      } catch (error) {
        onError(error, month);
      }
    }
  }

  function run(): void {
    debounce = undefined;
    if (running) {
      again = true;
      return;
    }
    running = refreshStale()
      .catch((error: unknown) => onError(error, '*'))
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          run();
        } else settleIfIdle();
      });
  }

  function schedule(): void {
    if (stopped) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(run, debounceMs);
    debounce.unref();
  }

  async function poll(): Promise<void> {
    try {
      const generation = await store.results.dataGeneration();
      if (lastGeneration !== undefined && generation !== lastGeneration) schedule();
      lastGeneration = generation;
    } catch (error) {
      onError(error, '*');
    }
  }

  const poller = setInterval(() => void poll(), pollMs);
  poller.unref();
  void poll();
  schedule(); // a first look at the kept months: anything stale since the last start is refreshed

  return {
    request(month) {
      requested.add(month);
      schedule();
    },
    changed() {
      schedule();
    },
    idle() {
      if (debounce === undefined && running === undefined) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async stop() {
      stopped = true;
      clearInterval(poller);
      if (debounce) clearTimeout(debounce);
      debounce = undefined;
      await running;
      settleIfIdle();
    },
  };
}

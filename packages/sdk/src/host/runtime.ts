/**
 * The one composition root: `createKamRuntime()` reads the configuration
 * (`kamkit.config.*`), opens the store it names, and builds from them what
 * every channel needs — the configured policies, the 360° engine, the chat
 * engine's options, the scheduler — so the CLI, both bots and `kamkit serve`
 * answer with the same policies.
 *
 * @module
 */
import type { ChatEngineOptions } from '../chat/engine.js';
import { type LoadConfigOptions, loadConfig, type ResolvedConfig } from '../config/load-config.js';
import type { PortfolioPolicies } from '../portfolio/policies.js';
import { type RefreshJobs, type RefreshJobsOptions, startRefreshJobs } from '../refresh/refresh-jobs.js';
import { createReview360Engine, type Review360Engine } from '../review360/engine.js';
import { createMemoryReviewRepository, type ReviewRepository } from '../review360/repository.js';
import { createSqlReviewRepository } from '../review360/sql-repository.js';
import { createScheduler, type Job, type Scheduler, type SchedulerOptions } from '../scheduler/scheduler.js';
import { openStore, resolveStoreTarget } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { hostEmbeddedStore, type StoreHost } from './store-host.js';
import type { SocketEvent } from './store-socket.js';

/**
 * Work that runs beside the channels for as long as the runtime lives (a
 * refresh queue, a watcher…): started by {@link KamRuntime.startBackground},
 * stopped — and awaited — before the store closes.
 */
export interface BackgroundJob {
  /** A short name for logs. */
  readonly name: string;
  /** Start; returns the function that stops it and resolves when its in-flight work is done. */
  start(runtime: KamRuntime): () => Promise<void> | void;
}

/** Everything a KAMkit process runs on, built once from the configuration. */
export interface KamRuntime {
  /** The resolved configuration. */
  readonly config: ResolvedConfig;
  /** The store the configuration names (or the one given). */
  readonly store: Store;
  /**
   * Which store: `memory`; `embedded` (this process owns the folder);
   * `embedded-shared` (owned and shared on a socket, `kamkit serve`);
   * `embedded-client` (through `kamkit serve`'s socket); `server` (PostgreSQL).
   */
  readonly storeKind: 'memory' | 'embedded' | 'embedded-shared' | 'embedded-client' | 'server';
  /** The configured policies (tiers, scoring, admission, service, alerts, complaints, surveys). */
  readonly policies: PortfolioPolicies;
  /** The 360° engine and its repository, on the store, with the configured competency models. */
  readonly review: { engine: Review360Engine; repository: ReviewRepository };
  /** The socket path when this runtime shares an embedded store (`host: true`). */
  readonly socketPath: string | undefined;
  /**
   * Options for `createChatEngine` (store, review, policies, time zone, and
   * the refresh jobs once started) — every channel's.
   */
  chatOptions(): Pick<ChatEngineOptions, 'store' | 'review' | 'policies' | 'timeZone' | 'refresh'>;
  /**
   * Start, once, the debounced refresh of the stored results
   * (`startRefreshJobs`) for this long-running process: after writes —
   * this process's or another's on the same database — the stale months are
   * computed again off the request path, each claimed once across replicas.
   * From then on {@link KamRuntime.chatOptions} carries them, so a chat
   * engine asks them for a stale month instead of refreshing it itself.
   * Stopped by {@link KamRuntime.close}; a second call returns the same jobs.
   */
  startRefreshJobs(options?: RefreshJobsOptions): RefreshJobs;
  /** A scheduler over the store, in the organisation's time zone, for these jobs. */
  scheduler(jobs: readonly Job[], options?: Pick<SchedulerOptions, 'onError' | 'now' | 'leaseMs'>): Scheduler;
  /** Start a background job; it is stopped (and awaited) by {@link KamRuntime.close}. */
  startBackground(job: BackgroundJob): void;
  /** Stop background jobs, then close the store (and the socket and lock when hosting). Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link createKamRuntime}. */
export interface KamRuntimeOptions {
  /** An already-resolved configuration (default: {@link loadConfig} with `load`). */
  config?: ResolvedConfig;
  /** How to find the configuration when `config` is not given. */
  load?: LoadConfigOptions;
  /** A store to use instead of the configured one (the runtime does not close it). */
  store?: Store;
  /**
   * Own and share the configured embedded folder (`kamkit serve`): take its
   * lock (refusing a folder another process owns), and serve it to local
   * processes on a Unix socket. Ignored for a server or memory store.
   */
  host?: boolean;
  /** Told of each socket connection when hosting. */
  onSocketEvent?: (event: SocketEvent) => void;
}

/**
 * Build the runtime: configuration, store, policies, 360° engine, chat
 * options and scheduler, in one place.
 *
 * @throws KamError `INVALID_CONFIG` / `NOT_FOUND` from the configuration;
 *   `STORAGE` when the store cannot be opened; `CONFLICT` (`StoreOwnedError`)
 *   when another process owns the embedded folder and shares no socket, or
 *   when hosting a folder someone else owns.
 * @example
 * ```ts
 * import { createKamRuntime, createChatEngine } from '@kamkit/sdk';
 *
 * const runtime = await createKamRuntime();            // ./kamkit.config.yaml, if any
 * const chat = createChatEngine(runtime.chatOptions()); // the configured policies
 * await runtime.close();
 * ```
 */
export async function createKamRuntime(options: KamRuntimeOptions = {}): Promise<KamRuntime> {
  const config = options.config ?? (await loadConfig(options.load));
  const opened = await openConfiguredStore(config, options);
  const { store, host } = opened;
  const repository: ReviewRepository = store.sql
    ? createSqlReviewRepository(store.sql)
    : createMemoryReviewRepository();
  const review = {
    engine: createReview360Engine({
      repository,
      store,
      models: config.review360.models,
      surveys: config.policies.surveys,
      timeZone: config.timeZone,
    }),
    repository,
  };
  const stops: Array<{ name: string; stop: () => Promise<void> | void }> = [];
  let closing: Promise<void> | undefined;
  let refresh: RefreshJobs | undefined;
  const runtime: KamRuntime = {
    config,
    store,
    storeKind: opened.kind,
    policies: config.policies,
    review,
    socketPath: host?.socketPath,
    chatOptions: () => ({
      store,
      review,
      policies: config.policies,
      timeZone: config.timeZone,
      ...(refresh === undefined ? {} : { refresh }),
    }),
    startRefreshJobs(refreshOptions = {}) {
      if (refresh === undefined) {
        const jobs = startRefreshJobs(
          { store, policies: config.policies, timeZone: config.timeZone },
          refreshOptions,
        );
        refresh = jobs;
        runtime.startBackground({ name: 'refresh', start: () => () => jobs.stop() });
      }
      return refresh;
    },
    scheduler: (jobs, schedulerOptions = {}) =>
      createScheduler({ store, jobs, timeZone: config.timeZone, ...schedulerOptions }),
    startBackground(job) {
      if (closing) return;
      stops.push({ name: job.name, stop: job.start(runtime) });
    },
    close() {
      closing ??= (async () => {
        try {
          await Promise.allSettled(stops.reverse().map((entry) => entry.stop()));
        } finally {
          if (host) await host.close();
          else if (options.store === undefined) await store.close();
        }
      })();
      return closing;
    },
  };
  return runtime;
}

async function openConfiguredStore(
  config: ResolvedConfig,
  options: KamRuntimeOptions,
): Promise<{ store: Store; host?: StoreHost; kind: KamRuntime['storeKind'] }> {
  if (options.store)
    return { store: options.store, kind: options.store.kind === 'memory' ? 'memory' : 'server' };
  const target = resolveStoreTarget(config.database, {});
  if (target.kind === 'memory') return { store: await openStore(config.database), kind: 'memory' };
  if (target.kind === 'server') return { store: await openStore(config.database), kind: 'server' };
  if (options.host && !target.dataDir.startsWith('memory://')) {
    const host = await hostEmbeddedStore({
      dataDir: target.dataDir,
      ...(options.onSocketEvent ? { onSocketEvent: options.onSocketEvent } : {}),
    });
    return { store: host.store, host, kind: 'embedded-shared' };
  }
  const store = await openStore(config.database);
  const engine = (store.sql as { engine?: string } | undefined)?.engine;
  return { store, kind: engine === 'pg' ? 'embedded-client' : 'embedded' };
}

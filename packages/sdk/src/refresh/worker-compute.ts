import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { type AggregateColumns, toAggregateColumns } from '../metrics/aggregate-columns.js';
import type { PortfolioPolicies } from '../portfolio/policies.js';
import type { ReportInputs } from '../reports/data/source.js';
import type { SerialisedComputedMonth } from '../results/compute-month.js';
import { isPartMessage, type PartSizes, PartsReceiver, postInParts } from './message-parts.js';
import { packAggregateColumns } from './packed-aggregates.js';
import { type PackedAccountRow, unpackAccountRows } from './packed-rows.js';
import type { ComputeMonthFunction, ComputeMonthFunctionOptions } from './refresh-month.js';

/**
 * What the worker thread is sent after the month's inputs (posted in parts,
 * `postInParts`): start computing.
 */
export interface ComputeRequest {
  kind: 'compute';
  policies: PortfolioPolicies;
  /** The computation's options; `record` keeps each row's score as an object. */
  options: ComputeMonthFunctionOptions;
}

/** The asking thread has received a part of the results: the worker may post the next. */
export interface PartReceived {
  kind: 'ack';
}

/** What the worker thread answers when the computation failed (results come in parts instead). */
export interface ComputeFailure {
  kind: 'failed';
  message: string;
}

/**
 * The month's inputs' array fields posted in slices of this many items, with
 * a turn of the asking thread's loop between slices (one message of a
 * 10,000-account month's inputs held it ~2 s).
 */
const INPUT_PARTS: PartSizes = {
  history: 10_000,
  accounts: 2_000,
  interactions: 5_000,
  contacts: 5_000,
  alerts: 5_000,
  payments: 20_000,
};

/**
 * The results' array fields posted in slices of this many items, each once
 * the asking thread acknowledged the one before: the account rows are JSON
 * texts ({@link SerialisedComputedMonth}), ~7.5 KB each, a slice's texts
 * packed into one byte array (`packed-rows.ts`).
 */
export const RESULT_PARTS = { accounts: 250, tierHistory: 1_000, agendas: 20 } as const satisfies PartSizes;

const turnOfTheLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The built worker script, next to this module's build output
 * (`dist/refresh/compute-worker.js`); `undefined` when running from the
 * TypeScript sources (tests), where no built script exists.
 */
export function computeWorkerScript(): URL | undefined {
  for (const candidate of [
    './refresh/compute-worker.js',
    '../refresh/compute-worker.js',
    './compute-worker.js',
  ]) {
    const url = new URL(candidate, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/**
 * A {@link ComputeMonthFunction} that computes each month in a fresh worker
 * thread (`node:worker_threads`), so the event loop of the process that asks
 * — a bot answering messages — is never blocked by the computation. The
 * thread ends when the month is computed. The inputs go and the results
 * come back in parts (`postInParts`), so no one message holds the
 * asking thread's loop long, and the account rows come serialised
 * ({@link SerialisedComputedMonth}), which `saveMonth` stores without parsing. `undefined` when the built worker
 * script cannot be found (running from sources); callers then compute in
 * their own thread.
 *
 * @example
 * ```ts
 * const compute = createWorkerCompute();
 * await refreshMonth({ store, policies, month: '2026-10', ...(compute ? { compute } : {}) });
 * ```
 */
export function createWorkerCompute(
  script: URL | undefined = computeWorkerScript(),
): ComputeMonthFunction | undefined {
  if (script === undefined) return undefined;
  return (inputs: ReportInputs, policies: PortfolioPolicies, options: ComputeMonthFunctionOptions) => {
    // The inputs are the asking thread's largest heap: held only by the posting, which lets go when done.
    // The aggregates go as columns with their texts packed (`packed-aggregates.ts`).
    let unposted: ReportInputs | undefined = {
      ...inputs,
      aggregates: packAggregateColumns(toAggregateColumns(inputs.aggregates)) as unknown as AggregateColumns,
    };
    return inWorker(script, inputs.asOf, (worker) => {
      const posting = postInParts(worker, unposted as ReportInputs, INPUT_PARTS, turnOfTheLoop);
      unposted = undefined;
      return posting.then(() =>
        worker.postMessage({ kind: 'compute', policies, options } satisfies ComputeRequest),
      );
    });
  };
}

/**
 * Run one month's computation in a fresh worker thread: `post` sends it the
 * inputs and the request; the results come back in parts.
 */
function inWorker(
  script: URL,
  month: string,
  post: (worker: Worker) => Promise<void>,
): Promise<SerialisedComputedMonth> {
  return new Promise<SerialisedComputedMonth>((resolve, reject) => {
    const worker = new Worker(script);
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      done();
      void worker.terminate();
    };
    const results = new PartsReceiver<SerialisedComputedMonth>();
    worker.on('message', (message: unknown) => {
      if (isPartMessage(message)) {
        worker.postMessage({ kind: 'ack' } satisfies PartReceived);
        const computed = results.accept(
          message.kind === 'part' && message.field === 'accounts'
            ? { ...message, items: unpackAccountRows(message.items as PackedAccountRow[]) }
            : message,
        );
        if (computed !== undefined) settle(() => resolve(computed));
        return;
      }
      const failure = message as ComputeFailure;
      settle(() =>
        reject(
          new KamError({
            code: KAM_ERROR_CODES.INVALID_STATE,
            message: {
              'zh-CN': `计算 ${month} 的结果失败：${failure.message}`,
              en: `Computing the results of ${month} failed: ${failure.message}`,
            },
          }),
        ),
      );
    });
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the results worker exited with code ${code} before answering`))),
    );
    post(worker).catch((error: unknown) => settle(() => reject(error)));
  });
}

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { PortfolioPolicies } from '../portfolio/policies.js';
import type { ReportInputs } from '../reports/data/source.js';
import type { SerialisedComputedMonth } from '../results/compute-month.js';
import type { ComputeMonthFunction, ComputeMonthFunctionOptions } from './refresh-month.js';

/** What the worker thread is sent. */
export interface ComputeRequest {
  inputs: ReportInputs;
  policies: PortfolioPolicies;
  /** The computation's options; `record` keeps each row's score as an object. */
  options: ComputeMonthFunctionOptions;
}

/**
 * What the worker thread answers: the month with its account rows serialised
 * (JSON texts are cheap to post; ~10,000 row objects took the receiving
 * thread ~1.5 s to clone).
 */
export type ComputeResponse =
  | { ok: true; computed: SerialisedComputedMonth }
  | { ok: false; message: string };

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
 * thread ends when the month is computed. It answers with the account rows
 * serialised ({@link SerialisedComputedMonth}), which `saveMonth` stores
 * without parsing. `undefined` when the built worker
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
  return (inputs: ReportInputs, policies: PortfolioPolicies, options: ComputeMonthFunctionOptions) =>
    new Promise<SerialisedComputedMonth>((resolve, reject) => {
      const worker = new Worker(script);
      let settled = false;
      const settle = (done: () => void) => {
        if (settled) return;
        settled = true;
        done();
        void worker.terminate();
      };
      worker.once('message', (response: ComputeResponse) =>
        settle(() =>
          response.ok
            ? resolve(response.computed)
            : reject(
                new KamError({
                  code: KAM_ERROR_CODES.INVALID_STATE,
                  message: {
                    'zh-CN': `计算 ${inputs.asOf} 的结果失败：${response.message}`,
                    en: `Computing the results of ${inputs.asOf} failed: ${response.message}`,
                  },
                }),
              ),
        ),
      );
      worker.once('error', (error) => settle(() => reject(error)));
      worker.once('exit', (code) =>
        settle(() => reject(new Error(`the results worker exited with code ${code} before answering`))),
      );
      worker.postMessage({ inputs, policies, options } satisfies ComputeRequest);
    });
}

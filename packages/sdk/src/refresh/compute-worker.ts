/**
 * The worker thread's entry (built to `dist/refresh/compute-worker.js`):
 * receives one month's inputs, computes the month ({@link computeMonth}) and
 * posts the results back with the account rows serialised
 * ({@link serialiseComputedMonth}). Pure work only — the thread opens no store.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { computeMonth, serialiseComputedMonth } from '../results/compute-month.js';
import type { ComputeRequest, ComputeResponse } from './worker-compute.js';

parentPort?.on('message', (request: ComputeRequest) => {
  let response: ComputeResponse;
  try {
    const { record, ...options } = request.options;
    const computed = computeMonth(request.inputs, request.policies, options);
    response = { ok: true, computed: serialiseComputedMonth(computed, { keepScores: record === true }) };
  } catch (error) {
    response = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});

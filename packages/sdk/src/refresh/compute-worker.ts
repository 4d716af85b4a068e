/**
 * The worker thread's entry (built to `dist/refresh/compute-worker.js`):
 * receives one month's inputs, computes the month ({@link computeMonth}) and
 * posts the results back. Pure work only — the thread opens no store.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { computeMonth } from '../results/compute-month.js';
import type { ComputeRequest, ComputeResponse } from './worker-compute.js';

parentPort?.on('message', (request: ComputeRequest) => {
  let response: ComputeResponse;
  try {
    response = { ok: true, computed: computeMonth(request.inputs, request.policies, request.options) };
  } catch (error) {
    response = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});

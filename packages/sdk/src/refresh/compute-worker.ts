/**
 * The worker thread's entry (built to `dist/refresh/compute-worker.js`):
 * receives one month's inputs, computes the month ({@link computeMonth}) and
 * posts the results back with the account rows serialised
 * ({@link serialiseComputedMonth}) and their texts packed into bytes
 * (`packed-rows.ts`); inputs and results travel in parts
 * (`message-parts.ts`). Pure work only — the thread opens no store.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import type { ReportInputs } from '../reports/data/source.js';
import { computeMonth, serialiseComputedMonth } from '../results/compute-month.js';
import { isPartMessage, PartsReceiver, postInParts } from './message-parts.js';
import { packAccountRows } from './packed-rows.js';
import {
  type ComputeFailure,
  type ComputeRequest,
  type PartReceived,
  RESULT_PARTS,
} from './worker-compute.js';

const received = new PartsReceiver<ReportInputs>();
let inputs: ReportInputs | undefined;
/** Waiting for the asking thread to take the part posted last. */
const acknowledged: (() => void)[] = [];

parentPort?.on('message', (message: unknown) => {
  const port = parentPort!;
  if (isPartMessage(message)) {
    inputs = received.accept(message) ?? inputs;
    return;
  }
  if ((message as PartReceived).kind === 'ack') {
    acknowledged.shift()?.();
    return;
  }
  const request = message as ComputeRequest;
  try {
    if (inputs === undefined) throw new Error('no inputs were received');
    const { record, ...options } = request.options;
    const computed = serialiseComputedMonth(computeMonth(inputs, request.policies, options), {
      keepScores: record === true,
    });
    // Each part's rows carry their texts in one byte array (RESULT_PARTS.accounts rows per part).
    void postInParts(
      port,
      { ...computed, accounts: packAccountRows(computed.accounts, RESULT_PARTS.accounts) },
      RESULT_PARTS,
      () => new Promise((resolve) => acknowledged.push(resolve)),
    );
  } catch (error) {
    port.postMessage({
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
    } satisfies ComputeFailure);
  }
});

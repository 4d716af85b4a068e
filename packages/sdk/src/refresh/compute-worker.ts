/**
 * The worker thread's entry (built to `dist/refresh/compute-worker.js`):
 * receives one month's inputs, prepares the month ({@link prepareMonth}) and
 * posts the results back in parts (`message-parts.ts`): the account rows a
 * slice at a time, each slice built, serialised
 * ({@link serialiseAccountMonth}) and packed into bytes (`packed-rows.ts`)
 * only once the asking thread took the one before, so one slice's rows are
 * alive at a time, not the whole portfolio's (at 100,000 accounts those were
 * ~1.2 GB of objects and ~1.3 GB of texts); then the rest. Pure work only —
 * the thread opens no store.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import type { ReportInputs } from '../reports/data/source.js';
import { type PreparedMonth, prepareMonth } from '../results/compute-month.js';
import { isPartMessage, type PartMessage, PartsReceiver, postInParts } from './message-parts.js';
import { isPackedAggregateColumns, unpackAggregateColumns } from './packed-aggregates.js';
import { packedAccountSlices } from './packed-rows.js';
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
    const whole = received.accept(message);
    if (whole !== undefined) {
      const aggregates: unknown = whole.aggregates;
      inputs = isPackedAggregateColumns(aggregates)
        ? { ...whole, aggregates: unpackAggregateColumns(aggregates) }
        : whole;
    }
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
    const prepared = prepareMonth(inputs, request.policies, options);
    inputs = undefined;
    void postResults(port, prepared, record === true).catch((error: unknown) => fail(port, error));
  } catch (error) {
    fail(port, error);
  }
});

function fail(port: NonNullable<typeof parentPort>, error: unknown): void {
  port.postMessage({
    kind: 'failed',
    message: error instanceof Error ? error.message : String(error),
  } satisfies ComputeFailure);
}

/** The asking thread's acknowledgement of the part posted last. */
const partTaken = () => new Promise<void>((resolve) => acknowledged.push(resolve));

/**
 * Post the month's results: the account rows in slices of
 * `RESULT_PARTS.accounts`, each built and packed just before it is posted
 * (its bytes transferred, not copied), then the rest of the month.
 */
async function postResults(
  port: NonNullable<typeof parentPort>,
  prepared: PreparedMonth,
  keepScores: boolean,
): Promise<void> {
  const { accountCount: _count, accountRow: _row, tierHistory, ...rest } = prepared;
  for (const items of packedAccountSlices(prepared, { keepScores, slice: RESULT_PARTS.accounts })) {
    const bytes = items[0]?.packed.bytes.buffer;
    port.postMessage(
      { kind: 'part', field: 'accounts', items } satisfies PartMessage,
      bytes instanceof ArrayBuffer ? [bytes] : [],
    );
    await partTaken();
  }
  // The tier history is recorded only by a run that records the month (keepScores).
  await postInParts(
    port,
    { ...rest, accounts: [], tierHistory: keepScores ? tierHistory() : [] },
    RESULT_PARTS,
    partTaken,
  );
}

/**
 * Child-process entry point: runs one side (`ours` or `baseline`) of one
 * scenario at one size, so each side's peak memory is its own
 * (`peakRssKb()`: VmHWM, not `maxRSS`, which Linux carries over from the
 * harness that started it). Prints one line
 * `@@result {json}` with the repetition times, peak RSS, the fingerprint
 * of the first result (what run.mjs compares between the two sides) and,
 * for scenarios that run a whole command in its own process (the run returns
 * `processMaxRssKb`), that process's peak RSS instead of this worker's; and,
 * when a run reports per-request latencies (`result.latenciesMs`) or the
 * event-loop delay of its window (`result.eventLoopDelay`), those of every
 * timed repetition. A side with `measureWindow(context)` then runs one more,
 * separately reported window after the timed repetitions (P3: while a
 * refresh of the month's results runs); its result goes out as `window`,
 * with this process's peak RSS before it.
 *
 * Usage: node --expose-gc lib/worker.mjs '<json options>'
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { peakRssKb } from './peak-rss.mjs';
import { loadScenario } from './scenarios.mjs';
import { RESULT_PREFIX } from './worker-protocol.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
const scenario = await loadScenario(options.scenario);
const side = scenario[options.side];
if (!side) throw new Error(`scenario ${options.scenario} has no side "${options.side}"`);

const sdk = options.side === 'ours' ? await import(options.sdkUrl) : undefined;
const context = await side.setup({ size: options.size, quick: options.quick, dataDir: options.dataDir, sdk });
const times = [];
/** Per timed repetition, the latencies a run reported (`result.latenciesMs`, P3's requests). */
const latencies = [];
let fingerprint;
/** Per timed repetition, the event-loop delay a run reported (`result.eventLoopDelay`). */
const eventLoop = [];
/** Peak RSS of the processes the runs started (`result.processMaxRssKb`: whole-process scenarios). */
let processMaxRssKb = 0;
const total = options.warmup + options.repetitions;
for (let repetition = 0; repetition < total; repetition++) {
  if (side.beforeEach) await side.beforeEach(context);
  globalThis.gc?.();
  const start = performance.now();
  const result = await side.run(context);
  const elapsed = performance.now() - start;
  if (repetition === 0) fingerprint = await side.fingerprint(context, result);
  if (repetition >= options.warmup) {
    times.push(elapsed);
    processMaxRssKb = Math.max(processMaxRssKb, result?.processMaxRssKb ?? 0);
    if (Array.isArray(result?.latenciesMs)) latencies.push(result.latenciesMs);
    if (result?.eventLoopDelay) eventLoop.push(result.eventLoopDelay);
  }
  if (side.afterEach) await side.afterEach(context, result);
  process.stderr.write(
    `    ${options.scenario} ${options.side} n=${options.size} rep ${repetition + 1}/${total}: ${elapsed.toFixed(1)} ms\n`,
  );
}
let window;
if (side.measureWindow) {
  const maxRssBeforeKb = peakRssKb();
  globalThis.gc?.();
  const start = performance.now();
  window = { ...(await side.measureWindow(context)), maxRssBeforeKb };
  process.stderr.write(
    `    ${options.scenario} ${options.side} n=${options.size} ${window.label}: ${(performance.now() - start).toFixed(1)} ms\n`,
  );
}
if (side.teardown) await side.teardown(context);
process.stdout.write(
  `${RESULT_PREFIX}${JSON.stringify({
    times,
    // A whole-process scenario's memory is its command's, not this worker's.
    maxRssKb: processMaxRssKb > 0 ? processMaxRssKb : peakRssKb(),
    fingerprint,
    ...(latencies.length > 0 ? { latencies } : {}),
    ...(eventLoop.length > 0 ? { eventLoop } : {}),
    ...(window ? { window } : {}),
    note: context?.note,
  })}\n`,
);

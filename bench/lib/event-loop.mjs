/**
 * The event-loop delay of the process under test (P3: the app's), measured
 * with `perf_hooks.monitorEventLoopDelay` over one window: a repetition, or
 * the window while a refresh runs.
 *
 * `monitorEventLoopDelay` fires a timer every `resolution` ms and records
 * how long each interval really took, so an idle loop records about the
 * resolution itself; the delay is what exceeds it. A loop blocked for 80 ms
 * records one sample of ~80 ms. Each window gets a histogram of its own:
 * one that is disabled and enabled again records the pause as a sample.
 *
 * @module
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How often the loop is sampled, in milliseconds (finer than the issue's ~10 ms). */
export const EVENT_LOOP_RESOLUTION_MS = 5;

/**
 * Start sampling this process's event-loop delay.
 *
 * @param {number} [resolutionMs]
 * @returns {{ stop(): { resolutionMs: number, samples: number, p50Ms: number, p99Ms: number, maxMs: number } }}
 *   `stop` ends the window and returns the delay beyond the resolution (ms) at p50, p99 and max
 */
export function watchEventLoop(resolutionMs = EVENT_LOOP_RESOLUTION_MS) {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  let summary;
  return {
    stop() {
      if (summary) return summary;
      histogram.disable();
      const delayMs = (nanoseconds) => Math.max(0, nanoseconds / 1e6 - resolutionMs);
      const samples = histogram.count;
      summary = {
        resolutionMs,
        samples,
        p50Ms: samples === 0 ? Number.NaN : delayMs(histogram.percentile(50)),
        p99Ms: samples === 0 ? Number.NaN : delayMs(histogram.percentile(99)),
        maxMs: samples === 0 ? Number.NaN : delayMs(histogram.max),
      };
      return summary;
    },
  };
}

/**
 * The event-loop delay over a side's timed repetitions: the worst
 * repetition's p99 (histograms of separate windows cannot be merged, so the
 * run's p99 is taken as the highest of its repetitions' — never lower than
 * a pooled one would be by more than the spread between repetitions), the
 * largest delay seen, the samples taken, and each repetition's p99 and max.
 *
 * @param {readonly { resolutionMs: number, samples: number, p99Ms: number, maxMs: number }[]} repetitions
 * @returns {{ resolutionMs: number, samples: number, p99Ms: number, maxMs: number, perRepetition: { p99Ms: number, maxMs: number }[] } | undefined}
 *   `undefined` for no repetitions
 */
export function summariseEventLoop(repetitions) {
  if (repetitions.length === 0) return undefined;
  return {
    resolutionMs: repetitions[0].resolutionMs,
    samples: repetitions.reduce((total, repetition) => total + repetition.samples, 0),
    p99Ms: Math.max(...repetitions.map((repetition) => repetition.p99Ms)),
    maxMs: Math.max(...repetitions.map((repetition) => repetition.maxMs)),
    perRepetition: repetitions.map(({ p99Ms, maxMs }) => ({ p99Ms, maxMs })),
  };
}

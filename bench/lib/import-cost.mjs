/**
 * Cold import cost of the SDK's entry points: each import runs in a fresh
 * Node process (nothing cached but the OS's file cache), which reports the
 * time `import()` took and the heap still in use after a full GC, minus the
 * same figures of an empty process. `@kamkit/sdk/scoring` should load none of
 * the storage, import, template or CLI dependencies; the root entry loads
 * everything but the lazily imported PGlite, pg and resvg.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { median } from './stats.mjs';

const run = promisify(execFile);

/** The entries measured: label → file under packages/sdk/dist. */
export const IMPORT_ENTRIES = {
  '@kamkit/sdk/scoring': 'scoring/index.js',
  '@kamkit/sdk/tiering': 'tiering/index.js',
  '@kamkit/sdk/errors': 'errors/index.js',
  '@kamkit/sdk': 'index.js',
};

const PROBE = `
const url = process.argv[1];
const start = performance.now();
if (url) await import(url);
const milliseconds = performance.now() - start;
globalThis.gc();
const { heapUsed, rss } = process.memoryUsage();
console.log(JSON.stringify({ milliseconds, heapUsed, rss }));
`;

async function probe(url) {
  const args = ['--expose-gc', '--input-type=module', '-e', PROBE, ...(url ? [url] : [])];
  const { stdout } = await run(process.execPath, args, { timeout: 120_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

/**
 * Measure every entry of {@link IMPORT_ENTRIES}.
 *
 * @param {{ sdkDist: string, repetitions: number }} options
 * @returns {Promise<Array<{ entry: string, medianMs: number, heapMb: number, rssMb: number }>>}
 *   median import time, and heap / RSS above an empty process (MB, medians).
 */
export async function measureImportCost({ sdkDist, repetitions }) {
  const empty = [];
  for (let index = 0; index < repetitions; index++) empty.push(await probe(undefined));
  const emptyHeap = median(empty.map((sample) => sample.heapUsed));
  const emptyRss = median(empty.map((sample) => sample.rss));
  const results = [];
  for (const [entry, file] of Object.entries(IMPORT_ENTRIES)) {
    const url = pathToFileURL(join(sdkDist, file)).href;
    const samples = [];
    for (let index = 0; index < repetitions; index++) samples.push(await probe(url));
    results.push({
      entry,
      medianMs: median(samples.map((sample) => sample.milliseconds)),
      heapMb: (median(samples.map((sample) => sample.heapUsed)) - emptyHeap) / 1e6,
      rssMb: (median(samples.map((sample) => sample.rss)) - emptyRss) / 1e6,
    });
  }
  return results;
}

/**
 * The import-cost table as text lines.
 *
 * @param {Array<{ entry: string, medianMs: number, heapMb: number, rssMb: number }>} results
 * @returns {string}
 */
export function renderImportCost(results) {
  const width = Math.max(...results.map((result) => result.entry.length));
  return [
    `${'cold import'.padEnd(width)}  median ms   heap MB    RSS MB`,
    ...results.map(
      (result) =>
        `${result.entry.padEnd(width)}  ${result.medianMs.toFixed(0).padStart(9)}  ${result.heapMb.toFixed(1).padStart(8)}  ${result.rssMb.toFixed(1).padStart(8)}`,
    ),
  ].join('\n');
}

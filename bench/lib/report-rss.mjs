/**
 * Preload for whole-process scenarios (see `process.mjs`): on exit, write this
 * process's peak RSS in KB ({@link peakRssKb}) to `KAMKIT_BENCH_RSS_FILE`.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { peakRssKb } from './peak-rss.mjs';

const file = process.env.KAMKIT_BENCH_RSS_FILE;
if (file) {
  // Only the process the harness started reports; its own children do not.
  delete process.env.KAMKIT_BENCH_RSS_FILE;
  process.on('exit', () => writeFileSync(file, String(peakRssKb())));
}

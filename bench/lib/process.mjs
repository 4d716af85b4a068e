/**
 * Whole-process runs for the scenarios that time what a user runs (a `kamkit`
 * command, a baseline's own Node program): the child's wall time, its exit
 * status, its output and its own peak RSS.
 *
 * The peak RSS comes from the child itself: a preload module
 * (`report-rss.mjs`, passed with `--import` through `NODE_OPTIONS`) writes
 * its peak RSS (`peak-rss.mjs`: VmHWM, its own, where `maxRSS` would carry
 * over the parent's) to a file when the child exits.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const PRELOAD = pathToFileURL(new URL('./report-rss.mjs', import.meta.url).pathname).href;

/**
 * Run `node <args>` to its end.
 *
 * @param {{ args: string[], cwd: string, env?: Record<string, string | undefined> }} options
 * @returns {Promise<{ elapsedMs: number, processMaxRssKb: number, stdout: string, stderr: string }>}
 * @throws when the process exits with a non-zero status (its stderr in the message)
 */
export async function runNodeProcess({ args, cwd, env = {} }) {
  const scratch = mkdtempSync(join(tmpdir(), 'kamkit-bench-rss-'));
  const rssFile = join(scratch, 'rss');
  const start = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    env: {
      ...process.env,
      ...env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PRELOAD}`.trim(),
      KAMKIT_BENCH_RSS_FILE: rssFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise((resolveExit, rejectExit) => {
    child.on('error', rejectExit);
    child.on('close', resolveExit);
  });
  const elapsedMs = performance.now() - start;
  let processMaxRssKb = 0;
  try {
    processMaxRssKb = Number(readFileSync(rssFile, 'utf8'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`);
  return { elapsedMs, processMaxRssKb, stdout, stderr };
}

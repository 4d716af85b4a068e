/**
 * P6s — P6 with `kamkit serve` running: one account's tier and status, as
 * the user runs it, as a whole command, while the team's long-running
 * process owns the store.
 *
 * Ours: the same `kamkit tier --account <id> --as-of <month> --json` as P6,
 * in its own process, in the same fixture folder, while `kamkit serve --port 0`
 * (no chat platform configured) runs there: the command finds the folder's
 * lock held by serve and reaches the store through the Unix socket serve
 * shares it on, instead of opening PGlite itself. Serve is started in setup
 * and waited for until it prints its `ready` line (untimed), and stopped with
 * SIGTERM in teardown; every timed command must have connected through its
 * socket (serve logs each connection), or the run fails.
 * Baseline: P6's — the DuckDB program in its own process.
 *
 * Peak RSS is the command's own; serve's (peak and current, from
 * /proc/<pid>/status before it stops) is in the note. Same fingerprint as P6.
 *
 * @module
 */
import { ensureResultsProject, runKamkit } from '../lib/results-fixture.mjs';
import { residentKb, startServe } from '../lib/serve-fixture.mjs';
import { AS_OF, ensureTransactionFiles } from '../lib/transactions.mjs';
import p6, { PER_ACCOUNT, pickedAccount } from './p6-tier-account.mjs';

const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** Serve's memory as the note says it: peak and current resident set in MB. */
export function serveNote({ readyMs, resident }) {
  const started = `kamkit serve ready after ${(readyMs / 1000).toFixed(1)} s (untimed)`;
  if (resident === undefined) return `${started}; its RSS not readable here`;
  const mb = (kb) => Math.round(kb / 1024);
  return `${started}; serve's peak RSS ${mb(resident.peakKb)} MB, ${mb(resident.currentKb)} MB at the end`;
}

const ours = {
  label: '`kamkit tier --account <id> --json` through `kamkit serve`',
  async setup({ size, dataDir, sdk }) {
    const { folder } = await ensureResultsProject({ sdk, dataDir, accounts: size, perAccount: PER_ACCOUNT });
    process.stderr.write(`  starting kamkit serve in ${folder}\n`);
    const serve = await startServe(folder);
    return { folder, account: pickedAccount(size), serve, note: serveNote({ readyMs: serve.readyMs }) };
  },
  beforeEach(context) {
    context.connectionsBefore = context.serve.connections();
  },
  run({ folder, account }) {
    return runKamkit(folder, ['tier', '--account', account, '--as-of', AS_OF, '--json']);
  },
  async afterEach(context) {
    // Serve logs each connection before answering it; the line may still be in the pipe.
    for (let wait = 0; wait < 20 && context.serve.connections() === context.connectionsBefore; wait++)
      await sleep(50);
    if (context.serve.connections() === context.connectionsBefore)
      throw new Error(
        'the command did not connect through kamkit serve’s socket (serve logged no connection)',
      );
  },
  fingerprint: p6.ours.fingerprint,
  async teardown(context) {
    const resident = residentKb(context.serve.pid);
    const code = await context.serve.stop();
    if (code !== 0) throw new Error(`kamkit serve exited with ${code} on SIGTERM`);
    context.note = serveNote({ readyMs: context.serve.readyMs, resident });
  },
};

export default {
  id: 'P6s',
  title:
    "One account's tier and status (`kamkit tier --account`) with `kamkit serve` running, as a whole command",
  unit: 'accounts',
  sizes: p6.sizes,
  headlineSize: p6.headlineSize,
  target: { kind: 'time', maxRatio: 1.5, text: '≤ 1.5 × DuckDB’s process, with `kamkit serve` running' },
  requires: p6.requires,
  repetitions: p6.repetitions,
  warmup: p6.warmup,
  notes: [
    'Same fixture, command and baseline as P6, but `kamkit serve --port 0` (no chat platform) runs in the folder, started before the repetitions (untimed) and stopped with SIGTERM after them: the command connects through the Unix socket serve shares the store on. Peak RSS is the command’s own; serve’s is in the note.',
  ],
  async prepare({ size, dataDir }) {
    await ensureTransactionFiles({ dataDir, accounts: size, perAccount: PER_ACCOUNT });
  },
  ours,
  baseline: p6.baseline,
  compare: p6.compare,
};

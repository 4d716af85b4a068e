#!/usr/bin/env node
/**
 * KAMkit benchmarks: each scenario and its baseline in the same run, on the
 * same deterministic data, several repetitions each, in separate child
 * processes (so each side's peak RSS is its own). Prints a table of median
 * times, ratios (ours / baseline), peak memory and time per item at each
 * size (for P3, request latencies: p50, p99 and the p99 ratio, and the app's
 * event-loop delay, also while a refresh runs); writes bench/results/latest.json and, with --write-docs, the results
 * block of docs/benchmarks.md. Then the cold import time and heap of the SDK's
 * entry points (`IMPORT`, lib/import-cost.mjs), also with --quick.
 *
 * Usage: node bench/run.mjs [--quick] [--write-docs] [--keep] [--only P1,P4,IMPORT] [--repetitions N | P5=1,P2=3]
 *                           [--sizes P2=10000/100000,P5=10000]
 *
 * Before timing, the first result of each side is fingerprinted (tier counts,
 * sums, samples) and the two are compared; a disagreement fails the run
 * (exit code 1) and that row's ratio is not printed.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { summariseEventLoop } from './lib/event-loop.mjs';
import { measureImportCost, renderImportCost } from './lib/import-cost.mjs';
import { describeMachine } from './lib/machine.mjs';
import { buildRows, renderMarkdown, renderText, replaceResultsBlock } from './lib/report.mjs';
import { loadScenario, SCENARIO_FILES, scenarioId } from './lib/scenarios.mjs';
import { median, summariseLatencies } from './lib/stats.mjs';
import { RESULT_PREFIX } from './lib/worker-protocol.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = resolve(benchDir, '..');
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'write-docs': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
    repetitions: { type: 'string' },
    sizes: { type: 'string' },
  },
});
const quick = flags.quick;
const only = flags.only
  ? flags.only
      .split(',')
      .map(scenarioId)
      .filter((id) => id.toUpperCase() !== 'IMPORT')
  : Object.keys(SCENARIO_FILES);
/** `--sizes P2=1000/10000,P5=1000/10000`: run those scenarios at these sizes instead. */
const sizeOverrides = new Map(
  (flags.sizes ?? '')
    .split(',')
    .filter(Boolean)
    .map((entry) => {
      const [id = '', list = ''] = entry.split('=');
      return [scenarioId(id), list.split('/').map((size) => Number(size.replaceAll('_', '')))];
    }),
);
/** `--repetitions 3` for every scenario, or `--repetitions P5=1,P2=3` for some. */
const repetitionOverrides = new Map(
  (flags.repetitions ?? '')
    .split(',')
    .filter(Boolean)
    .map((entry) => (entry.includes('=') ? entry.split('=') : ['*', entry]))
    .map(([id = '', count = '']) => [id === '*' ? id : scenarioId(id), Number(count)]),
);
const dataDir = join(benchDir, '.data');
mkdirSync(dataDir, { recursive: true });

const sdkPath = join(rootDir, 'packages/sdk/dist/index.js');
let sdk;
let sdkProblem;
try {
  sdk = await import(pathToFileURL(sdkPath).href);
} catch (error) {
  sdkProblem = `SDK build not loadable (${sdkPath}): ${error instanceof Error ? error.message : String(error)}`;
  console.error(`! ${sdkProblem}`);
}

const machine = describeMachine();
console.log(
  `KAMkit bench${quick ? ' (quick)' : ''} — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}`,
);

const startedAt = new Date();
const scenarioResults = [];
let disagreements = 0;
for (const id of only) {
  const scenario = await loadScenario(id);
  const missing = sdk
    ? scenario.requires.filter((name) => typeof sdk[name] !== 'function')
    : scenario.requires;
  const unavailable =
    sdkProblem ?? (missing.length > 0 ? `not available: SDK lacks ${missing.join(', ')}` : undefined);
  const sizes = sizeOverrides.get(id) ?? (quick ? scenario.sizes.quick : scenario.sizes.full);
  console.log(`\n${scenario.id} ${scenario.title}`);
  if (unavailable) console.log(`  ours: ${unavailable}`);
  const runs = [];
  for (const size of sizes) {
    // The SDK only when ours can run: a scenario may build its store fixture here, outside the measured processes.
    if (scenario.prepare) await scenario.prepare({ size, quick, dataDir, ...(unavailable ? {} : { sdk }) });
    const common = {
      scenario: id,
      size,
      quick,
      dataDir,
      sdkUrl: pathToFileURL(sdkPath).href,
      repetitions:
        repetitionOverrides.get(id) ?? repetitionOverrides.get('*') ?? scenario.repetitions(size, quick),
      warmup: scenario.warmup(size, quick),
    };
    const baseline = await runSide({ ...common, side: 'baseline' });
    const ours = unavailable ? { error: unavailable } : await runSide({ ...common, side: 'ours' });
    let problems = [];
    if (ours.fingerprint !== undefined && baseline.fingerprint !== undefined) {
      problems = scenario.compare(ours.fingerprint, baseline.fingerprint);
      if (problems.length > 0) {
        disagreements++;
        console.error(`  !! ${id} n=${size}: ours and the baseline DISAGREE — no ratio reported:`);
        for (const problem of problems.slice(0, 20)) console.error(`     ${problem}`);
      } else console.log(`  ${id} n=${size}: results agree with the baseline`);
    }
    runs.push({ size, ours: summarise(ours), baseline: summarise(baseline), problems });
  }
  scenarioResults.push({
    ranAt: startedAt.toISOString(),
    sizesGiven: sizeOverrides.has(id),
    id: scenario.id,
    title: scenario.title,
    unit: scenario.unit,
    headlineSize: scenario.headlineSize,
    target: scenario.target,
    oursLabel: scenario.ours.label,
    baselineLabel: scenario.baseline.label,
    notes: scenario.notes ?? [],
    runs,
  });
}

// Cold import time and heap of the SDK's entry points (fresh process each), with --only IMPORT or a full list.
let importCost;
const measureImports =
  !flags.only || flags.only.split(',').some((id) => id.trim().toUpperCase() === 'IMPORT');
if (measureImports) {
  if (sdkProblem) console.log(`\nIMPORT cold import cost: ${sdkProblem}`);
  else {
    importCost = await measureImportCost({ sdkDist: dirname(sdkPath), repetitions: quick ? 3 : 7 });
    console.log(`\n${renderImportCost(importCost)}`);
  }
}

const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  quick,
  machine,
  scenarios: [...keptResults(), ...scenarioResults].sort((a, b) => a.id.localeCompare(b.id)),
  omitted: [],
  ...(importCost ? { importCost } : {}),
};
const rows = buildRows(report);
console.log(`\n${renderText(report, rows)}`);

const resultsDir = join(benchDir, 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwrote ${join('bench', 'results', 'latest.json')}`);
if (flags['write-docs']) {
  const docsPath = join(rootDir, 'docs/benchmarks.md');
  const current = existsSync(docsPath) ? readFileSync(docsPath, 'utf8') : undefined;
  writeFileSync(docsPath, replaceResultsBlock(current, renderMarkdown(report, rows)));
  console.log('wrote docs/benchmarks.md');
}
if (disagreements > 0) {
  console.error(`\n${disagreements} scenario size(s) where ours and the baseline disagree: see above.`);
  process.exitCode = 1;
}

/**
 * With `--keep`: the scenarios of the previous `bench/results/latest.json`
 * that this run did not measure (same quick/full mode), so one scenario can
 * be re-measured without losing the others' rows.
 */
function keptResults() {
  const previousPath = join(benchDir, 'results', 'latest.json');
  if (!flags.keep || !existsSync(previousPath)) return [];
  const previous = JSON.parse(readFileSync(previousPath, 'utf8'));
  if (previous.quick !== quick) return [];
  return previous.scenarios
    .filter((scenario) => !only.includes(scenario.id))
    .map((scenario) => ({ ranAt: previous.startedAt, ...scenario }));
}

/**
 * Median, repetitions, peak memory and (P3) request latencies and event-loop
 * delay of one side, and its separately measured window (P3: while a refresh
 * runs), or its error.
 */
function summarise(side) {
  if (side.error) return { error: side.error };
  return {
    medianMs: median(side.times),
    timesMs: side.times,
    maxRssKb: side.maxRssKb,
    ...(side.latencies ? { latency: summariseLatencies(side.latencies) } : {}),
    ...(side.eventLoop ? { eventLoop: summariseEventLoop(side.eventLoop) } : {}),
    ...(side.window ? { window: summariseWindow(side.window) } : {}),
    ...(side.note ? { note: side.note } : {}),
  };
}

/** A side's extra window: its label, length, request latencies, event-loop delay and the peak RSS before it. */
function summariseWindow(window) {
  return {
    label: window.label,
    durationMs: window.durationMs,
    ...(window.latenciesMs ? { latency: summariseLatencies([window.latenciesMs]) } : {}),
    ...(window.eventLoopDelay ? { eventLoop: window.eventLoopDelay } : {}),
    maxRssBeforeKb: window.maxRssBeforeKb,
    ...(window.note ? { note: window.note } : {}),
  };
}

/**
 * Run one side in a child process; resolve with its result line, or `{ error }`.
 *
 * @param {Record<string, unknown>} options
 */
function runSide(options) {
  return new Promise((resolvePromise) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--max-old-space-size=12288',
        // BENCH_CPU_PROF=<folder>: each side's process writes a V8 CPU profile there (what limits a scenario).
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
        join(benchDir, 'lib/worker.mjs'),
        JSON.stringify(options),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderrTail = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderrTail = `${stderrTail}${chunk}`.slice(-2000);
    });
    child.on('close', (code) => {
      const line = stdout.split('\n').find((text) => text.startsWith(RESULT_PREFIX));
      if (code === 0 && line) {
        resolvePromise(JSON.parse(line.slice(RESULT_PREFIX.length)));
        return;
      }
      const lastLine = stderrTail.trim().split('\n').filter(Boolean).at(-1) ?? '';
      resolvePromise({ error: `failed (exit ${code}): ${lastLine}` });
    });
  });
}

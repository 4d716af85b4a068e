// Probe (issue: the bot's event loop during a refresh): the event-loop delay while `refreshMonth`
// runs with the worker compute on a COPY of a store with stored results, the longest stalls and
// the phase they fall in. Usage: node bench/refresh-loop-probe.mjs <.kamkit folder to copy> [sdk dist]
// The folder is copied to a scratch folder first; it is never opened in place.

import { cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { peakRssKb } from './lib/peak-rss.mjs';

const source = process.argv[2];
if (!source) throw new Error('usage: node bench/refresh-loop-probe.mjs <.kamkit folder> [sdk dist]');
const sdkDir = process.argv[3] ?? new URL('../packages/sdk/dist', import.meta.url).pathname;
// SLOW_STATEMENTS=40: also list the embedded database's statements that took longer than 40 ms
// (the bot's thread runs each one), grouped by their first words.
const slowMs = Number(process.env.SLOW_STATEMENTS ?? Number.NaN);
const slow = new Map();
if (Number.isFinite(slowMs)) {
  const { PGlite } = await import(
    new URL('../node_modules/.pnpm/node_modules/@electric-sql/pglite/dist/index.js', import.meta.url).href
  );
  const timed = (target, name) => {
    const original = target[name];
    target[name] = async function (sql, ...rest) {
      const start = performance.now();
      try {
        return await original.call(this, sql, ...rest);
      } finally {
        const ms = performance.now() - start;
        if (ms > slowMs) {
          const key = String(sql).replace(/\s+/g, ' ').trim().slice(0, 90);
          const entry = slow.get(key) ?? { n: 0, total: 0, max: 0 };
          entry.n += 1;
          entry.total += ms;
          entry.max = Math.max(entry.max, ms);
          slow.set(key, entry);
        }
      }
    };
  };
  for (const name of ['query', 'exec']) timed(PGlite.prototype, name);
  // A transaction's statements go through the transaction object it hands out.
  const transaction = PGlite.prototype.transaction;
  PGlite.prototype.transaction = function (work, ...rest) {
    return transaction.call(
      this,
      (tx) => {
        for (const name of ['query', 'exec']) timed(tx, name);
        return work(tx);
      },
      ...rest,
    );
  };
}
const sdk = await import(`${sdkDir}/index.js`);
const { createWorkerCompute } = await import(`${sdkDir}/index.js`);
const dir = `${tmpdir()}/kamkit-refresh-loop-probe-${process.pid}`;
rmSync(dir, { recursive: true, force: true });
cpSync(source, dir, { recursive: true });
const store = await sdk.openStore({ dataDir: `${dir}/db` });
const workerCompute = createWorkerCompute();
if (!workerCompute) throw new Error('no worker');
const phases = [];
const mark = (name, start) =>
  phases.push({ name, from: Math.round(start - t0), to: Math.round(performance.now() - t0) });
let lastIn, lastOut;
const compute = async (...args) => {
  lastIn = args[0];
  const s = performance.now();
  const r = await workerCompute(...args);
  lastOut = r;
  mark('compute(worker)+receive', s);
  return r;
};
for (const name of [
  'aggregate',
  'aggregateColumns',
  'paymentTotals',
  'listInteractions',
  'listAlerts',
  'listAccounts',
  'listTierAssignments',
  'listContacts',
  'listTasks',
  'transaction',
]) {
  const original = store[name].bind(store);
  store[name] = async (...args) => {
    const s = performance.now();
    const r = await original(...args);
    mark(name, s);
    return r;
  };
}
for (const name of ['compactDataChanges', 'dataGeneration']) {
  const original = store.results[name].bind(store.results);
  store.results[name] = async (...args) => {
    const s = performance.now();
    const r = await original(...args);
    mark(name, s);
    return r;
  };
}
// Warm up a read so the open itself is not measured.
await store.results.monthMeta('2026-10');
const histogram = monitorEventLoopDelay({ resolution: 5 });
const stalls = [];
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  if (now - last > 25) stalls.push({ at: Math.round(now - t0), ms: Math.round(now - last - 5) });
  last = now;
}, 5);
// The process's memory each second: where the peak falls, and how much of it is this thread's heap.
const memory = [];
const sampler = setInterval(() => {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  memory.push({ at: Math.round(performance.now() - t0), rss, heapUsed, external, arrayBuffers });
}, 1_000);
const t0 = performance.now();
histogram.enable();
const outcome = await sdk.refreshMonth({ store, policies: sdk.defaultPolicies(), month: '2026-10', compute });
histogram.disable();
clearInterval(timer);
clearInterval(sampler);
const mb = (bytes) => Math.round(bytes / 1e6);
const peak = memory.reduce((best, sample) => (sample.rss > best.rss ? sample : best), memory[0]);
const phaseAt = (at) => phases.filter((p) => p.from <= at && at <= p.to).map((p) => p.name);
const total = performance.now() - t0;
const ms = (ns) => Math.round(ns / 1e6);
stalls.sort((a, b) => b.ms - a.ms);
console.log(
  JSON.stringify({
    status: outcome.status,
    accounts: outcome.accounts,
    totalMs: Math.round(total),
    // The process's peak resident memory (this thread, the worker and PGlite).
    peakRssMb: Math.round(peakRssKb() / 1024),
    // The sampled peak: this thread's heap, memory outside it (PGlite's, byte arrays), and the phase.
    sampledPeak: {
      at: peak.at,
      rssMb: mb(peak.rss),
      heapMb: mb(peak.heapUsed),
      externalMb: mb(peak.external),
      arrayBuffersMb: mb(peak.arrayBuffers),
      phases: phaseAt(peak.at),
    },
    maxHeapMb: mb(Math.max(...memory.map((sample) => sample.heapUsed))),
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    samples: histogram.count,
    byPhase: phases
      .map((p) => ({
        name: p.name,
        over50: stalls.filter((x) => x.ms > 50 && x.at > p.from && x.at <= p.to + 5).map((x) => x.ms),
      }))
      .filter((p) => p.over50.length > 0)
      .map(
        (p) =>
          `${p.name}: n=${p.over50.length} median=${p.over50.sort((a, b) => a - b)[p.over50.length >> 1]}`,
      ),
    phases,
    over50: stalls.filter((s) => s.ms > 50).length,
    longest: stalls.slice(0, 15),
  }),
);
if (slow.size > 0)
  console.log(
    JSON.stringify(
      [...slow]
        .sort((a, b) => b[1].total - a[1].total)
        .slice(0, 15)
        .map(([sql, { n, total, max }]) => ({
          sql,
          n,
          meanMs: Math.round(total / n),
          maxMs: Math.round(max),
        })),
      null,
      1,
    ),
  );
const clone = (label, v) => {
  const s = performance.now();
  structuredClone(v);
  return [label, Math.round(performance.now() - s)];
};
if (process.env.CLONES)
  console.log(
    JSON.stringify([
      clone('inputs', lastIn),
      clone('inputs.aggregates', lastIn.aggregates),
      clone('inputs.history', lastIn.history),
      clone('out.accounts', lastOut.accounts),
      clone('out.portfolio', lastOut.portfolio),
      clone('out.agendas', lastOut.agendas),
      clone('out.tierHistory', lastOut.tierHistory),
      ['portfolioJson', JSON.stringify(lastOut.portfolio).length],
      ['agendasJson', JSON.stringify(lastOut.agendas).length],
    ]),
  );
await store.close();
rmSync(dir, { recursive: true, force: true });

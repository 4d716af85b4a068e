import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildRows,
  judgeTarget,
  measuredLines,
  RESULTS_END,
  RESULTS_START,
  renderMarkdown,
  replaceResultsBlock,
} from './report.mjs';

const machine = { cpu: 'Test CPU', cores: 2, memoryGb: 4, os: 'Linux', node: 'v20.0.0' };

function reportWith(runs, target = { kind: 'time', maxRatio: 0.5, maxRssMb: 600, text: '≤ 0.5 ×' }) {
  return {
    startedAt: '2026-11-23T12:00:00.000Z',
    finishedAt: '2026-11-23T12:03:00.000Z',
    quick: true,
    machine,
    omitted: [{ id: 'P3', reason: 'no Slack bot yet' }],
    scenarios: [
      {
        id: 'P1',
        title: 'Score',
        unit: 'accounts',
        headlineSize: 1000,
        target,
        oursLabel: 'ours',
        baselineLabel: 'DuckDB',
        notes: [],
        runs,
      },
    ],
  };
}

describe('judgeTarget', () => {
  it('meets a time target at or under the ratio and the memory cap', () => {
    const target = { kind: 'time', maxRatio: 0.5, maxRssMb: 600 };
    assert.deepEqual(judgeTarget(target, { medianMs: 50, maxRssKb: 500 * 1024 }, { medianMs: 100 }), {
      met: true,
      why: '',
    });
    const slow = judgeTarget(target, { medianMs: 60, maxRssKb: 700 * 1024 }, { medianMs: 100 });
    assert.equal(slow.met, false);
    assert.match(slow.why, /time 0\.60× > 0\.5×/);
    assert.match(slow.why, /RSS 700 MB > 600 MB/);
  });
  it('judges a throughput target as baseline time over our time', () => {
    const target = { kind: 'throughput', minThroughputRatio: 0.8 };
    assert.equal(judgeTarget(target, { medianMs: 125 }, { medianMs: 100 }).met, true);
    assert.equal(judgeTarget(target, { medianMs: 126 }, { medianMs: 100 }).met, false);
  });
  it('does not judge when a side has no time', () => {
    assert.equal(judgeTarget({ kind: 'time', maxRatio: 1 }, {}, { medianMs: 10 }), undefined);
  });
});

describe('buildRows', () => {
  it('prints the ratio, judges the headline size only, and shows per-item scaling', () => {
    const rows = buildRows(
      reportWith([
        {
          size: 100,
          ours: { medianMs: 1, maxRssKb: 1024 },
          baseline: { medianMs: 4, maxRssKb: 2048 },
          problems: [],
        },
        {
          size: 1000,
          ours: { medianMs: 20, maxRssKb: 1024 },
          baseline: { medianMs: 50, maxRssKb: 2048 },
          problems: [],
        },
      ]),
    );
    assert.equal(rows[0][4], '0.25×');
    assert.equal(rows[0][5], '–');
    assert.equal(rows[1][4], '0.40×');
    assert.equal(rows[1][5], 'met');
    assert.equal(rows[1][10], '2.00×');
  });
  it('never prints a ratio when the results disagree or our side is missing', () => {
    const rows = buildRows(
      reportWith([
        { size: 1000, ours: { medianMs: 1 }, baseline: { medianMs: 4 }, problems: ['tier A: 1 vs 2'] },
        {
          size: 2000,
          ours: { error: 'not available: SDK lacks scoreColumns' },
          baseline: { medianMs: 4 },
          problems: [],
        },
      ]),
    );
    assert.equal(rows[0][4], '–');
    assert.equal(rows[0][5], 'RESULTS DISAGREE');
    assert.equal(rows[1][2], 'not available');
    assert.equal(rows[1][4], '–');
  });
});

describe('a latency scenario (P3)', () => {
  const target = { kind: 'latency', percentile: 99, maxRatio: 2, text: 'p99 ≤ 2 ×' };
  const side = (p50Ms, p99Ms) => ({
    medianMs: 5000,
    maxRssKb: 1024,
    latency: { count: 500, p50Ms, p99Ms, maxMs: p99Ms },
  });

  it('is judged on the p99 ratio, not the repetition time', () => {
    assert.deepEqual(judgeTarget(target, side(30, 80), side(10, 40)), { met: true, why: '' });
    const missed = judgeTarget(target, side(12, 90), side(10, 40));
    assert.equal(missed.met, false);
    assert.match(missed.why, /p99 2\.25× > 2×/);
    assert.equal(judgeTarget(target, { medianMs: 5000 }, side(10, 40)), undefined);
  });
  it('shows p99 and p50 per side, the p99 ratio, and how our p99 grows with the store', () => {
    const report = reportWith(
      [
        { size: 100, ours: side(20, 60), baseline: side(10, 40), problems: [] },
        { size: 1000, ours: side(25, 90), baseline: side(10, 40), problems: [] },
      ],
      target,
    );
    const rows = buildRows(report);
    assert.equal(rows[0][2], 'p99 60 ms · p50 20 ms');
    assert.equal(rows[0][3], 'p99 40 ms · p50 10 ms');
    assert.equal(rows[0][4], '1.50× (p99)');
    assert.equal(rows[0][5], '–');
    assert.equal(rows[1][4], '2.25× (p99)');
    assert.equal(rows[1][5], 'missed (p99 2.25× > 2×)');
    assert.equal(rows[1][8], '–');
    assert.equal(rows[1][10], '1.50× (p99)');
  });
  it('puts what each side noted about its run (the first reply) in the docs block', () => {
    const report = reportWith(
      [
        {
          size: 1000,
          ours: { ...side(20, 60), note: 'first card: 4.2 s' },
          baseline: side(10, 40),
          problems: [],
        },
      ],
      target,
    );
    assert.match(renderMarkdown(report, buildRows(report)), /- P1 at 1k accounts, ours: first card: 4\.2 s/);
  });
  it('prints no ratio when the replies disagree', () => {
    const rows = buildRows(
      reportWith(
        [{ size: 1000, ours: side(20, 60), baseline: side(10, 40), problems: ['ours: 3 of 500 replies…'] }],
        target,
      ),
    );
    assert.equal(rows[0][4], '–');
    assert.equal(rows[0][5], 'RESULTS DISAGREE');
  });
});

describe('the docs block', () => {
  const report = reportWith([
    { size: 1000, ours: { medianMs: 20 }, baseline: { medianMs: 50 }, problems: [] },
  ]);
  const block = renderMarkdown(report, buildRows(report));

  it('describes the machine and names the omitted scenario', () => {
    assert.match(block, /Test CPU, 2 cores, 4 GB RAM/);
    assert.match(block, /P3 is not in the table: no Slack bot yet/);
  });
  it('replaces only the generated block and keeps the hand-written text', () => {
    const document = `# Benchmarks\n\nintro\n\n${RESULTS_START}\nold\n${RESULTS_END}\n\n## Notes\nkept\n`;
    const updated = replaceResultsBlock(document, block);
    assert.ok(updated.startsWith('# Benchmarks\n\nintro\n\n'));
    assert.ok(updated.endsWith('\n\n## Notes\nkept\n'));
    assert.ok(!updated.includes('\nold\n'));
    assert.equal(replaceResultsBlock(updated, block), updated);
  });
  it('starts a document, or appends the block, when there is none', () => {
    assert.ok(replaceResultsBlock(undefined, block).startsWith('# Benchmarks\n\n<!-- bench:results:start'));
    assert.ok(replaceResultsBlock('# Mine\n', block).startsWith('# Mine\n\n<!-- bench:results:start'));
  });
  it('says which scenarios were measured when, only when a --keep merge mixes runs', () => {
    const one = { startedAt: '2026-11-23T15:00:00.000Z', scenarios: [{ id: 'P1' }, { id: 'P2' }] };
    assert.deepEqual(measuredLines(one), []);
    const merged = {
      startedAt: '2026-11-23T15:40:00.000Z',
      scenarios: [
        { id: 'P1', ranAt: '2026-11-23T15:00:10.000Z' },
        { id: 'P2', ranAt: '2026-11-23T15:00:50.000Z' },
        { id: 'P3', ranAt: '2026-11-23T15:41:00.000Z' },
      ],
    };
    assert.deepEqual(measuredLines(merged), [
      'Measured in separate runs: P1, P2 at 2026-11-23 15:00 UTC; P3 at 2026-11-23 15:41 UTC.',
      '',
    ]);
  });
});

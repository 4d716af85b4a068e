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
  it("judges our RSS against the baseline's and our event-loop p99, also in the refresh window", () => {
    const full = {
      ...target,
      maxRssOverBaselineMb: 200,
      maxEventLoopP99Ms: 50,
    };
    const withLoop = (p99Ms, windowP99Ms, maxRssKb = 300 * 1024) => ({
      ...side(20, 60),
      maxRssKb,
      eventLoop: { resolutionMs: 5, samples: 3000, p99Ms, maxMs: 80, perRepetition: [] },
      window: {
        label: 'refresh window',
        durationMs: 9000,
        eventLoop: { resolutionMs: 5, samples: 1800, p50Ms: 1, p99Ms: windowP99Ms, maxMs: 90 },
      },
    });
    const baselineSide = { ...side(10, 40), maxRssKb: 128 * 1024 };
    assert.deepEqual(judgeTarget(full, withLoop(12, 49), baselineSide), { met: true, why: '' });
    const missed = judgeTarget(full, withLoop(51, 63, 400 * 1024), baselineSide);
    assert.equal(missed.met, false);
    assert.equal(
      missed.why,
      'RSS 400 MB > 128 MB + 200 MB, event-loop p99 51 ms > 50 ms, event-loop p99 63 ms > 50 ms (refresh window)',
    );
    const onlyTheRefresh = judgeTarget(full, withLoop(3, 120), baselineSide);
    assert.equal(onlyTheRefresh.why, 'event-loop p99 120 ms > 50 ms (refresh window)');
    assert.equal(judgeTarget(full, side(20, 60), baselineSide), undefined);
  });
  it('lists the event-loop delay of each side and the refresh window in the notes', () => {
    const eventLoop = (p99Ms, maxMs) => ({
      resolutionMs: 5,
      samples: 2000,
      p99Ms,
      maxMs,
      perRepetition: [
        { p99Ms, maxMs },
        { p99Ms: 1, maxMs: 2 },
        { p99Ms: 1, maxMs: 2 },
      ],
    });
    const report = reportWith(
      [
        {
          size: 1000,
          ours: {
            ...side(20, 60),
            maxRssKb: 400 * 1024,
            eventLoop: eventLoop(3.2, 41),
            window: {
              label: 'refresh window',
              durationMs: 12_300,
              latency: { count: 300, p50Ms: 25, p99Ms: 140, maxMs: 150 },
              eventLoop: { resolutionMs: 5, samples: 2400, p50Ms: 0.1, p99Ms: 35, maxMs: 61 },
              maxRssBeforeKb: 300 * 1024,
              note: 'results of generation 4 → 5',
            },
            note: 'first card: 0.2 s',
          },
          baseline: { ...side(10, 40), eventLoop: eventLoop(0.8, 9) },
          problems: [],
        },
      ],
      target,
    );
    const block = renderMarkdown(report, buildRows(report));
    assert.match(
      block,
      /- P1 at 1k accounts, ours: event-loop delay p99 3\.20 ms, max 41 ms \(worst of 3 repetitions; 2000 samples, one per 5 ms when the loop is free\); first card: 0\.2 s/,
    );
    assert.match(block, /- P1 at 1k accounts, baseline: event-loop delay p99 0\.80 ms, max 9\.00 ms/);
    assert.match(
      block,
      /- P1 at 1k accounts, ours, refresh window \(12\.30 s\): event-loop delay p99 35 ms, max 61 ms \(2400 samples, one per 5 ms when the loop is free\); 300 requests p99 140 ms · p50 25 ms; peak RSS 300 MB before it, 400 MB over the whole run; results of generation 4 → 5/,
    );
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

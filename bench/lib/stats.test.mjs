import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom, randomTools } from './random.mjs';
import {
  formatCount,
  formatDuration,
  formatPerItem,
  markdownTable,
  median,
  percentile,
  summariseLatencies,
  textTable,
} from './stats.mjs';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even count', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
  it('is not moved by one slow outlier', () => {
    assert.equal(median([10, 11, 12, 10, 900]), 11);
  });
  it('is NaN for no values', () => {
    assert.ok(Number.isNaN(median([])));
  });
});

describe('percentile', () => {
  it('takes the nearest rank: p99 of 100 values is the 99th smallest, of 500 the 495th', () => {
    const hundred = Array.from({ length: 100 }, (_, index) => 100 - index);
    assert.equal(percentile(hundred, 99), 99);
    assert.equal(percentile(hundred, 50), 50);
    assert.equal(percentile(hundred, 100), 100);
    const fiveHundred = Array.from({ length: 500 }, (_, index) => index + 1);
    assert.equal(percentile(fiveHundred, 99), 495);
  });
  it('is always one of the values, and never below the median for p ≥ 50', () => {
    const random = createRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 50) }, () => Math.round(random() * 1000));
      const p = 50 + random() * 50;
      assert.ok(values.includes(percentile(values, p)));
      assert.ok(percentile(values, p) >= median(values) || values.length % 2 === 0);
      assert.ok(percentile(values, p) <= Math.max(...values));
    }
  });
  it('is NaN for no values', () => {
    assert.ok(Number.isNaN(percentile([], 99)));
  });
});

describe('summariseLatencies', () => {
  it('pools every repetition for p50 / p99 / max and keeps each repetition’s own', () => {
    const fast = Array.from({ length: 100 }, () => 10);
    const slow = [...Array.from({ length: 97 }, () => 10), 400, 500, 900];
    const summary = summariseLatencies([fast, slow]);
    assert.equal(summary.count, 200);
    assert.equal(summary.p50Ms, 10);
    // Pooled: the 198th of 200 values; the slow repetition alone: its 99th of 100.
    assert.equal(summary.p99Ms, 400);
    assert.equal(summary.maxMs, 900);
    assert.deepEqual(summary.perRepetition, [
      { p50Ms: 10, p99Ms: 10 },
      { p50Ms: 10, p99Ms: 500 },
    ]);
  });
});

describe('formatting', () => {
  it('formats durations, counts and time per item', () => {
    assert.equal(formatDuration(812.4), '812 ms');
    assert.equal(formatDuration(3410), '3.41 s');
    assert.equal(formatDuration(125_000), '2 min 05 s');
    assert.equal(formatCount(1_000_000), '1M');
    assert.equal(formatCount(3_240_000), '3.24M');
    assert.equal(formatCount(10_000), '10k');
    assert.equal(formatPerItem(1000, 1_000_000), '1000 ns');
    assert.equal(formatPerItem(100_000, 1_000_000), '100.0 µs');
  });
  it('escapes pipes in Markdown cells and pads text columns', () => {
    assert.equal(markdownTable(['a'], [['x|y']]), '| a |\n|---|\n| x\\|y |');
    assert.equal(textTable(['id', 'n'], [['P1', '10']]), 'id  n \n--  --\nP1  10');
  });
});

describe('random data', () => {
  it('gives the same sequence for the same seed on every run', () => {
    const first = createRandom(42);
    const second = createRandom(42);
    for (let index = 0; index < 100; index++) assert.equal(first(), second());
  });
  it('draws fine uniforms in (0, 1) that do not tie over a hundred thousand draws', () => {
    const tools = randomTools(createRandom(7));
    const seen = new Set();
    for (let index = 0; index < 100_000; index++) {
      const value = tools.fine();
      assert.ok(value > 0 && value < 1);
      seen.add(value);
    }
    assert.equal(seen.size, 100_000);
  });
});

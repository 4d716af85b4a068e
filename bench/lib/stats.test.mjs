import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom, randomTools } from './random.mjs';
import { formatCount, formatDuration, formatPerItem, markdownTable, median, textTable } from './stats.mjs';

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

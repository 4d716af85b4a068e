import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { summariseEventLoop, watchEventLoop } from './event-loop.mjs';

/** Keep the event loop busy for `ms` milliseconds. */
function block(ms) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else runs on this thread meanwhile
  }
}

describe('watchEventLoop', () => {
  it('records a blocked loop as a delay of about the time it was blocked', async () => {
    const watch = watchEventLoop(5);
    await sleep(50);
    block(120);
    await sleep(50);
    const delay = watch.stop();
    assert.ok(delay.samples >= 3, `${delay.samples} samples`);
    assert.ok(delay.maxMs >= 100, `max ${delay.maxMs} ms`);
    // The delay is what exceeds the sampling interval: a 120 ms block is not reported as 125 ms or more.
    assert.ok(delay.maxMs < 120 + 5 + 100, `max ${delay.maxMs} ms`);
    assert.ok(delay.p50Ms < delay.maxMs);
  });
  it('ends the window at stop: a later block is not counted', async () => {
    const watch = watchEventLoop(5);
    await sleep(60);
    const delay = watch.stop();
    block(150);
    await sleep(20);
    assert.deepEqual(watch.stop(), delay);
    assert.ok(delay.maxMs < 150, `max ${delay.maxMs} ms`);
  });
});

describe('summariseEventLoop', () => {
  it("takes the worst repetition's p99, the largest delay and all samples", () => {
    const summary = summariseEventLoop([
      { resolutionMs: 5, samples: 900, p50Ms: 0.2, p99Ms: 4, maxMs: 30 },
      { resolutionMs: 5, samples: 1000, p50Ms: 0.3, p99Ms: 9, maxMs: 12 },
    ]);
    assert.deepEqual(summary, {
      resolutionMs: 5,
      samples: 1900,
      p99Ms: 9,
      maxMs: 30,
      perRepetition: [
        { p99Ms: 4, maxMs: 30 },
        { p99Ms: 9, maxMs: 12 },
      ],
    });
    assert.equal(summariseEventLoop([]), undefined);
  });
});

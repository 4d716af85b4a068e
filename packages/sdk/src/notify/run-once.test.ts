import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/index.js';
import { runOnce } from './run-once.js';

describe('runOnce', () => {
  it('runs once per key; a second call is skipped as already done', async () => {
    const store = createMemoryStore();
    let runs = 0;
    const work = async () => ++runs;
    expect(await runOnce({ store, key: 'k' }, work)).toEqual({ status: 'done', value: 1 });
    expect(await runOnce({ store, key: 'k' }, work)).toEqual({ status: 'skipped', reason: 'already-done' });
    expect(runs).toBe(1);
  });

  it('two concurrent callers (replicas) on one store: exactly one runs', async () => {
    const store = createMemoryStore();
    let runs = 0;
    const work = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => runOnce({ store, key: 'job' }, work)));
    expect(runs).toBe(1);
    expect(results.filter((result) => result.status === 'done')).toHaveLength(1);
    expect(
      results.filter((result) => result.status === 'skipped' && result.reason === 'in-progress'),
    ).toHaveLength(4);
  });

  it('a failed run is retried once its lease expires', async () => {
    let clock = 0;
    const now = () => new Date(clock);
    const store = createMemoryStore({ clock: now });
    await expect(
      runOnce({ store, key: 'x', now, leaseMs: 1000 }, async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(await runOnce({ store, key: 'x', now, leaseMs: 1000 }, async () => 1)).toEqual({
      status: 'skipped',
      reason: 'in-progress',
    });
    clock += 1001;
    expect(await runOnce({ store, key: 'x', now, leaseMs: 1000 }, async () => 2)).toEqual({
      status: 'done',
      value: 2,
    });
  });
});

import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isPartMessage, PartsReceiver, postInParts } from './message-parts.js';

describe('posting between threads in parts', () => {
  it('puts the object back together exactly, and the posting thread gets turns of its loop between parts', async () => {
    const { port1, port2 } = new MessageChannel();
    const value = {
      asOf: '2026-10',
      aggregates: Array.from({ length: 1_003 }, (_, index) => ({
        accountId: `a-${index}`,
        revenueFen: index,
      })),
      history: [] as unknown[],
      users: [{ id: 'u-1', name: '李经理' }],
    };
    const received = new Promise<typeof value>((resolve) => {
      const parts = new PartsReceiver<typeof value>();
      port2.on('message', (message: unknown) => {
        if (!isPartMessage(message)) return;
        const whole = parts.accept(message);
        if (whole !== undefined) resolve(whole);
      });
    });
    let messages = 0;
    let turns = 0;
    const timer = setInterval(() => {
      turns++;
    }, 0);
    try {
      await postInParts(
        {
          postMessage: (message) => {
            messages++;
            port1.postMessage(message);
          },
        },
        value,
        { aggregates: 100, history: 100, missing: 5 },
        () => new Promise((resolve) => setTimeout(resolve, 1)),
      );
      expect(await received).toEqual(value);
    } finally {
      clearInterval(timer);
      port1.close();
    }
    // 11 slices of the aggregates (none of the empty history), then the rest.
    expect(messages).toBe(12);
    expect(turns).toBeGreaterThanOrEqual(5);
    // The sender's object is left as it was.
    expect(value.aggregates).toHaveLength(1_003);
  });

  it('receives one object after another, none mixing with the one before', () => {
    const parts = new PartsReceiver<{ rows: number[] }>();
    expect(parts.accept({ kind: 'part', field: 'rows', items: [1, 2] })).toBeUndefined();
    expect(parts.accept({ kind: 'whole', value: { rows: [] } })).toEqual({ rows: [1, 2] });
    expect(parts.accept({ kind: 'whole', value: { rows: [] } })).toEqual({ rows: [] });
    expect(isPartMessage({ kind: 'ack' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { createSendQueue, type OutgoingMessage } from './send-queue.js';

/** A fake clock: sleeping moves it, so paced sends take no real time. */
function fakeClock(start = '2026-11-05T01:00:00Z') {
  let at = new Date(start).getTime();
  const sleeps: number[] = [];
  return {
    now: () => new Date(at),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      at += ms;
    },
    advance: (ms: number) => {
      at += ms;
    },
    sleeps,
  };
}

describe('createSendQueue', () => {
  it('sends in order, one at a time, at least the interval apart', async () => {
    const clock = fakeClock();
    const sent: { conversationId: string; text: string; at: number }[] = [];
    const queue = createSendQueue({
      send: async (conversationId, text) => {
        sent.push({ conversationId, text, at: clock.now().getTime() });
      },
      intervalMs: 2_000,
      now: clock.now,
      sleep: clock.sleep,
    });
    const outcomes = await Promise.all([
      queue.enqueue('room@chatroom', '一'),
      queue.enqueue('wxid_a', '二'),
      queue.enqueue('room@chatroom', '三'),
    ]);
    expect(outcomes).toEqual(['sent', 'sent', 'sent']);
    expect(sent.map((message) => message.text)).toEqual(['一', '二', '三']);
    expect(sent[1]!.at - sent[0]!.at).toBe(2_000);
    expect(sent[2]!.at - sent[1]!.at).toBe(2_000);
    // A message after a quiet spell goes at once.
    clock.advance(60_000);
    await queue.enqueue('wxid_a', '四');
    expect(clock.sleeps).toEqual([2_000, 2_000]);
    expect(queue.sentToday()).toBe(4);
  });

  it('drops what is over the daily cap until the next day in Asia/Shanghai', async () => {
    const clock = fakeClock('2026-11-05T15:00:00Z'); // 23:00 in Shanghai
    const dropped: [OutgoingMessage, string][] = [];
    const sent: string[] = [];
    const queue = createSendQueue({
      send: async (_id, text) => {
        sent.push(text);
      },
      intervalMs: 1_000,
      dailyCap: 2,
      now: clock.now,
      sleep: clock.sleep,
      onDrop: (message, outcome) => dropped.push([message, outcome]),
    });
    expect(await Promise.all(['a', 'b', 'c'].map((text) => queue.enqueue('r@chatroom', text)))).toEqual([
      'sent',
      'sent',
      'capped',
    ]);
    expect(dropped).toEqual([[{ conversationId: 'r@chatroom', text: 'c' }, 'capped']]);
    clock.advance(3_600_000); // 00:00 the next day in Shanghai
    expect(await queue.enqueue('r@chatroom', 'd')).toBe('sent');
    expect(sent).toEqual(['a', 'b', 'd']);
    expect(queue.sentToday()).toBe(1);
  });

  it('reports a failed send and goes on; stop drops what waits', async () => {
    const clock = fakeClock();
    const failures: unknown[] = [];
    const queue = createSendQueue({
      send: async (_id, text) => {
        if (text === 'bad') throw new Error('network');
      },
      intervalMs: 10,
      now: clock.now,
      sleep: clock.sleep,
      onDrop: (_message, outcome, error) => failures.push([outcome, (error as Error | undefined)?.message]),
    });
    expect(await Promise.all([queue.enqueue('x', 'bad'), queue.enqueue('x', 'good')])).toEqual([
      'failed',
      'sent',
    ]);
    queue.stop();
    expect(await queue.enqueue('x', 'late')).toBe('stopped');
    expect(failures).toEqual([
      ['failed', 'network'],
      ['stopped', undefined],
    ]);
  });

  it('refuses a cap below one', () => {
    expect(() => createSendQueue({ send: async () => undefined, dailyCap: 0 })).toThrow(/dailyCap/u);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../cli/demo.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { type ChatEngine, type ChatEngineOptions, createChatEngine } from './engine.js';
import { linkPlatformUser } from './identity.js';
import type { Reply } from './replies.js';

const TTL = 60_000;
let clock = new Date('2026-11-05T02:00:00Z');
const now = () => clock;
let base: Store;

/** The demo store, with each figures load (`listComplaints` is read once per load) counted and controllable. */
function controlledStore() {
  let loads = 0;
  let gate: Promise<void> | undefined;
  let failure: Error | undefined;
  const store = new Proxy(base, {
    get(target, property, receiver) {
      if (property !== 'listComplaints') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<Store['listComplaints']>) => {
        loads++;
        if (gate) await gate;
        if (failure) throw failure;
        return target.listComplaints(...args);
      };
    },
  });
  return {
    store,
    loads: () => loads,
    /** Hold every load until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}

function engineOver(store: Store, extra: Partial<ChatEngineOptions> = {}): ChatEngine {
  return createChatEngine({ store, asOf: () => '2026-10', now, sourceTtlMs: TTL, ...extra });
}

let counter = 0;
async function sender(chat: ChatEngine) {
  const platformUser = { platform: 'test', platformUserId: `cache-${++counter}` };
  await linkPlatformUser(base, platformUser, 'u-am-11');
  return async (text: string) => (await chat.handle({ ...platformUser, text })).replies;
}

function cardName(replies: Reply[]): string {
  const reply = replies[0]!;
  if (reply.kind !== 'account-card') throw new Error(`expected a card, got ${JSON.stringify(reply)}`);
  return reply.card.name;
}

/** Change the account's short name (what its card is headed with). */
async function rename(shortName: string): Promise<void> {
  const account = (await base.getAccount('acc-0007'))!;
  await base.putAccount({ ...account, shortName }, { actor: 'test' });
}

/** Let finished background work (the reload's swap) run. */
async function settle(): Promise<void> {
  for (let index = 0; index < 20; index++) await new Promise((resolve) => setImmediate(resolve));
}

beforeAll(async () => {
  base = createMemoryStore({ clock: now });
  await runDemo({ store: base, locale: 'zh-CN', asOf: '2026-10', write: () => undefined });
}, 60_000);

describe("the engine's figures (stale-while-revalidate)", () => {
  it('shares one first load between concurrent first requests', async () => {
    const control = controlledStore();
    const send = await sender(engineOver(control.store));
    const release = control.hold();
    const answers = Promise.all([send('查询 acc-0007'), send('查询 acc-0007'), send('status acc-0007')]);
    await settle();
    expect(control.loads()).toBe(1);
    release();
    const names = (await answers).map(cardName);
    expect(names).toEqual(['华瑞化工', '华瑞化工', '华瑞化工']);
    expect(control.loads()).toBe(1);
  });

  it('after the TTL answers at once from the old figures, reloads once in the background, then shows the new ones', async () => {
    const control = controlledStore();
    const send = await sender(engineOver(control.store));
    const start = clock;
    try {
      expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
      await rename('华瑞集团');
      // Within the TTL: the cached figures, no load.
      clock = new Date(start.getTime() + TTL - 1);
      expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
      expect(control.loads()).toBe(1);
      // After the TTL, with the reload held: every request is answered from the old figures.
      clock = new Date(start.getTime() + TTL + 1);
      const release = control.hold();
      expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
      expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
      expect(control.loads()).toBe(2); // one reload, not one per request
      release();
      await settle();
      expect(cardName(await send('查询 acc-0007'))).toBe('华瑞集团');
      expect(control.loads()).toBe(2);
    } finally {
      clock = start;
      await rename('华瑞化工');
    }
  });

  it('keeps answering when a reload fails, reports it, and retries on the next request', async () => {
    const control = controlledStore();
    const errors: [unknown, string][] = [];
    const send = await sender(
      engineOver(control.store, { onSourceError: (error, month) => errors.push([error, month]) }),
    );
    const start = clock;
    try {
      expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
      await rename('华瑞集团');
      clock = new Date(start.getTime() + TTL + 1);
      control.failWith(new Error('database unavailable'));
      expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
      await settle();
      expect(errors.map(([error, month]) => [(error as Error).message, month])).toEqual([
        ['database unavailable', '2026-10'],
      ]);
      // Still the old figures; this request starts the next attempt, which succeeds.
      control.failWith(undefined);
      expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
      await settle();
      expect(control.loads()).toBe(3);
      expect(cardName(await send('查询 acc-0007'))).toBe('华瑞集团');
      expect(errors).toHaveLength(1);
    } finally {
      clock = start;
      control.failWith(undefined);
      await rename('华瑞化工');
    }
  });

  it('a failed first load is an error for that request and is tried again by the next', async () => {
    const control = controlledStore();
    const send = await sender(engineOver(control.store));
    control.failWith(new Error('database unavailable'));
    await expect(send('查询 acc-0007')).rejects.toThrow('database unavailable');
    control.failWith(undefined);
    expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
    expect(control.loads()).toBe(2);
  });

  it('with sourceTtlMs 0 loads for every request and waits for it', async () => {
    const control = controlledStore();
    const send = await sender(engineOver(control.store, { sourceTtlMs: 0 }));
    await send('查询 acc-0007');
    await rename('华瑞集团');
    try {
      expect(cardName(await send('查询 acc-0007'))).toBe('华瑞集团');
      expect(control.loads()).toBe(2);
    } finally {
      await rename('华瑞化工');
    }
  });
});

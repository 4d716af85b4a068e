import { beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../cli/demo.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { type ChatEngine, type ChatEngineOptions, createChatEngine } from './engine.js';
import { linkPlatformUser } from './identity.js';
import type { Reply } from './replies.js';

const TTL = 60_000;
const clock = new Date('2026-11-05T02:00:00Z');
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

/** A fresh demo store for each test: stored results are per store. */
async function freshBase(): Promise<void> {
  base = createMemoryStore({ clock: now });
  await runDemo({ store: base, locale: 'zh-CN', asOf: '2026-10', write: () => undefined });
}

beforeAll(freshBase, 60_000);

function notes(replies: Reply[]): string[] {
  return replies.slice(1).flatMap((reply) => (reply.kind === 'text' ? [reply.text.en] : []));
}

describe("the engine's stored results", () => {
  it('computes a month once when nothing is stored, shared by concurrent first requests', async () => {
    await freshBase();
    const control = controlledStore();
    const send = await sender(engineOver(control.store));
    const release = control.hold();
    const answers = Promise.all([send('查询 acc-0007'), send('查询 acc-0007'), send('status acc-0007')]);
    await settle();
    expect(control.loads()).toBe(1);
    release();
    const replies = await answers;
    expect(replies.map(cardName)).toEqual(['华瑞化工', '华瑞化工', '华瑞化工']);
    expect(replies.map(notes)).toEqual([[], [], []]);
    // Stored: later cards read one row, no figures load.
    expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
    expect(control.loads()).toBe(1);
  });

  it('after a write answers at once from the stored results, says they are refreshing, and refreshes them', async () => {
    await freshBase();
    const send = await sender(engineOver(base));
    expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
    await rename('华瑞集团');
    const stale = await send('查询 acc-0007');
    expect(cardName(stale)).toBe('华瑞化工');
    expect(notes(stale)).toEqual([
      expect.stringMatching(/^as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\+8\); refreshing$/u),
    ]);
    // The background refresh finishes; the next card is the new one, with no note.
    for (let attempt = 0; attempt < 200; attempt++) {
      const freshness = await base.results.monthMeta('2026-10');
      if (freshness && freshness.dataGeneration === (await base.results.dataGeneration())) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const fresh = await send('查询 acc-0007');
    expect(cardName(fresh)).toBe('华瑞集团');
    expect(notes(fresh)).toEqual([]);
  });

  it('asks the refresh jobs, when given, instead of refreshing itself', async () => {
    await freshBase();
    const requested: string[] = [];
    const send = await sender(engineOver(base, { refresh: { request: (month) => requested.push(month) } }));
    await send('查询 acc-0007');
    await rename('华瑞集团');
    const stale = await send('查询 acc-0007');
    expect(cardName(stale)).toBe('华瑞化工');
    expect(notes(stale)).toHaveLength(1);
    expect(requested).toEqual(['2026-10']);
    await settle();
    expect(await base.results.dataGeneration()).not.toBe(
      (await base.results.monthMeta('2026-10'))?.dataGeneration,
    );
  });

  it('tells when to ask again about an account added since the month was computed, and shows its card once refreshed', async () => {
    await freshBase();
    const send = await sender(engineOver(base));
    expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
    const owned = (await base.getAccount('acc-0007'))!;
    await base.putAccount(
      {
        id: 'acc-new',
        name: '新锐物流有限公司',
        shortName: '新锐物流',
        division: owned.division,
        ownerA: 'u-am-11',
        ownerB: null,
      },
      { actor: 'test' },
    );
    const first = await send('查询 新锐物流');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: 'text' });
    const text = first[0]!.kind === 'text' ? first[0]!.text : { 'zh-CN': '', en: '' };
    expect(text['zh-CN']).toMatch(/^新锐物流.*之后新增的客户，它的结果正在计算，请稍后再问。$/u);
    expect(text.en).toMatch(/ask again in a moment\.$/u);
    for (let attempt = 0; attempt < 200; attempt++) {
      const meta = await base.results.monthMeta('2026-10');
      if (meta && meta.dataGeneration === (await base.results.dataGeneration())) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(cardName(await send('查询 新锐物流'))).toBe('新锐物流');
  });

  it('a failed first computation is an error for that request and is tried again by the next', async () => {
    await freshBase();
    const control = controlledStore();
    const send = await sender(engineOver(control.store));
    control.failWith(new Error('database unavailable'));
    await expect(send('查询 acc-0007')).rejects.toThrow('database unavailable');
    control.failWith(undefined);
    expect(cardName(await send('查询 acc-0007'))).toBe('华瑞化工');
    expect(control.loads()).toBe(2);
  });
});

describe("the engine's account reports", () => {
  function reportName(replies: Reply[]): string {
    const reply = replies[0]!;
    if (reply.kind !== 'account-report') throw new Error(`expected a report, got ${JSON.stringify(reply)}`);
    return reply.report.name;
  }

  it('read the account by index: no whole-portfolio load, and a change shows at once', async () => {
    await freshBase();
    const control = controlledStore();
    const send = await sender(engineOver(control.store));
    expect(reportName(await send('报告 acc-0007'))).toBe('华瑞化工');
    await rename('华瑞集团');
    expect(reportName(await send('报告 acc-0007'))).toBe('华瑞集团');
    expect(control.loads()).toBe(0);
  });
});

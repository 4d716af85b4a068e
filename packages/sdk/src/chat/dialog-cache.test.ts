import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../cli/demo.js';
import { createMemoryStore } from '../store/memory-store.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { isProcessLocalStore } from './dialog-cache.js';
import { createChatEngine } from './engine.js';
import { linkedUserId, linkPlatformUser, unlinkPlatformUser } from './identity.js';
import type { Reply } from './replies.js';

let pglite: Store;
/** `pglite` with every getDialog key recorded. */
let store: Store;
const dialogReads: string[] = [];
let counter = 0;

beforeAll(async () => {
  pglite = await openStore({ dataDir: 'memory://' });
  await runDemo({ store: pglite, locale: 'zh-CN', asOf: '2026-10', write: () => undefined });
  store = new Proxy(pglite, {
    get(target, property, receiver) {
      if (property === 'getDialog')
        return (key: string) => {
          dialogReads.push(key);
          return target.getDialog(key);
        };
      return Reflect.get(target, property, receiver);
    },
  });
}, 120_000);

afterAll(async () => {
  await pglite?.close();
});

function readsOf(key: string): number {
  return dialogReads.filter((read) => read === key).length;
}

describe('isProcessLocalStore', () => {
  it('is true for the embedded PGlite store only: not the memory store, not a transaction', async () => {
    expect(isProcessLocalStore(pglite)).toBe(true);
    expect(isProcessLocalStore(createMemoryStore())).toBe(false);
    expect(await pglite.transaction(async (tx) => isProcessLocalStore(tx))).toBe(false);
  });
});

describe('platform links on the embedded store', () => {
  it('are read from the store once, and every link, relink and unlink is seen at once', async () => {
    const user = { platform: 'test', platformUserId: `links-${++counter}` };
    const key = `chat:link:test:${user.platformUserId}`;
    expect(await linkedUserId(store, user)).toBeUndefined();
    await linkPlatformUser(store, user, 'u-am-11');
    expect(await linkedUserId(store, user)).toBe('u-am-11');
    expect(await linkedUserId(store, user)).toBe('u-am-11');
    const reads = readsOf(key);
    expect(await linkedUserId(store, user)).toBe('u-am-11');
    expect(readsOf(key)).toBe(reads);

    await linkPlatformUser(store, user, 'u-ceo');
    expect(await linkedUserId(store, user)).toBe('u-ceo');
    await unlinkPlatformUser(store, user);
    expect(await linkedUserId(store, user)).toBeUndefined();
    // Written through a transaction's store object: the cache of the outer one drops its copy too.
    await store.transaction((tx) => linkPlatformUser(tx, user, 'u-am-11'));
    expect(await linkedUserId(store, user)).toBe('u-am-11');
    await store.transaction((tx) => unlinkPlatformUser(tx, user));
    expect(await linkedUserId(store, user)).toBeUndefined();
  });

  it('are not kept for the memory store', async () => {
    const memory = createMemoryStore();
    const user = { platform: 'test', platformUserId: 'memory-user' };
    await linkPlatformUser(memory, user, 'u-1');
    // Written behind the SDK's back: a store that is not cached sees it.
    await memory.deleteDialog('chat:link:test:memory-user');
    expect(await linkedUserId(memory, user)).toBeUndefined();
  });
});

describe('the chat engine on the embedded store', () => {
  const chat = () => createChatEngine({ store, asOf: () => '2026-10', sourceTtlMs: 3_600_000 });
  let engine: ReturnType<typeof chat>;
  beforeAll(() => {
    engine = chat();
  });

  async function as(userId: string) {
    const platformUser = { platform: 'test', platformUserId: `engine-${++counter}` };
    await linkPlatformUser(store, platformUser, userId);
    const send = async (text: string, messageId = `m-${++counter}`) =>
      engine.handle({ ...platformUser, text, messageId });
    return { platformUser, send, question: `chat:dialog:test:${platformUser.platformUserId}:question` };
  }

  /** The answer's kind; a note that the month's stored results are refreshing may follow it. */
  function kindOf(replies: Reply[]): string {
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(replies.slice(1).every((reply) => reply.kind === 'text')).toBe(true);
    expect(replies.length).toBeLessThanOrEqual(2);
    return replies[0]!.kind;
  }

  it('reads a user with no pending question once, not on every message', async () => {
    const { send, question } = await as('u-am-11');
    for (let index = 0; index < 3; index++)
      expect(kindOf((await send('查询 华瑞化工')).replies)).toBe('account-card');
    expect(readsOf(question)).toBe(1);
  }, 60_000);

  it('still asks, takes the number once, and then forgets the question', async () => {
    const { send, question } = await as('u-ceo');
    expect(kindOf((await send('查询 华瑞化工')).replies)).toBe('account-card');
    const asked = (await send('查询 嘉新')).replies;
    expect(kindOf(asked)).toBe('question');
    // The pending question is read from the store, however often "none" was read before.
    expect(kindOf((await send('1')).replies)).toBe('account-card');
    const again = (await send('1')).replies[0]!;
    expect(again.kind).toBe('text');
    expect(JSON.stringify(again)).toContain('did not understand');
    // A question left unanswered is dropped by the next command, and not asked again.
    expect(kindOf((await send('查询 嘉新')).replies)).toBe('question');
    expect(kindOf((await send('查询 华瑞化工')).replies)).toBe('account-card');
    expect(JSON.stringify((await send('1')).replies)).toContain('did not understand');
    expect(readsOf(question)).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('refuses an unlinked user and a frozen user on their very next message', async () => {
    const { platformUser, send } = await as('u-am-11');
    expect(kindOf((await send('查询 华瑞化工')).replies)).toBe('account-card');
    await unlinkPlatformUser(store, platformUser);
    const unlinked = await send('查询 华瑞化工');
    expect(unlinked.userId).toBeNull();
    expect(JSON.stringify(unlinked.replies)).toContain('not linked');

    const frozenUser = await as('u-am-12');
    expect(kindOf((await frozenUser.send('help')).replies)).toBe('text');
    const user = (await store.getUser('u-am-12'))!;
    await store.putUser({ ...user, status: 'frozen' }, { actor: 'test' });
    try {
      const refused = (await frozenUser.send('help')).replies[0]!;
      expect(refused.kind).toBe('error');
      expect(refused.kind === 'error' && refused.code).toBe('FORBIDDEN');
    } finally {
      await store.putUser(user, { actor: 'test' });
    }
  }, 60_000);

  it('answers a repeated message id once, also after a restart of the engine', async () => {
    const { send } = await as('u-am-11');
    const first = await send('查询 华瑞化工', 'repeated-1');
    expect(first.duplicate).toBe(false);
    expect(kindOf(first.replies)).toBe('account-card');
    expect(await send('查询 华瑞化工', 'repeated-1')).toEqual({ replies: [], duplicate: true, userId: null });
    const restarted = chat();
    const again = await restarted.handle({
      platform: 'test',
      platformUserId: 'someone-else',
      text: '查询 华瑞化工',
      messageId: 'repeated-1',
    });
    expect(again.duplicate).toBe(true);
  }, 60_000);
});

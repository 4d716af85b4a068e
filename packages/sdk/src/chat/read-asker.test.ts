import { describe, expect, it } from 'vitest';
import { type User, UserSchema } from '../domain/user.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { createChatEngine } from './engine.js';
import { linkPlatformUser, readAsker } from './identity.js';

const SYSTEM = { actor: 'system' };
const li: User = UserSchema.parse({
  id: 'u-li',
  name: '李经理',
  role: 'account-manager',
  division: 'east',
  locale: 'zh-CN',
});

/** A store with Li, linked in the terminal; reads of users counted. */
async function withLi() {
  const base = createMemoryStore();
  await base.putUser(li, SYSTEM);
  await linkPlatformUser(base, { platform: 'terminal', platformUserId: 'li' }, 'u-li');
  let userReads = 0;
  const store = new Proxy(base, {
    get(target, property, receiver) {
      if (property !== 'getUser') return Reflect.get(target, property, receiver);
      return (id: string) => {
        userReads++;
        return target.getUser(id);
      };
    },
  }) as Store;
  return { base, store, userReads: () => userReads };
}

describe('the asker of a message', () => {
  it('is read once per data generation: a second message reads only the generation', async () => {
    const { store, userReads } = await withLi();
    const first = await readAsker(store, 'u-li');
    const second = await readAsker(store, 'u-li');
    expect(second).toEqual(first);
    expect(first.user?.name).toBe('李经理');
    expect(userReads()).toBe(1);
  });

  it('is read again once any write moves the generation: a freeze acts on the next message', async () => {
    const { base, store, userReads } = await withLi();
    const chat = createChatEngine({ store });
    const ask = (text: string) => chat.handle({ platform: 'terminal', platformUserId: 'li', text });
    expect((await ask('help')).replies[0]?.kind).not.toBe('error');
    expect((await ask('帮助')).replies[0]?.kind).not.toBe('error');
    expect(userReads()).toBe(1);
    await base.putUser({ ...li, status: 'frozen' }, SYSTEM);
    const refused = await ask('help');
    expect(refused.replies[0]).toMatchObject({ kind: 'error', code: 'FORBIDDEN' });
    expect(userReads()).toBe(2);
  });

  it('is what the channel read for the message when it says so: neither the user nor the generation is read again', async () => {
    const { base, store, userReads } = await withLi();
    const chat = createChatEngine({ store });
    const asker = await readAsker(base, 'u-li');
    const result = await chat.handle({
      platform: 'terminal',
      platformUserId: 'li',
      text: 'help',
      ...(asker.user ? { user: asker.user } : {}),
      dataGeneration: asker.dataGeneration,
    });
    expect(result.userId).toBe('u-li');
    expect(userReads()).toBe(0);
  });
});

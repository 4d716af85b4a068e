import { describe, expect, it } from 'vitest';
import type { Account } from '../domain/account.js';
import type { User } from '../domain/user.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { createChatEngine } from './engine.js';
import { findAccounts } from './find-accounts.js';
import { linkPlatformUser } from './identity.js';
import type { Reply } from './replies.js';

const SYSTEM = { actor: 'system' };
const head: User = {
  id: 'u-dh',
  name: '董部长',
  role: 'division-head',
  division: 'east',
  status: 'active',
  supervisorId: null,
  locale: 'zh-CN',
} as User;

const account = (index: number, division = 'east'): Account =>
  ({
    id: `acc-${String(index).padStart(5, '0')}`,
    name: `东方客户${index}`,
    aliases: [],
    parentId: null,
    type: 'soe',
    flags: [],
    attributes: {},
    division,
    ownerA: null,
    ownerB: null,
  }) as Account;

/**
 * A division head of 1,500 accounts (and 20 in another division), their lists read counted;
 * `duringList` runs right after a list is read (a write landing in the middle of a turn).
 */
async function divisionHead(duringList?: (base: Store) => Promise<void>) {
  const base = createMemoryStore();
  await base.putUser(head, SYSTEM);
  await base.putAccounts(
    [
      ...Array.from({ length: 1_500 }, (_, index) => account(index)),
      ...Array.from({ length: 20 }, (_, index) => account(5_000 + index, 'west')),
    ],
    SYSTEM,
  );
  let lists = 0;
  const store = new Proxy(base, {
    get(target, property, receiver) {
      if (property !== 'listAccounts') return Reflect.get(target, property, receiver);
      return (...args: Parameters<Store['listAccounts']>) => {
        if (args[0]?.division === undefined) return target.listAccounts(...args);
        lists++;
        return target.listAccounts(...args).then(async (rows) => {
          await duringList?.(base);
          return rows;
        });
      };
    },
  });
  const chat = createChatEngine({ store, asOf: () => '2026-10' });
  const sender = { platform: 'test', platformUserId: 'dh-1' };
  await linkPlatformUser(base, sender, head.id);
  let message = 0;
  const ask = async (text: string): Promise<Reply> =>
    (await chat.handle({ ...sender, text, messageId: `m-${++message}` })).replies[0]!;
  return { base, ask, lists: () => lists };
}

const options = (reply: Reply): string[] => {
  if (reply.kind !== 'question') throw new Error(`expected a question, got ${JSON.stringify(reply)}`);
  return reply.options.map((option) => String(option.label['zh-CN']));
};

/** What a fresh read of the asker's accounts would offer for `query` (the first nine, as the question shows). */
async function expected(base: Store, query: string): Promise<string[]> {
  return findAccounts(await base.listAccounts({ division: 'east' }), query)
    .slice(0, 9)
    .map((found) => found.name);
}

describe('account lookup from the names kept per asker', () => {
  it('matches from the names kept until a write, then from the accounts as they are now', async () => {
    const { base, ask, lists } = await divisionHead();
    expect(options(await ask('status 客户14'))).toEqual(await expected(base, '客户14'));
    const read = lists();
    expect(read).toBe(1);
    // From the names kept: the same answers, the list not read again.
    expect(options(await ask('status 客户14'))).toEqual(await expected(base, '客户14'));
    expect(options(await ask('status 客户99'))).toEqual(await expected(base, '客户99'));
    expect((await ask('status 东方客户42')).kind).toBe('account-card');
    expect(await ask('status 华夏新名')).toMatchObject({ kind: 'error', code: 'NOT_FOUND' });
    expect(lists()).toBe(read);

    // Two accounts renamed, one moved to the other division: the next question sees all three at once.
    await base.putAccounts(
      [
        { ...account(7), name: '华夏新名甲' },
        { ...account(8), name: '华夏新名乙' },
        { ...account(14), division: 'west' },
      ],
      SYSTEM,
    );
    expect(options(await ask('status 华夏新名'))).toEqual(['华夏新名甲', '华夏新名乙']);
    expect(lists()).toBe(read + 1);
    expect(options(await ask('status 客户14'))).toEqual(await expected(base, '客户14'));
    expect(options(await ask('status 客户14'))).not.toContain('东方客户14');
    expect(await ask('status 东方客户5001')).toMatchObject({ kind: 'error', code: 'NOT_FOUND' });
  });

  it('a write landing while the names are read is seen by the next question', async () => {
    let renamed = false;
    const { ask, lists } = await divisionHead(async (base) => {
      if (renamed) return;
      renamed = true;
      await base.putAccounts([{ ...account(3), name: '华夏改名' }], SYSTEM);
    });
    // The names were read before the rename landed: this question cannot know it yet…
    expect(await ask('status 华夏改名')).toMatchObject({ kind: 'error', code: 'NOT_FOUND' });
    // …the next one reads them again and finds it.
    expect((await ask('status 华夏改名')).kind).toBe('account-card');
    expect(lists()).toBe(2);
  });

  it('a frozen asker is refused at once, not answered from the names kept', async () => {
    const { base, ask } = await divisionHead();
    for (let round = 0; round < 3; round++) options(await ask('status 客户14'));
    await base.putUser({ ...head, status: 'frozen' }, SYSTEM);
    const refused = await ask('status 客户14');
    expect(refused.kind).toBe('error');
    expect(refused).not.toMatchObject({ code: 'NOT_FOUND' });
  });
});

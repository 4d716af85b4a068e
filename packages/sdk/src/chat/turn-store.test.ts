import { describe, expect, it } from 'vitest';
import { scopeStore } from '../access/scoped-store.js';
import { type Account, AccountSchema } from '../domain/account.js';
import { type User, UserSchema } from '../domain/user.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { turnStore } from './turn-store.js';

const SYSTEM = { actor: 'system' };
const manager = (id: string): User =>
  UserSchema.parse({ id, name: id, role: 'account-manager', division: 'east', locale: 'zh-CN' });
const account = (id: string, ownerA: string): Account =>
  AccountSchema.parse({ id, name: `客户${id}`, division: 'east', ownerA });

/** Li's account `a-li` with a contact and a survey answer, Wang's `a-wang`; reads of the base store counted. */
async function portfolio() {
  const base = createMemoryStore();
  for (const id of ['u-li', 'u-wang']) await base.putUser(manager(id), SYSTEM);
  await base.putAccounts([account('a-li', 'u-li'), account('a-wang', 'u-wang')], SYSTEM);
  for (const accountId of ['a-li', 'a-wang'])
    await base.putContact({ id: 'k1', accountId, name: '张总', role: 'decision-maker' }, SYSTEM);
  await base.putSurveyResponse(
    {
      id: 'r1',
      accountId: 'a-li',
      surveyId: 'standard',
      answers: { overall: 5 },
      channel: 'chat',
      respondedAt: '2026-10-12T02:00:00.000Z',
      recordedBy: 'u-li',
    },
    SYSTEM,
  );
  const reads: string[] = [];
  const store = new Proxy(base, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || !/^(get|list)/u.test(property))
        return value;
      return (...args: unknown[]) => {
        reads.push(property);
        return Reflect.apply(value, target, args);
      };
    },
  }) as Store;
  return { store, reads };
}

describe('a chat turn’s store', () => {
  it('serves the card’s reads of an account read ahead: the account, its contacts and survey answers, once', async () => {
    const { store, reads } = await portfolio();
    const turn = turnStore(store, 'u-li', undefined);
    const scoped = scopeStore(turn.store, 'u-li');
    await turn.readAhead('a-li');
    expect(reads).toEqual(['getAccountRecords']);
    reads.length = 0;
    const seen = await scoped.getAccount('a-li');
    const contacts = await scoped.listContacts('a-li');
    const answers = await scoped.listSurveyResponses({ accountIds: ['a-li'] });
    expect(seen.name).toBe('客户a-li');
    expect(contacts.map((contact) => contact.name)).toEqual(['张总']);
    expect(answers.map((answer) => answer.id)).toEqual(['r1']);
    // Only the asker was read, once; the account, contacts and answers came from the read ahead.
    expect(reads).toEqual(['getUser']);
  });

  it('still refuses an account the asker may not see: read ahead or not, it is not found', async () => {
    const { store } = await portfolio();
    const turn = turnStore(store, 'u-li', undefined);
    const scoped = scopeStore(turn.store, 'u-li');
    await turn.readAhead('a-wang');
    await turn.readAhead('a-none');
    for (const id of ['a-wang', 'a-none']) {
      await expect(scoped.getAccount(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(scoped.listContacts(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await scoped.listSurveyResponses({ accountIds: [id] })).toEqual([]);
      expect(await scoped.listAccounts({ ids: [id] })).toEqual([]);
    }
  });

  it('lets the reading go when the turn writes: a read after the write sees it', async () => {
    const { store, reads } = await portfolio();
    const turn = turnStore(store, 'u-li', undefined);
    const scoped = scopeStore(turn.store, 'u-li');
    await turn.readAhead('a-li');
    await scoped.putContact({ id: 'k2', accountId: 'a-li', name: '李经理', role: 'key-person' });
    reads.length = 0;
    expect((await scoped.listContacts('a-li')).map((contact) => contact.name)).toEqual(['张总', '李经理']);
    expect(reads).toContain('listContacts');
  });

  it('reads afresh what it did not read ahead, and a new turn reads the asker again', async () => {
    const { store, reads } = await portfolio();
    const first = turnStore(store, 'u-li', undefined);
    await first.readAhead('a-li');
    expect(await first.store.listContacts()).toHaveLength(2); // every contact: not the read-ahead's
    expect(await first.store.listAccounts({ ids: ['a-li', 'a-wang'] })).toHaveLength(2);
    await store.putUser({ ...manager('u-li'), status: 'frozen' }, SYSTEM);
    reads.length = 0;
    await expect(scopeStore(turnStore(store, 'u-li', undefined).store, 'u-li').me()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(reads).toEqual(['getUser']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../access/permissions.js';
import type { Account } from '../domain/account.js';
import { ROLES, type User } from '../domain/user.js';
import { createMemoryStore } from '../store/memory-store.js';
import { principalOf } from './principal.js';

const DIVISIONS = ['east', 'west'] as const;
const USER_IDS = ['u1', 'u2', 'u3'] as const;
const ACCOUNT_IDS = Array.from({ length: 40 }, (_, index) => `A${String(index).padStart(2, '0')}`);

const account = (id: string) =>
  fc
    .record({
      division: fc.constantFrom(...DIVISIONS),
      ownerA: fc.option(fc.constantFrom(...USER_IDS), { nil: null }),
      ownerB: fc.option(fc.constantFrom(...USER_IDS), { nil: null }),
    })
    .map(
      (fields): Account =>
        ({
          id,
          name: `客户${id}`,
          aliases: [],
          parentId: null,
          type: 'soe',
          flags: [],
          attributes: {},
          ...fields,
        }) as Account,
    );

const user = fc
  .record({
    id: fc.constantFrom(...USER_IDS),
    role: fc.constantFrom(...ROLES),
    division: fc.option(fc.constantFrom(...DIVISIONS), { nil: null }),
    status: fc.constantFrom('active' as const, 'frozen' as const),
  })
  .map(
    (fields): User =>
      ({ ...fields, name: fields.id, email: undefined, supervisorId: null, locale: 'zh-CN' }) as User,
  );

describe('principalOf().restrictAccountIds', () => {
  it('cuts a few named accounts exactly as it cuts them against everything in reach', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .uniqueArray(fc.constantFrom(...ACCOUNT_IDS), { maxLength: 30 })
          .chain((ids) => fc.tuple(fc.tuple(...ids.map(account)), fc.constant(ids))),
        user,
        fc.constantFrom(...PERMISSIONS),
        // Named ids: stored or not, repeated or not; short lists take the by-id path, long ones the set.
        fc.array(fc.constantFrom(...ACCOUNT_IDS, 'missing'), { maxLength: 50 }),
        async ([accounts], asker, permission, requested) => {
          const store = createMemoryStore();
          if (accounts.length > 0) await store.putAccounts(accounts, { actor: 'system' });
          const byId = principalOf(store, asker);
          const visible = await principalOf(store, asker).visibleAccountIds(permission);
          const expected = visible === undefined ? requested : requested.filter((id) => visible.has(id));
          expect(await byId.restrictAccountIds(permission, requested)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('asks the store for the named accounts only when a few are named', async () => {
    const store = createMemoryStore();
    await store.putAccounts(
      ACCOUNT_IDS.map(
        (id) =>
          ({
            id,
            name: id,
            aliases: [],
            parentId: null,
            type: 'soe',
            flags: [],
            attributes: {},
            division: 'east',
            ownerA: 'u1',
            ownerB: null,
          }) as Account,
      ),
      { actor: 'system' },
    );
    const asked: unknown[] = [];
    const listAccounts: typeof store.listAccounts = (filter) => {
      asked.push(filter);
      return store.listAccounts(filter);
    };
    const manager = {
      id: 'u1',
      name: '李经理',
      role: 'account-manager',
      division: 'east',
      status: 'active',
      email: undefined,
      supervisorId: null,
      locale: 'zh-CN',
    } as User;
    const principal = principalOf({ getUser: store.getUser, listAccounts }, manager);
    expect(await principal.restrictAccountIds('account.read', ['A01', 'missing'])).toEqual(['A01']);
    expect(asked).toEqual([{ ids: ['A01', 'missing'] }]);
    expect(await principal.restrictAccountIds('account.read', ACCOUNT_IDS)).toEqual(ACCOUNT_IDS);
    expect(asked.at(-1)).toEqual({ ownerId: 'u1' });
  });
});

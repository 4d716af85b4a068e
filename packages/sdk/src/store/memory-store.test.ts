import { describe, expect, it } from 'vitest';
import { AccountSchema } from '../domain/account.js';
import { describeStoreConformance } from './conformance.js';
import { createMemoryStore } from './memory-store.js';

describeStoreConformance('memory', async ({ clock }) => createMemoryStore({ clock }), { propertyRuns: 100 });

describe('createMemoryStore', () => {
  it('has no SQL access', () => {
    expect(createMemoryStore().sql).toBeUndefined();
  });

  it('keeps separate stores apart', async () => {
    const first = createMemoryStore();
    const second = createMemoryStore();
    await first.putAccount(AccountSchema.parse({ id: 'acme', name: 'Acme', division: 'east' }), {
      actor: 'u-li',
    });
    expect(await second.countAccounts()).toBe(0);
  });

  it('restores a roll-up bucket that a failed transaction had added to', async () => {
    const store = createMemoryStore();
    const row = (id: string, amountFen: number, date: string) => ({
      id,
      accountId: 'acme',
      date,
      amountFen,
      category: 'air',
    });
    await store.insertTransactions([row('t1', 100, '2026-10-01')]);
    await expect(
      store.transaction(async (tx) => {
        await tx.insertTransactions([row('t2', 50, '2026-10-20')]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const [bucket] = await store.aggregate();
    expect([bucket?.revenueFen, bucket?.count, bucket?.lastDate]).toEqual([100, 1, '2026-10-01']);
    expect(await store.insertTransactions([row('t2', 50, '2026-10-20')])).toEqual({
      inserted: 1,
      skipped: 0,
    });
  });
});

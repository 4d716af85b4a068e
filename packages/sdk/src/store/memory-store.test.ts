import { describe, expect, it } from 'vitest';
import { AccountSchema } from '../domain/account.js';
import { createMemoryStore } from './memory-store.js';

const account = AccountSchema.parse({ id: 'acme', name: 'Acme 集团', division: 'east' });

describe('createMemoryStore', () => {
  it('returns copies, so editing a returned account does not change the store', async () => {
    const store = createMemoryStore();
    await store.putAccount(account, { actor: 'u-li' });
    const read = await store.getAccount('acme');
    if (!read) throw new Error('account missing');
    read.name = 'changed';
    expect((await store.getAccount('acme'))?.name).toBe('Acme 集团');
  });

  it('restores a bucket of the roll-up that a failed transaction had added to', async () => {
    const store = createMemoryStore();
    await store.insertTransactions([
      { id: 't1', accountId: 'acme', date: '2026-10-01', amountFen: 100, category: 'air' },
    ]);
    await expect(
      store.transaction(async (tx) => {
        await tx.insertTransactions([
          { id: 't2', accountId: 'acme', date: '2026-10-02', amountFen: 50, category: 'air' },
        ]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const rows = await store.aggregate();
    expect(rows.map((row) => [row.revenueFen, row.count, row.lastDate])).toEqual([[100, 1, '2026-10-01']]);
    expect(
      await store.insertTransactions([
        { id: 't2', accountId: 'acme', date: '2026-10-02', amountFen: 50, category: 'air' },
      ]),
    ).toEqual({ inserted: 1, skipped: 0 });
  });
});
